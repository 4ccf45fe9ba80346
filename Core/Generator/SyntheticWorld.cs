using System.Globalization;
using StreamML.Core.Hashing;

namespace StreamML.Core.Generator;

/// <summary>
/// The generator's fixed world: the meters, each one's normal levels, which partition owns it, and the concepts that
/// turn readings into fault labels. Shared read-only by all partitions.
/// </summary>
internal sealed class SyntheticWorld
{
    private readonly DriftInjection[] _concept;
    private readonly DriftInjection[] _data;

    public SyntheticWorld(GeneratorOptions options)
    {
        Options = options;
        var n = options.Entities;
        Ids = new string[n];
        BasePower = new float[n];
        BaseVoltage = new float[n];
        BaseTemperature = new float[n];
        BaseLoad = new float[n];
        var owned = new List<int>[options.Partitions];
        for (var p = 0; p < owned.Length; p++)
        {
            owned[p] = [];
        }

        var width = Math.Max(6, n.ToString(CultureInfo.InvariantCulture).Length);
        for (var e = 0; e < n; e++)
        {
            Ids[e] = "meter-" + e.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var rng = new Xoshiro(Xoshiro.Mix((ulong)options.Seed, (ulong)e + 0x5EED));
            BasePower[e] = (float)Math.Exp(Math.Log(1_000) + (0.5 * rng.NextGaussian()));
            BaseVoltage[e] = (float)(230 + (2 * rng.NextGaussian()));
            BaseTemperature[e] = (float)(20 + (4 * rng.NextGaussian()));
            BaseLoad[e] = (float)(0.2 + (0.6 * rng.NextDouble()));
            owned[EntityHash.Partition(Ids[e], options.Partitions)].Add(e);
        }

        Owned = [.. owned.Select(l => l.ToArray())];
        _concept = [.. options.Drifts.Where(d => d.Kind == DriftInjectionKind.Concept).OrderBy(d => d.At)];
        _data = [.. options.Drifts.Where(d => d.Kind == DriftInjectionKind.Data).OrderBy(d => d.At)];
    }

    public GeneratorOptions Options { get; }

    public string[] Ids { get; }

    public float[] BasePower { get; }

    public float[] BaseVoltage { get; }

    public float[] BaseTemperature { get; }

    public float[] BaseLoad { get; }

    /// <summary>Entity indices owned by each partition.</summary>
    public int[][] Owned { get; }

    /// <summary>How far a change has progressed at <paramref name="elapsed"/>: 0 before, 1 after, linear in between.</summary>
    public static double Progress(DriftInjection d, TimeSpan elapsed)
    {
        if (elapsed < d.At)
        {
            return 0;
        }

        if (d.Duration <= TimeSpan.Zero || elapsed >= d.At + d.Duration)
        {
            return 1;
        }

        return (elapsed - d.At).Ticks / (double)d.Duration.Ticks;
    }

    /// <summary>Sum of the magnitudes of data drifts in effect, weighted by their progress.</summary>
    public double DataShift(TimeSpan elapsed)
    {
        var shift = 0.0;
        foreach (var d in _data)
        {
            if (d.IsOver(elapsed))
            {
                continue;
            }

            shift += d.Magnitude * Progress(d, elapsed);
        }

        return shift;
    }

    /// <summary>The concept in force for one event: each concept drift in effect moves on to the next one, gradual ones by a coin weighted by progress.</summary>
    public int Concept(TimeSpan elapsed, ref Xoshiro rng)
    {
        var concept = 0;
        foreach (var d in _concept)
        {
            if (d.IsOver(elapsed))
            {
                // A glitch that ended leaves the concept as it was.
                continue;
            }

            var p = Progress(d, elapsed);
            if (p >= 1 || (p > 0 && rng.NextDouble() < p))
            {
                concept++;
            }
            else
            {
                break;
            }
        }

        return concept;
    }

    /// <summary>
    /// Log-odds of a fault. Concept 0: power above the meter's normal level, heat and load raise it. Concept 1: the
    /// reverse for power and load (faults show as drops). Concept 2: any strong deviation, with heat protective.
    /// </summary>
    public static double FaultLogit(int concept, double powerDeviation, double temperatureDeviation, double load) => (concept % 3) switch
    {
        0 => (4 * powerDeviation) + (0.25 * temperatureDeviation) + (2 * (load - 0.5)) - 1.5,
        1 => (-4 * powerDeviation) + (0.25 * temperatureDeviation) - (2 * (load - 0.5)) - 1.5,
        _ => (5 * Math.Abs(powerDeviation)) - (0.25 * temperatureDeviation) + (load - 0.5) - 2,
    };
}
