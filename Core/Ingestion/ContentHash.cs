using System.Security.Cryptography;

namespace TuneBot.Core.Ingestion;

/// <summary>A track's identity: sha256 of the file's bytes, lowercase hex (64 characters).</summary>
public static class ContentHash
{
    /// <summary>Hashes the file at <paramref name="path"/>, streaming (constant memory).</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken ct = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return Convert.ToHexStringLower(hash);
    }
}
