namespace TuneBot.Core.Storage;

/// <summary>
/// The catalog database cannot be reached or opened (server down, wrong credentials, unwritable file, not a
/// database). <see cref="Exception.Message"/> is one human-readable line naming the database (without any
/// password) and the cause, meant to be printed as is; callers exit with code 1 and no stack trace.
/// </summary>
public sealed class CatalogUnavailableException : Exception
{
    public CatalogUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
