using System.Reflection;
using TuneBot.Tests.Bot.Advice;
using TuneBot.Tests.Core.Storage;
using TuneBot.Tests.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Architecture;

/// <summary>
/// The fast set (<c>--filter "Category!=Integration"</c>) runs without database servers, ffmpeg or the bot's HTTP
/// stand-in: every test that needs one carries <c>[Trait("Category", "Integration")]</c> on its class or method. This
/// checks the markers a newcomer is most likely to forget: storage cases per provider, the ffmpeg-made catalogs, and
/// the end-to-end tests.
/// </summary>
public sealed class IntegrationTraitTests
{
    // Fixtures (class or collection) that ingest audio made or decoded with ffmpeg.
    private static readonly Type[] FfmpegFixtures = [typeof(GeneratedCatalog), typeof(SyntheticCatalog), typeof(AudioMoodCatalog)];

    [Fact]
    public void Every_test_needing_a_server_ffmpeg_or_the_bot_host_is_marked_integration()
    {
        var unmarked = TestMethods()
            .Where(m => NeedsIntegration(m) && !IsIntegration(m))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();
        Assert.True(unmarked.Count == 0, "Missing [Trait(\"Category\", \"Integration\")]:\n" + string.Join("\n", unmarked));
    }

    [Fact]
    public void The_fast_set_is_not_empty()
    {
        // A trait put on everything would make the check above pass and the fast run useless.
        Assert.Contains(TestMethods(), m => !IsIntegration(m));
        Assert.False(IsIntegration(typeof(IntegrationTraitTests).GetMethod(nameof(The_fast_set_is_not_empty))!));
    }

    private static IEnumerable<MethodInfo> TestMethods() =>
        typeof(IntegrationTraitTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    private static bool NeedsIntegration(MethodInfo m)
    {
        var type = m.DeclaringType!;
        return m.GetCustomAttributes<ProviderDataAttribute>().Any()
               || type.Namespace == "TuneBot.Tests.Bot.EndToEnd"
               || type.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => FfmpegFixtures.Contains(p.ParameterType));
    }

    // xunit 2's TraitAttribute keeps its name and value only as constructor arguments: read them from the metadata.
    private static bool IsIntegration(MethodInfo m) =>
        m.CustomAttributes.Concat(m.DeclaringType!.CustomAttributes)
            .Any(a => a.AttributeType == typeof(TraitAttribute)
                      && a.ConstructorArguments is [{ Value: "Category" }, { Value: "Integration" }]);
}
