namespace TuneBot.Core.Storage;

/// <summary>
/// The provider's spelling of the few statements the engines do not share (upserts, the current time, a reserved
/// column name, row locks), for stores over the same database that live outside Core (the bot's state).
/// </summary>
public sealed class SqlSpelling
{
    private readonly CatalogDialect _dialect;

    internal SqlSpelling(CatalogDialect dialect) => _dialect = dialect;

    /// <summary><c>INSERT … ON CONFLICT (key) DO NOTHING</c> or its provider's equivalent.</summary>
    public string InsertOrIgnore(string insert, string key) => _dialect.InsertOrIgnore(insert, key);

    /// <summary><c>INSERT … ON CONFLICT (key) DO UPDATE SET assignments</c> or its provider's equivalent.</summary>
    public string Upsert(string insert, string key, string assignments) => _dialect.Upsert(insert, key, assignments);

    /// <summary>The value an upsert tried to insert into <paramref name="column"/>.</summary>
    public string Inserted(string column) => _dialect.Inserted(column);

    /// <summary>An identifier quoted for the provider (a column named <c>key</c>).</summary>
    public string Quote(string identifier) => _dialect.Quote(identifier);

    /// <summary>The server's current UTC time.</summary>
    public string UtcNow => _dialect.UtcNow;

    /// <summary>The server's clock in milliseconds.</summary>
    public string NowMs => _dialect.NowMs;

    /// <summary>The suffix that makes a locking SELECT skip rows another transaction holds ("" where unsupported).</summary>
    public string SkipLocked => _dialect.SkipLocked;

    /// <summary>Whether <c>UPDATE … RETURNING</c> is supported.</summary>
    public bool UpdateReturning => _dialect.UpdateReturning;
}
