namespace TuneBot.Core.Storage;

/// <summary>
/// A lock every TuneBot process against one catalog agrees on. PostgreSQL names it by a 64-bit advisory key
/// (scoped to the database by the server); MySQL by a string, which the server scopes to nothing, so the
/// dialect adds the database name.
/// </summary>
internal sealed record CatalogLock(string Name, long AdvisoryKey)
{
    // Fixed keys, "TUNE" plus a tag in ASCII, shared by every TuneBot process.
    public static readonly CatalogLock Migration = new("migrate", 0x54554E45_00000001);
    public static readonly CatalogLock Ingest = new("ingest", 0x54554E45_494E4753);
}
