using System.Collections.Concurrent;
using TuneBot.Bot.Polling;
using Xunit;

namespace TuneBot.Tests.Bot;

public sealed class PollingPartsTests
{
    [Fact]
    public void OffsetStaysBelowTheLowestUnfinishedUpdate()
    {
        var tracker = new OffsetTracker(null);
        Assert.Null(tracker.Offset);
        Assert.True(tracker.TryAccept(5));
        Assert.True(tracker.TryAccept(6));
        Assert.True(tracker.TryAccept(9));
        tracker.Complete(6);
        tracker.Complete(9);
        Assert.Equal(5, tracker.Offset);
        Assert.False(tracker.TryAccept(6));   // redelivered while the offset is held back: already done
        Assert.False(tracker.TryAccept(5));   // still in flight
        tracker.Release(5);                   // failed: keep it unconfirmed, accept its redelivery
        Assert.Equal(5, tracker.Offset);
        Assert.True(tracker.TryAccept(5));
        tracker.Complete(5);
        Assert.Equal(10, tracker.Offset);
        Assert.Equal(0, tracker.Outstanding);
    }

    [Fact]
    public void StoredOffsetIsUsedUntilUpdatesArrive()
    {
        var tracker = new OffsetTracker(42);
        Assert.Equal(42, tracker.Offset);
        Assert.True(tracker.TryAccept(42));
        Assert.Equal(42, tracker.Offset);
        tracker.Complete(42);
        Assert.Equal(43, tracker.Offset);
    }

    [Fact]
    public async Task ChatQueueKeepsPerChatOrderAndBoundsConcurrency()
    {
        var queue = new ChatWorkQueue(maxConcurrency: 3);
        var running = 0;
        var peak = 0;
        var seen = new ConcurrentDictionary<long, ConcurrentQueue<int>>();
        var activePerChat = new ConcurrentDictionary<long, int>();
        var overlapInChat = false;
        for (var i = 0; i < 60; i++)
        {
            var chat = i % 6;
            var n = i;
            queue.Enqueue(chat, async () =>
            {
                if (activePerChat.AddOrUpdate(chat, 1, (_, c) => c + 1) > 1) overlapInChat = true;
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(5);
                seen.GetOrAdd(chat, _ => new()).Enqueue(n);
                Interlocked.Decrement(ref running);
                activePerChat.AddOrUpdate(chat, 0, (_, c) => c - 1);
            });
        }
        await queue.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(overlapInChat);
        Assert.InRange(peak, 2, 3);
        foreach (var (_, order) in seen)
            Assert.Equal(order.OrderBy(x => x), order);
        Assert.Equal(60, seen.Values.Sum(q => q.Count));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
