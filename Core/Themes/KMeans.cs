namespace TuneBot.Core.Themes;

/// <summary>Settings of <see cref="KMeans.Fit"/>.</summary>
public sealed record KMeansOptions
{
    /// <summary>Independent k-means++ starts; the lowest-inertia one wins (scikit-learn's n_init, classic default 10).</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>Upper bound on Lloyd iterations per start (scikit-learn's default 300).</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Convergence tolerance, relative: a start stops when the summed squared centroid shift of one iteration is at
    /// most Tolerance × the mean per-feature variance of the data (scikit-learn's definition of tol, default 1e-4),
    /// or when no point changes cluster.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the pseudo-random generator: the same data, k, options and seed give the same result.</summary>
    public int Seed { get; init; }

    /// <summary>How many starts run at once (default: all cores). Does not change the result.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>Outcome of one k-means fit.</summary>
public sealed class KMeansResult
{
    internal KMeansResult(double[][] centroids, int[] assignments, double inertia, int iterations, bool converged)
    {
        Centroids = centroids;
        Assignments = assignments;
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
        Sizes = new int[centroids.Length];
        foreach (var a in assignments) Sizes[a]++;
    }

    /// <summary>Number of clusters.</summary>
    public int K => Centroids.Length;

    /// <summary>k centroids in the space of the input points (k × d).</summary>
    public double[][] Centroids { get; }

    /// <summary>Cluster of each input point, 0 … k−1, in input order.</summary>
    public int[] Assignments { get; }

    /// <summary>Members per cluster.</summary>
    public int[] Sizes { get; }

    /// <summary>Sum of squared distances of the points to their centroids (within-cluster sum of squares).</summary>
    public double Inertia { get; }

    /// <summary>Lloyd iterations of the winning start.</summary>
    public int Iterations { get; }

    /// <summary>Whether the winning start met the tolerance before <see cref="KMeansOptions.MaxIterations"/>.</summary>
    public bool Converged { get; }
}

/// <summary>
/// k-means (Lloyd's algorithm) with greedy k-means++ seeding and several restarts, deterministic for a seed.
/// </summary>
public static class KMeans
{
    /// <summary>
    /// Clusters <paramref name="points"/> (n vectors of equal length d, already standardised) into
    /// <paramref name="k"/> groups (1 ≤ k ≤ n). Cluster ids are canonical: numbered in order of each cluster's
    /// first member, so the same partition always gets the same ids.
    /// </summary>
    public static KMeansResult Fit(IReadOnlyList<double[]> points, int k, KMeansOptions? options = null)
    {
        options ??= new KMeansOptions();
        if (options.Restarts < 1) throw new ArgumentOutOfRangeException(nameof(options), "Restarts must be at least 1.");
        var (data, n, d, tolerance) = Prepare(points, k, options);

        // Seeds per start are drawn up front, so the result does not depend on how the starts are scheduled.
        var master = new Random(options.Seed);
        var seeds = new int[options.Restarts];
        for (int r = 0; r < seeds.Length; r++) seeds[r] = master.Next();

        var runs = new Run[options.Restarts];
        Parallel.For(0, options.Restarts, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) },
            r => runs[r] = Lloyd(data, n, d, k, SeedPlusPlus(data, n, d, k, new Random(seeds[r])), options.MaxIterations, tolerance));

        var best = runs[0];
        for (int r = 1; r < runs.Length; r++)
            if (runs[r].Inertia < best.Inertia) best = runs[r];   // strict: ties keep the earliest start
        return Canonical(best, n, d, k);
    }

    /// <summary>
    /// One Lloyd run from the given <paramref name="start"/> centroids (k = their count) instead of k-means++:
    /// re-clustering a slightly changed catalog from the previous run's centroids finds the nearby optimum, where
    /// fresh starts may land in another of the many near-equal ones.
    /// </summary>
    public static KMeansResult FitFrom(IReadOnlyList<double[]> points, IReadOnlyList<double[]> start, KMeansOptions? options = null)
    {
        options ??= new KMeansOptions();
        ArgumentNullException.ThrowIfNull(start);
        int k = start.Count;
        var (data, n, d, tolerance) = Prepare(points, k, options);
        if (start.Any(c => c.Length != d)) throw new ArgumentException("Start centroids must have the points' length.", nameof(start));
        var centroids = new double[k * d];
        for (int c = 0; c < k; c++) start[c].CopyTo(centroids, c * d);
        return Canonical(Lloyd(data, n, d, k, centroids, options.MaxIterations, tolerance), n, d, k);
    }

    private static (double[] Data, int N, int D, double Tolerance) Prepare(IReadOnlyList<double[]> points, int k, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Count;
        if (n == 0) throw new ArgumentException("No points to cluster.", nameof(points));
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"k must be between 1 and the number of points ({n}).");
        int d = points[0].Length;
        var data = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            if (points[i].Length != d) throw new ArgumentException("All points must have the same length.", nameof(points));
            points[i].CopyTo(data, i * d);
        }

        // Absolute tolerance from the mean per-feature variance, as scikit-learn's _tolerance.
        double meanVariance = 0;
        for (int j = 0; j < d; j++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += data[i * d + j];
            mean /= n;
            for (int i = 0; i < n; i++) { double x = data[i * d + j] - mean; sq += x * x; }
            meanVariance += sq / n;
        }
        return (data, n, d, d == 0 ? 0 : options.Tolerance * meanVariance / d);
    }

    private sealed record Run(double[] Centroids, int[] Assignments, double Inertia, int Iterations, bool Converged);

    private static Run Lloyd(double[] data, int n, int d, int k, double[] centroids, int maxIterations, double tolerance)
    {
        var assignments = new int[n];
        var distances = new double[n];
        var sums = new double[k * d];
        var counts = new int[k];
        Array.Fill(assignments, -1);
        int iteration = 0;
        bool converged = false;

        while (true)
        {
            int changed = Assign(data, n, d, centroids, k, assignments, distances);
            if (changed == 0) { converged = true; break; }
            if (iteration == maxIterations) break;
            iteration++;

            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                int c = assignments[i];
                counts[c]++;
                var row = data.AsSpan(i * d, d);
                var sum = sums.AsSpan(c * d, d);
                for (int j = 0; j < d; j++) sum[j] += row[j];
            }
            RepairEmptyClusters(data, n, d, k, assignments, distances, sums, counts);

            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                var centroid = centroids.AsSpan(c * d, d);
                var sum = sums.AsSpan(c * d, d);
                for (int j = 0; j < d; j++)
                {
                    double updated = sum[j] / counts[c];
                    double delta = updated - centroid[j];
                    shift += delta * delta;
                    centroid[j] = updated;
                }
            }
            if (shift <= tolerance)
            {
                // Final E-step so assignments and inertia refer to the final centroids.
                Assign(data, n, d, centroids, k, assignments, distances);
                converged = true;
                break;
            }
        }

        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += distances[i];
        return new Run(centroids, assignments, inertia, iteration, converged);
    }

    /// <summary>Assigns each point to its nearest centroid (lowest id on ties); returns how many changed.</summary>
    private static int Assign(double[] data, int n, int d, double[] centroids, int k, int[] assignments, double[] distances)
    {
        int changed = 0;
        for (int i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * d, d);
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double dist = VectorMath.SquaredDistance(row, centroids.AsSpan(c * d, d));
                if (dist < bestDistance) { bestDistance = dist; best = c; }
            }
            if (assignments[i] != best) { assignments[i] = best; changed++; }
            distances[i] = bestDistance;
        }
        return changed;
    }

    /// <summary>
    /// An empty cluster takes the point farthest from its centroid among clusters with more than one member
    /// (scikit-learn's relocation strategy); keeps every cluster non-empty whenever k ≤ n.
    /// </summary>
    private static void RepairEmptyClusters(double[] data, int n, int d, int k, int[] assignments, double[] distances, double[] sums, int[] counts)
    {
        for (int c = 0; c < k; c++)
        {
            if (counts[c] > 0) continue;
            int far = -1;
            double farDistance = -1;
            for (int i = 0; i < n; i++)
                if (counts[assignments[i]] > 1 && distances[i] > farDistance) { farDistance = distances[i]; far = i; }
            if (far < 0) continue;   // cannot happen for k ≤ n
            int from = assignments[far];
            var row = data.AsSpan(far * d, d);
            var fromSum = sums.AsSpan(from * d, d);
            var toSum = sums.AsSpan(c * d, d);
            for (int j = 0; j < d; j++) { fromSum[j] -= row[j]; toSum[j] += row[j]; }
            counts[from]--;
            counts[c] = 1;
            assignments[far] = c;
            distances[far] = 0;
        }
    }

    /// <summary>
    /// Greedy k-means++ (Arthur &amp; Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ candidate draws per centre,
    /// keeping the candidate that lowers the potential most): spreads the initial centres out, which makes Lloyd's
    /// local optimum far less dependent on luck.
    /// </summary>
    private static double[] SeedPlusPlus(double[] data, int n, int d, int k, Random random)
    {
        var centroids = new double[k * d];
        int first = random.Next(n);
        data.AsSpan(first * d, d).CopyTo(centroids.AsSpan(0, d));
        var closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) { closest[i] = VectorMath.SquaredDistance(data.AsSpan(i * d, d), centroids.AsSpan(0, d)); potential += closest[i]; }

        int trials = 2 + (int)Math.Log(k);
        var cumulative = new double[n];
        var candidateClosest = new double[n];
        var bestClosest = new double[n];
        for (int c = 1; c < k; c++)
        {
            double running = 0;
            for (int i = 0; i < n; i++) { running += closest[i]; cumulative[i] = running; }

            int bestCandidate = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                int candidate;
                if (running <= 0) candidate = random.Next(n);   // every point already sits on a centre
                else
                {
                    double target = random.NextDouble() * running;
                    candidate = Array.BinarySearch(cumulative, target);
                    if (candidate < 0) candidate = ~candidate;
                    candidate = Math.Min(candidate, n - 1);
                }
                var candidateRow = data.AsSpan(candidate * d, d);
                double candidatePotential = 0;
                for (int i = 0; i < n; i++)
                {
                    double dist = Math.Min(closest[i], VectorMath.SquaredDistance(data.AsSpan(i * d, d), candidateRow));
                    candidateClosest[i] = dist;
                    candidatePotential += dist;
                }
                if (candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestCandidate = candidate;
                    candidateClosest.AsSpan().CopyTo(bestClosest);
                }
            }
            data.AsSpan(bestCandidate * d, d).CopyTo(centroids.AsSpan(c * d, d));
            bestClosest.AsSpan().CopyTo(closest);
        }
        return centroids;
    }

    private static KMeansResult Canonical(Run run, int n, int d, int k)
    {
        var map = new int[k];
        Array.Fill(map, -1);
        int next = 0;
        foreach (var a in run.Assignments)
            if (map[a] < 0) map[a] = next++;
        for (int c = 0; c < k; c++)
            if (map[c] < 0) map[c] = next++;   // only possible for empty clusters

        var centroids = new double[k][];
        for (int c = 0; c < k; c++) centroids[map[c]] = run.Centroids.AsSpan(c * d, d).ToArray();
        var assignments = new int[n];
        for (int i = 0; i < n; i++) assignments[i] = map[run.Assignments[i]];
        return new KMeansResult(centroids, assignments, run.Inertia, run.Iterations, run.Converged);
    }
}
