using TuneBot.Bot.Handlers;

namespace TuneBot.Bot.Transport;

/// <summary>
/// A write-only view of a destination that throws <see cref="FileTooLargeException"/> once more than the cap
/// would be written: the Bot API may hide a file's size (no file_size, no Content-Length), so only the bytes
/// themselves tell.
/// </summary>
public sealed class SizeCappedStream(Stream destination, long capBytes) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Admit(buffer.Length);
        destination.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Admit(buffer.Length);
        await destination.WriteAsync(buffer, ct).ConfigureAwait(false);
    }

    public override void Flush() => destination.Flush();
    public override Task FlushAsync(CancellationToken ct) => destination.FlushAsync(ct);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Admit(int count)
    {
        if (Written + count > capBytes) throw new FileTooLargeException(capBytes, null);
        Written += count;
    }
}
