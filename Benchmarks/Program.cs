using BenchmarkDotNet.Running;
using TuneBot.Benchmarks;

// Modes:
//   dotnet run -c Release --project Benchmarks -- features [seconds] [repeats]
//       stopwatch timing of FeatureExtractor.Analyze and of each stage on one thread over a clip of `seconds`
//       (default 180) made by looping the 120 BPM reference clip; prints the median of `repeats` (default 5) runs.
//   dotnet run -c Release --project Benchmarks -- dump WAV OUTDIR
//       writes FeatureExtractor's matrices for a mono 16-bit 22050 Hz WAV as librosa-style CSVs (rows = coefficients,
//       columns = frames) for Tests/Tools/compare_with_librosa.py.
//   taskset -c 0 dotnet Benchmarks/bin/Release/net10.0/tunebot-benchmarks.dll emotion [calls] [rounds]
//       per-call latency p50/p99 and allocated bytes of EmotionClassifier.Classify on one thread (default 3000 × 3).
//   dotnet run -c Release --project Benchmarks -- map-layout [tracks…]
//       stopwatch timing of the catalog map's t-SNE and PCA layouts on generated catalogs (default 250 … 3000 tracks).
//   dotnet Benchmarks/bin/Release/net10.0/tunebot-benchmarks.dll theme-stability DB [trials] [seed] [stability|elbow]
//       adds or removes 3 random tracks of the catalog DB per trial and re-clusters (--k auto): k unchanged, share of
//       tracks keeping a theme of the same name (default 20 trials, seed 42, rule stability).
//   dotnet Benchmarks/bin/Release/net10.0/tunebot-benchmarks.dll landmark-overlap DB
//       music the catalog holds twice: 5 s stretches of stored landmarks confidently matched to another track.
//   dotnet Benchmarks/bin/Release/net10.0/tunebot-benchmarks.dll landmarks DB [tracks] [shifts]
//       the landmark stage on a catalog DB: landmarks and bytes per track-minute, index build time and size,
//       fingerprint CPU time per track-minute and per-clip query/lookup time on clean 8 s clips of the first `tracks`
//       tracks (default 20).
//   dotnet run -c Release --project Benchmarks -- [BenchmarkDotNet arguments, e.g. --filter *Feature*]
if (args.Length > 0 && args[0] == "features")
{
    double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 180;
    int repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    FeatureStopwatch.Run(seconds, repeats);
    return;
}
if (args.Length > 0 && args[0] == "emotion")
{
    int calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
    EmotionStopwatch.Run(calls, rounds);
    return;
}
if (args.Length == 3 && args[0] == "dump")
{
    FeatureDump.Write(args[1], args[2]);
    return;
}
if (args.Length > 0 && args[0] == "map-layout")
{
    var sizes = args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    MapLayoutStopwatch.Run(sizes.Count > 0 ? sizes : [250, 500, 1000, 1500, 2000, 3000]);
    return;
}
if (args.Length > 1 && args[0] == "theme-stability")
{
    int trials = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
    int seed = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 42;
    await ThemeStability.RunAsync(args[1], trials, seed, args.Length > 4 ? args[4] : "stability");
    return;
}
if (args.Length > 1 && args[0] == "landmark-overlap")
{
    await LandmarkOverlap.RunAsync(args[1]);
    return;
}
if (args.Length > 1 && args[0] == "landmarks")
{
    await LandmarkStopwatch.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : TuneBot.Core.Similarity.Fingerprints.LandmarkSettings.Default.QueryShifts);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(FeatureBenchmarks).Assembly).Run(args);
