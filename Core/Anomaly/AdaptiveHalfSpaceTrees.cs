using System.Buffers;
using StreamML.Core.Serialization;

namespace StreamML.Core.Anomaly;

/// <summary>
/// <see cref="HalfSpaceTrees"/> for features whose ranges are not known in advance: the first window of observations
/// only measures each feature's range; from then on each feature is scaled to [0, 1] over that range widened by a margin
/// on both sides, and the trees are drawn over the unit cube. Each observation is scored before it is learned
/// (prequential). Not thread-safe.
/// </summary>
/// <remarks>
/// River leaves the limits to the caller (by default [0, 1]) and suggests an online min-max scaler in front; a scaler
/// that keeps moving would shift observations between cells the masses were counted in, so here the range is measured
/// once and fixed. Scaling matters: River picks split features in proportion to their ranges' widths, so unscaled, a
/// feature of range 300 would take nearly every split from a feature of range 6. Values outside the measured range fall
/// in the outermost cells.
/// </remarks>
public sealed class AdaptiveHalfSpaceTrees
{
    private const byte SnapshotVersion = 1;
    private readonly HalfSpaceTreesOptions _options;
    private readonly double _margin;
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly float[] _scaled;
    private double[] _offset = [];
    private double[] _factor = [];
    private int _measured;
    private HalfSpaceTrees? _trees;

    /// <summary>Creates a detector for observations of <paramref name="dimensions"/> features.</summary>
    /// <param name="dimensions">Features per observation.</param>
    /// <param name="options">Tree parameters; the first <see cref="HalfSpaceTreesOptions.WindowSize"/> observations measure the ranges.</param>
    /// <param name="margin">Fraction of each measured range added below and above it.</param>
    public AdaptiveHalfSpaceTrees(int dimensions, HalfSpaceTreesOptions options, double margin = 0.1)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (!(margin >= 0) || !double.IsFinite(margin))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "the margin must be a finite non-negative fraction");
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid Half-Space Trees options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _margin = margin;
        _min = new double[dimensions];
        _max = new double[dimensions];
        _scaled = new float[dimensions];
        _min.AsSpan().Fill(double.PositiveInfinity);
        _max.AsSpan().Fill(double.NegativeInfinity);
    }

    /// <summary>Features per observation.</summary>
    public int Dimensions => _min.Length;

    /// <summary>The trees, once the ranges are measured.</summary>
    public HalfSpaceTrees? Trees => _trees;

    /// <summary>Whether observations are scored (the ranges are measured and the trees have a full window).</summary>
    public bool IsReady => _trees?.IsReady ?? false;

    /// <summary>Scores <paramref name="x"/> (NaN until ready), then learns it.</summary>
    public double ScoreAndLearn(ReadOnlySpan<float> x)
    {
        if (x.Length != _min.Length)
        {
            throw new ArgumentException($"expected {_min.Length} features, got {x.Length}", nameof(x));
        }

        if (_trees is null)
        {
            Measure(x);
            return double.NaN;
        }

        for (var i = 0; i < x.Length; i++)
        {
            _scaled[i] = (float)((x[i] - _offset[i]) * _factor[i]);
        }

        var score = _trees.Score(_scaled);
        _trees.Learn(_scaled);
        return score;
    }

    /// <summary>Writes the detector's state.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var w = new SnapshotWriter(output);
        w.Write(SnapshotVersion);
        w.Write(_min.Length);
        w.Write(_margin);
        w.Write(_measured);
        for (var i = 0; i < _min.Length; i++)
        {
            w.Write(_min[i]);
            w.Write(_max[i]);
        }

        w.Write(_trees is not null);
        w.Flush();
        _trees?.WriteTo(output);
    }

    /// <summary>Restores a detector written by <see cref="WriteTo"/>; <paramref name="options"/> must be those it was created with.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, of another version, or was written with other options.</exception>
    public static AdaptiveHalfSpaceTrees ReadFrom(ReadOnlySpan<byte> data, HalfSpaceTreesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var r = new SnapshotReader(data);
        if (r.ReadByte() != SnapshotVersion)
        {
            throw new InvalidDataException("adaptive Half-Space Trees snapshot version is not supported");
        }

        var dimensions = r.ReadInt32();
        var margin = r.ReadDouble();
        if (dimensions is < 1 or > 1_000_000 || !(margin >= 0))
        {
            throw new InvalidDataException("adaptive Half-Space Trees snapshot has implausible parameters");
        }

        var detector = new AdaptiveHalfSpaceTrees(dimensions, options, margin) { _measured = r.ReadInt32() };
        for (var i = 0; i < dimensions; i++)
        {
            detector._min[i] = r.ReadDouble();
            detector._max[i] = r.ReadDouble();
        }

        if (r.ReadBoolean())
        {
            var trees = HalfSpaceTrees.ReadFrom(data[^r.Remaining..]);
            if (trees.Dimensions != dimensions || trees.Trees != options.Trees || trees.Height != options.Height || trees.WindowSize != options.WindowSize)
            {
                throw new InvalidDataException("adaptive Half-Space Trees snapshot was written with other options");
            }

            detector._trees = trees;
            detector.Scale();
        }

        return detector;
    }

    private void Measure(ReadOnlySpan<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            if (float.IsFinite(v))
            {
                _min[i] = Math.Min(_min[i], v);
                _max[i] = Math.Max(_max[i], v);
            }
        }

        if (++_measured < _options.WindowSize)
        {
            return;
        }

        var unit = new double[_min.Length];
        unit.AsSpan().Fill(1);
        _trees = new HalfSpaceTrees(new double[_min.Length], unit, _options);
        Scale();
    }

    private void Scale()
    {
        _offset = new double[_min.Length];
        _factor = new double[_min.Length];
        for (var i = 0; i < _min.Length; i++)
        {
            if (double.IsPositiveInfinity(_min[i]))
            {
                // Never observed: any range will do, as every observation goes down the most visited side.
                (_offset[i], _factor[i]) = (0, 1);
                continue;
            }

            var range = _max[i] - _min[i];
            var pad = range > 0 ? range * _margin : Math.Max(Math.Abs(_min[i]), 1) * Math.Max(_margin, 1e-3);
            _offset[i] = _min[i] - pad;
            _factor[i] = 1 / (range + (2 * pad));
        }
    }
}
