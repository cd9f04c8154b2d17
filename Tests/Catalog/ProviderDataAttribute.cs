using System.Reflection;
using Xunit.Sdk;

namespace TuneBot.Tests.Catalog;

/// <summary>
/// One theory case per storage provider: <c>[ProviderData("sqlite")] [ProviderData("postgres")]</c>. The postgres
/// case is reported as skipped, with the reason, when TUNEBOT_TEST_PG is not set (./test.sh always sets it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProviderDataAttribute(string provider) : DataAttribute
{
    public const string PostgresVariable = "TUNEBOT_TEST_PG";

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[provider]];

    // xunit 2 reads Skip from the attribute instance at discovery, so this decides per case.
    public override string? Skip
    {
        get => provider == "postgres" && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable))
            ? $"{PostgresVariable} is not set: PostgreSQL case skipped (./test.sh starts a throwaway server via scripts/test-postgres.sh)."
            : base.Skip;
        set => base.Skip = value;
    }
}
