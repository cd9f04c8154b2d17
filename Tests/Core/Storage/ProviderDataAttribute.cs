using System.Reflection;
using Xunit.Sdk;

namespace TuneBot.Tests.Core.Storage;

/// <summary>
/// One theory case per storage provider: <c>[ProviderData("sqlite")] [ProviderData("postgres")] [ProviderData("mysql")]</c>.
/// A server case whose variable (TUNEBOT_TEST_PG, TUNEBOT_TEST_MYSQL) is not set is reported as skipped, with the
/// reason — unless TUNEBOT_TEST_REQUIRE_PROVIDERS=1 (./test.sh sets it): then it runs and fails, because a server
/// that did not start must fail the run rather than quietly leave a provider untested.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProviderDataAttribute(string provider) : DataAttribute
{
    public const string PostgresVariable = "TUNEBOT_TEST_PG";
    public const string MySqlVariable = "TUNEBOT_TEST_MYSQL";
    public const string RequireVariable = "TUNEBOT_TEST_REQUIRE_PROVIDERS";

    /// <summary>The variable holding the test server's connection string; null for SQLite (an embedded file).</summary>
    public static string? ServerVariable(string provider) => provider switch
    {
        "sqlite" => null,
        "postgres" => PostgresVariable,
        "mysql" => MySqlVariable,
        _ => throw new ArgumentException($"Unknown test provider '{provider}' (sqlite, postgres or mysql).", nameof(provider)),
    };

    /// <summary>Whether every provider's server must be there (./test.sh).</summary>
    public static bool ProvidersRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[provider]];

    // xunit 2 reads Skip from the attribute instance at discovery, so this decides per case.
    public override string? Skip
    {
        get => ServerVariable(provider) is { } variable && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable))
               && !ProvidersRequired
            ? $"{variable} is not set: {provider} case skipped (./test.sh starts throwaway servers via scripts/test-postgres.sh and scripts/test-mariadb.sh)."
            : base.Skip;
        set => base.Skip = value;
    }
}
