using System.Security.Cryptography;
using System.Text.Json;

namespace TuneBot.Core.Emotion;

/// <summary>The parts of models/emotion.json the runtime needs (written by models/training/train.py).</summary>
public sealed record EmotionModelMetadata
{
    /// <summary>Model version, e.g. "emotion-ngram-cnn-ensemble/2".</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Featurizer parameters the model was trained with.</summary>
    public required EmotionFeaturizerOptions Featurizer { get; init; }

    /// <summary>Below this confidence the result says "ask the user".</summary>
    public required float AskThreshold { get; init; }

    /// <summary>sha256 (hex) of the ONNX file the metadata describes.</summary>
    public required string OnnxSha256 { get; init; }

    /// <summary>How the training text uses common emoji, for messages of emoji alone; null when the file has none.</summary>
    public EmojiPrior? EmojiPrior { get; init; }

    /// <summary>
    /// Reads and checks the metadata: labels must be the five in <see cref="EmotionLabels.All"/> order and the
    /// featurizer version the one implemented here. Throws <see cref="EmotionRuntimeException"/>
    /// (ModelMissing / ModelBroken) naming the file.
    /// </summary>
    public static EmotionModelMetadata Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelMissing, path,
                $"emotion model metadata not found at {path}. {EmotionPaths.ModelRemedy}");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray();
            if (!labels.SequenceEqual(EmotionLabels.All.Select(EmotionLabels.Name)))
            {
                throw new InvalidDataException($"labels [{string.Join(",", labels)}] are not happy,sad,angry,anxious,neutral");
            }
            var f = root.GetProperty("featurizer");
            var version = f.GetProperty("version").GetString();
            if (version != EmotionFeaturizerOptions.SupportedVersion)
            {
                throw new InvalidDataException($"featurizer {version} is not the implemented {EmotionFeaturizerOptions.SupportedVersion}");
            }
            var chars = f.GetProperty("char_ngrams");
            var jamo = f.GetProperty("jamo_ngrams");
            var metadata = new EmotionModelMetadata
            {
                ModelVersion = root.GetProperty("model_version").GetString() ?? "",
                AskThreshold = root.GetProperty("ask_threshold").GetSingle(),
                OnnxSha256 = root.GetProperty("onnx").GetProperty("sha256").GetString() ?? "",
                EmojiPrior = root.TryGetProperty("emoji_prior", out var prior) ? EmojiPrior.Parse(prior.GetProperty("emoji")) : null,
                Featurizer = new EmotionFeaturizerOptions
                {
                    Buckets = f.GetProperty("buckets").GetInt32(),
                    MaxCodePoints = f.GetProperty("max_code_points").GetInt32(),
                    MaxFeatures = f.GetProperty("max_features").GetInt32(),
                    MaxRepeat = f.GetProperty("max_repeat").GetInt32(),
                    CharNgramMin = chars[0].GetInt32(),
                    CharNgramMax = chars[1].GetInt32(),
                    JamoNgramMin = jamo[0].GetInt32(),
                    JamoNgramMax = jamo[1].GetInt32(),
                },
            };
            _ = new EmotionFeaturizer(metadata.Featurizer); // validates the parameters
            if (!(metadata.AskThreshold is >= 0f and <= 1f)) throw new InvalidDataException($"ask_threshold {metadata.AskThreshold} is not in 0..1");
            return metadata;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException
                                      or InvalidDataException or FormatException or IndexOutOfRangeException)
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, path,
                $"emotion model metadata {path} is unusable: {e.Message}. {EmotionPaths.ModelRemedy}", e);
        }
    }

    /// <summary>Throws ModelBroken when <paramref name="onnxPath"/> is not the file this metadata describes.</summary>
    public void VerifyModelFile(string onnxPath, string metadataPath)
    {
        string actual;
        using (var s = File.OpenRead(onnxPath))
        {
            actual = Convert.ToHexStringLower(SHA256.HashData(s));
        }
        if (!string.Equals(actual, OnnxSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, onnxPath,
                $"emotion model {onnxPath} (sha256 {actual}) does not match {metadataPath} (sha256 {OnnxSha256}). " +
                EmotionPaths.ModelRemedy);
        }
    }
}
