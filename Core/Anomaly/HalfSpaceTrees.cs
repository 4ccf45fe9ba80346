using System.Buffers;
using StreamML.Core.Drift;
using StreamML.Core.Serialization;

namespace StreamML.Core.Anomaly;

/// <summary>
/// Half-Space Trees (Tan, Ting and Liu, "Fast anomaly detection for streaming data", IJCAI 2011), with the semantics of
/// River's <c>anomaly.HalfSpaceTrees</c>: an ensemble of random complete binary trees built from the feature limits alone,
/// each node counting the observations that pass through it. The counts of the latest full window (the reference mass)
/// score an observation; the counts of the window in progress replace them when it is full. High scores mean anomalies.
/// Not thread-safe.
/// </summary>
/// <remarks>
/// <para>A tree is drawn depth-first: a feature is picked with probability proportional to the width of its current
/// range, and split at a uniform point of that range with 15% padding on both sides; the left child takes the lower part.
/// The draws use CPython's Mersenne Twister, so a seed gives River's trees for the same seed and limits.</para>
/// <para>The score of an observation walks each tree from the root, adding the node's reference mass times 2^depth and
/// stopping after the first node whose mass is below a tenth of the window; the sum over trees, divided by its largest
/// possible value, is subtracted from 1. A missing value (NaN) goes to the child that has seen more of the current window.
/// Unlike River, which scores 0 until its first window is full, <see cref="Score"/> returns NaN then, so that "no
/// reference yet" is not read as "normal".</para>
/// </remarks>
public sealed class HalfSpaceTrees
{
    private const byte SnapshotVersion = 1;
    private const double Padding = 0.15;
    private readonly int _trees;
    private readonly int _height;
    private readonly int _windowSize;
    private readonly int _nodesPerTree;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly int[] _latestMass;
    private readonly int[] _referenceMass;
    private readonly double _sizeLimit;
    private readonly double _maxScore;
    private int _counter;
    private bool _firstWindow = true;

    /// <summary>Draws the trees for features in [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    /// <exception cref="ArgumentException">The options are invalid, or the limits are empty, of different lengths, or not finite with lower &lt; upper.</exception>
    public HalfSpaceTrees(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, HalfSpaceTreesOptions options)
        : this(lower.ToArray(), upper.ToArray(), options, build: true)
    {
    }

    private HalfSpaceTrees(double[] lower, double[] upper, HalfSpaceTreesOptions options, bool build)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid Half-Space Trees options: " + string.Join(" ", problems), nameof(options));
        }

        if (lower.Length == 0 || lower.Length != upper.Length)
        {
            throw new ArgumentException($"limits need one lower and one upper bound per feature (got {lower.Length} and {upper.Length})", nameof(lower));
        }

        for (var i = 0; i < lower.Length; i++)
        {
            if (!double.IsFinite(lower[i]) || !double.IsFinite(upper[i]) || !(lower[i] < upper[i]))
            {
                throw new ArgumentException($"feature {i} has limits [{lower[i]}, {upper[i]}]; they must be finite with lower < upper", nameof(lower));
            }
        }

        _trees = options.Trees;
        _height = options.Height;
        _windowSize = options.WindowSize;
        _nodesPerTree = (1 << (_height + 1)) - 1;
        _lower = lower;
        _upper = upper;
        _feature = new int[_trees * _nodesPerTree];
        _threshold = new double[_trees * _nodesPerTree];
        _latestMass = new int[_trees * _nodesPerTree];
        _referenceMass = new int[_trees * _nodesPerTree];
        _sizeLimit = 0.1 * _windowSize;
        _maxScore = (double)_trees * _windowSize * _nodesPerTree;
        if (build)
        {
            var random = options.Seed is { } seed ? PythonRandom.FromSeed(seed) : PythonRandom.FromEntropy();
            var low = (double[])lower.Clone();
            var high = (double[])upper.Clone();
            var cumulative = new double[lower.Length];
            for (var t = 0; t < _trees; t++)
            {
                Build(t * _nodesPerTree, 0, 0, low, high, cumulative, random);
            }
        }
    }

    /// <summary>Number of features an observation has.</summary>
    public int Dimensions => _lower.Length;

    /// <summary>Number of trees.</summary>
    public int Trees => _trees;

    /// <summary>Height of each tree.</summary>
    public int Height => _height;

    /// <summary>Observations per window.</summary>
    public int WindowSize => _windowSize;

    /// <summary>Whether a full window has been seen, so that <see cref="Score"/> has a reference.</summary>
    public bool IsReady => !_firstWindow;

    /// <summary>Observations counted in the window in progress.</summary>
    public int WindowCount => _counter;

    /// <summary>Heap bytes of the trees and their masses.</summary>
    public long EstimatedBytes => 200 + (_feature.Length * (4L + 8 + 4 + 4)) + (_lower.Length * 16L);

    /// <summary>Counts <paramref name="x"/> in the window in progress, and pivots the masses when the window is full.</summary>
    public void Learn(ReadOnlySpan<float> x)
    {
        CheckLength(x);
        for (var t = 0; t < _trees; t++)
        {
            var root = t * _nodesPerTree;
            var node = 0;
            for (var depth = 0; ; depth++)
            {
                _latestMass[root + node]++;
                if (depth == _height)
                {
                    break;
                }

                node = Next(root, node, x);
            }
        }

        _counter++;
        if (_counter == _windowSize)
        {
            Array.Copy(_latestMass, _referenceMass, _latestMass.Length);
            Array.Clear(_latestMass);
            _firstWindow = false;
            _counter = 0;
        }
    }

    /// <summary>The anomaly score of <paramref name="x"/> in [0, 1] (higher is more anomalous); NaN before the first full window.</summary>
    public double Score(ReadOnlySpan<float> x)
    {
        CheckLength(x);
        if (_firstWindow)
        {
            return double.NaN;
        }

        var score = 0.0;
        for (var t = 0; t < _trees; t++)
        {
            var root = t * _nodesPerTree;
            var node = 0;
            for (var depth = 0; ; depth++)
            {
                var mass = _referenceMass[root + node];
                score += mass * (double)(1L << depth);
                if (mass < _sizeLimit || depth == _height)
                {
                    break;
                }

                node = Next(root, node, x);
            }
        }

        return 1 - (score / _maxScore);
    }

    /// <summary>Writes the trees, the masses and the window position.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var w = new SnapshotWriter(output);
        w.Write(SnapshotVersion);
        w.Write(_trees);
        w.Write(_height);
        w.Write(_windowSize);
        w.Write(_lower.Length);
        for (var i = 0; i < _lower.Length; i++)
        {
            w.Write(_lower[i]);
            w.Write(_upper[i]);
        }

        for (var i = 0; i < _feature.Length; i++)
        {
            w.Write(_feature[i]);
            w.Write(_threshold[i]);
            w.Write(_latestMass[i]);
            w.Write(_referenceMass[i]);
        }

        w.Write(_counter);
        w.Write(_firstWindow);
        w.Flush();
    }

    /// <summary>Restores trees written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, of another version, or inconsistent.</exception>
    public static HalfSpaceTrees ReadFrom(ReadOnlySpan<byte> data)
    {
        var r = new SnapshotReader(data);
        var version = r.ReadByte();
        if (version != SnapshotVersion)
        {
            throw new InvalidDataException($"Half-Space Trees snapshot version {version} is not supported (expected {SnapshotVersion})");
        }

        var options = new HalfSpaceTreesOptions { Trees = r.ReadInt32(), Height = r.ReadInt32(), WindowSize = r.ReadInt32() };
        var dimensions = r.ReadInt32();
        if (options.Validate().Count > 0 || dimensions is < 1 or > 1_000_000)
        {
            throw new InvalidDataException("Half-Space Trees snapshot has implausible parameters");
        }

        var lower = new double[dimensions];
        var upper = new double[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            lower[i] = r.ReadDouble();
            upper[i] = r.ReadDouble();
        }

        HalfSpaceTrees trees;
        try
        {
            trees = new HalfSpaceTrees(lower, upper, options, build: false);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("Half-Space Trees snapshot has invalid limits", ex);
        }

        for (var i = 0; i < trees._feature.Length; i++)
        {
            var feature = r.ReadInt32();
            if (feature < 0 || feature >= dimensions)
            {
                throw new InvalidDataException("Half-Space Trees snapshot splits on a feature it does not have");
            }

            trees._feature[i] = feature;
            trees._threshold[i] = r.ReadDouble();
            trees._latestMass[i] = r.ReadInt32();
            trees._referenceMass[i] = r.ReadInt32();
        }

        trees._counter = r.ReadInt32();
        trees._firstWindow = r.ReadBoolean();
        if (trees._counter < 0 || trees._counter >= trees._windowSize)
        {
            throw new InvalidDataException("Half-Space Trees snapshot has an impossible window position");
        }

        return trees;
    }

    private int Next(int root, int node, ReadOnlySpan<float> x)
    {
        var at = root + node;
        var left = (2 * node) + 1;
        var value = x[_feature[at]];
        if (float.IsNaN(value))
        {
            return _latestMass[root + left] < _latestMass[root + left + 1] ? left + 1 : left;
        }

        return value < _threshold[at] ? left : left + 1;
    }

    private void Build(int root, int node, int depth, double[] low, double[] high, double[] cumulative, PythonRandom random)
    {
        if (depth == _height)
        {
            return;
        }

        // random.choices(features, weights=widths): one draw, bisect_right on the cumulative weights.
        var total = 0.0;
        for (var i = 0; i < low.Length; i++)
        {
            total += high[i] - low[i];
            cumulative[i] = total;
        }

        var target = random.NextDouble() * total;
        var feature = 0;
        while (feature < low.Length - 1 && cumulative[feature] <= target)
        {
            feature++;
        }

        // random.uniform(a + p(b − a), b − p(b − a)) = lo + (hi − lo) · random().
        var a = low[feature];
        var b = high[feature];
        var lo = a + (Padding * (b - a));
        var hi = b - (Padding * (b - a));
        var at = lo + ((hi - lo) * random.NextDouble());
        _feature[root + node] = feature;
        _threshold[root + node] = at;

        high[feature] = at;
        Build(root, (2 * node) + 1, depth + 1, low, high, cumulative, random);
        high[feature] = b;
        low[feature] = at;
        Build(root, (2 * node) + 2, depth + 1, low, high, cumulative, random);
        low[feature] = a;
    }

    private void CheckLength(ReadOnlySpan<float> x)
    {
        if (x.Length != _lower.Length)
        {
            throw new ArgumentException($"expected {_lower.Length} features, got {x.Length}", nameof(x));
        }
    }
}
