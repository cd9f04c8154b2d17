using System.Text.Json.Serialization;

namespace TuneBot.CatalogTool.Json;

/// <summary>
/// Source-generated System.Text.Json metadata for everything the catalog tool prints with <c>--json</c>
/// (snake_case names, as the issues specify them). Add a <c>[JsonSerializable]</c> line per new output type.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AnalysisReport))]
public sealed partial class IngestJsonContext : JsonSerializerContext;
