using System.Globalization;
using StreamML.Core.Drift.Statistics;

namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// KSWIN, Kolmogorov–Smirnov windowing (Raab, Heusinger and Schleif 2020), with River's semantics, parameter names and
/// defaults: a sliding window of <c>window_size</c> values; once full, every update draws <c>stat_size</c> positions
/// without replacement from the older <c>window_size − stat_size</c> values (CPython's <c>random.sample</c> with River's
/// seed), runs a two-sample KS test against the newest <c>stat_size</c> values and flags drift when
/// p ≤ <c>alpha</c> and the statistic exceeds 0.1. After a drift the next update starts over: empty window and a
/// generator re-seeded from <c>seed</c>.
/// </summary>
/// <remarks>Allocation-free per update once constructed (window, samples and sampling pool are preallocated).</remarks>
public sealed class Kswin : IDriftDetector
{
    private const string StateMagic = "KSWIN/1";
    private const double MinimumStatistic = 0.1;

    private readonly double[] _window;
    private readonly double[] _older;
    private readonly double[] _recent;
    private readonly int[] _positions;
    private readonly int[] _pool;
    private readonly bool[] _seen;
    private PythonRandom _random;
    private int _start;
    private int _count;

    /// <summary>Creates a detector with River's parameters.</summary>
    /// <param name="alpha">Significance level of the KS test, in [0, 1] (River: <c>alpha=0.005</c>).</param>
    /// <param name="windowSize">Size of the sliding window (River: <c>window_size=100</c>).</param>
    /// <param name="statSize">Size of the statistic windows (River: <c>stat_size=30</c>); at most half of <paramref name="windowSize"/>.</param>
    /// <param name="seed">Seed of the sampling generator (River: <c>seed=None</c>, a fresh random seed).</param>
    /// <param name="window">Values already collected, to avoid a cold start; only the last <paramref name="windowSize"/> are kept, and a reset forgets them.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public Kswin(double alpha = 0.005, int windowSize = 100, int statSize = 30, long? seed = null, IEnumerable<double>? window = null)
    {
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be between 0 and 1.");
        }

        if (windowSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, "window_size must be greater than 0.");
        }

        if (windowSize < statSize)
        {
            throw new ArgumentOutOfRangeException(nameof(statSize), statSize, "stat_size must be smaller than window_size.");
        }

        // River accepts these but fails on the first full window (an empty KS sample, or a sample larger than its population).
        if (statSize < 1 || 2 * statSize > windowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(statSize), statSize, "stat_size must be at least 1 and at most window_size / 2.");
        }

        Alpha = alpha;
        WindowSize = windowSize;
        StatSize = statSize;
        Seed = seed;
        _window = new double[windowSize];
        _older = new double[statSize];
        _recent = new double[statSize];
        _positions = new int[statSize];
        _pool = new int[windowSize - statSize];
        _seen = new bool[windowSize - statSize];
        _random = NewRandom();
        if (window is not null)
        {
            foreach (var value in window)
            {
                Append(value);
            }
        }
    }

    /// <summary>River's defaults, by River's parameter names; <c>seed</c> is <c>None</c> (unseeded).</summary>
    public static IReadOnlyDictionary<string, string> DefaultParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alpha"] = "0.005",
        ["window_size"] = "100",
        ["stat_size"] = "30",
        ["seed"] = "None",
    };

    /// <inheritdoc/>
    public string Name => "KSWIN";

    /// <summary>Significance level of the KS test.</summary>
    public double Alpha { get; }

    /// <summary>Size of the sliding window.</summary>
    public int WindowSize { get; }

    /// <summary>Size of each of the two samples compared.</summary>
    public int StatSize { get; }

    /// <summary>Seed of the sampling generator, or null for a fresh random seed at every reset.</summary>
    public long? Seed { get; }

    /// <summary>Values seen since the last reset (River's <c>n</c>).</summary>
    public long Count { get; private set; }

    /// <summary>The p-value of the last test (0 until the window first fills, as in River).</summary>
    public double PValue { get; private set; }

    /// <summary>The KS statistic of the last test (0 until the window first fills).</summary>
    public double Statistic { get; private set; }

    /// <inheritdoc/>
    public bool DriftDetected { get; private set; }

    /// <inheritdoc/>
    public bool WarningDetected => false;

    /// <summary>Builds a detector from River parameter names and values as text (e.g. from <c>--param alpha=0.01</c>); missing names take River's defaults.</summary>
    /// <exception cref="ArgumentException">An unknown name or a value that does not parse.</exception>
    public static Kswin FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var name in parameters.Keys)
        {
            if (!DefaultParameters.ContainsKey(name))
            {
                throw new ArgumentException($"KSWIN has no parameter '{name}' (parameters: {string.Join(", ", DefaultParameters.Keys)})", nameof(parameters));
            }
        }

        string Get(string name) => parameters.TryGetValue(name, out var v) ? v : DefaultParameters[name];
        var seedText = Get("seed");
        long? seed = seedText.Equals("None", StringComparison.OrdinalIgnoreCase) || seedText.Length == 0 ? null : ParseLong("seed", seedText);
        return new Kswin(ParseDouble("alpha", Get("alpha")), (int)ParseLong("window_size", Get("window_size")), (int)ParseLong("stat_size", Get("stat_size")), seed);
    }

    /// <inheritdoc/>
    public void Update(double value)
    {
        if (DriftDetected)
        {
            Reset();
        }

        Count++;
        Append(value);
        if (_count < WindowSize)
        {
            DriftDetected = false;
            return;
        }

        var olderSize = WindowSize - StatSize;
        _random.SampleRange(olderSize, _positions, _pool, _seen);
        for (var i = 0; i < StatSize; i++)
        {
            _older[i] = At(_positions[i]);
            _recent[i] = At(olderSize + i);
        }

        var older = _older.AsSpan();
        var recent = _recent.AsSpan();
        older.Sort();
        recent.Sort();
        if (HasNaN(older) || HasNaN(recent))
        {
            PValue = double.NaN;
            Statistic = double.NaN;
            DriftDetected = false;
            return;
        }

        var result = KolmogorovSmirnov.TwoSampleSorted(older, recent, KsMethod.Auto);
        PValue = result.PValue;
        Statistic = result.Statistic;
        if (PValue <= Alpha && Statistic > MinimumStatistic)
        {
            DriftDetected = true;
            KeepMostRecent();
        }
        else
        {
            DriftDetected = false;
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        DriftDetected = false;
        PValue = 0;
        Statistic = 0;
        Count = 0;
        _start = 0;
        _count = 0;
        if (Seed is { } seed)
        {
            _random.Reseed(seed);
        }
        else
        {
            _random.ReseedFromEntropy();
        }
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StateMagic);
        writer.Write(WindowSize);
        writer.Write(StatSize);
        writer.Write(_count);
        for (var i = 0; i < _count; i++)
        {
            writer.Write(At(i));
        }

        writer.Write(Count);
        writer.Write(PValue);
        writer.Write(Statistic);
        writer.Write(DriftDetected);
        _random.WriteState(writer);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            if (reader.ReadString() != StateMagic)
            {
                throw new InvalidDataException("The data is not KSWIN state.");
            }

            var windowSize = reader.ReadInt32();
            var statSize = reader.ReadInt32();
            if (windowSize != WindowSize || statSize != StatSize)
            {
                throw new InvalidDataException($"State written with window_size={windowSize}, stat_size={statSize}; this detector has {WindowSize}, {StatSize}.");
            }

            var count = reader.ReadInt32();
            if (count < 0 || count > WindowSize)
            {
                throw new InvalidDataException($"Window length {count} is out of range.");
            }

            for (var i = 0; i < count; i++)
            {
                _window[i] = reader.ReadDouble();
            }

            _start = 0;
            _count = count;
            Count = reader.ReadInt64();
            PValue = reader.ReadDouble();
            Statistic = reader.ReadDouble();
            DriftDetected = reader.ReadBoolean();
            var random = PythonRandom.FromSeed(0);
            random.ReadState(reader);
            _random = random;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("KSWIN state is truncated.", ex);
        }
    }

    // Sorting puts NaN first; scipy propagates NaN into the p-value, and a NaN p-value never flags drift.
    private static bool HasNaN(ReadOnlySpan<double> sorted) => sorted.Length > 0 && double.IsNaN(sorted[0]);

    private static double ParseDouble(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"KSWIN parameter '{name}': '{text}' is not a number");

    private static long ParseLong(string name, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"KSWIN parameter '{name}': '{text}' is not an integer");

    private PythonRandom NewRandom() => Seed is { } seed ? PythonRandom.FromSeed(seed) : PythonRandom.FromEntropy();

    private double At(int i) => _window[(_start + i) % WindowSize];

    private void Append(double value)
    {
        if (_count < WindowSize)
        {
            _window[(_start + _count) % WindowSize] = value;
            _count++;
        }
        else
        {
            _window[_start] = value;
            _start = (_start + 1) % WindowSize;
        }
    }

    /// <summary>River replaces the window by its newest stat_size values on a drift (the next update then resets).</summary>
    private void KeepMostRecent()
    {
        for (var i = 0; i < StatSize; i++)
        {
            _older[i] = At(WindowSize - StatSize + i);
        }

        _older.AsSpan().CopyTo(_window);
        _start = 0;
        _count = StatSize;
    }
}
