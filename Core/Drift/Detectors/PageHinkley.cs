namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// The Page–Hinkley test with River's semantics: cumulative deviations from the running mean, faded by
/// <c>alpha</c> and offset by <c>delta</c>, are compared with their own extremes; a drift is reported when the
/// distance exceeds <c>threshold</c> once at least <c>min_instances</c> values have been seen. No warning zone.
/// </summary>
/// <remarks>
/// <para>
/// Follows River 0.26 <c>river/drift/page_hinkley.py</c>: the running mean is River's <c>stats.Mean</c>
/// (<c>mean += (1/n)·(x − mean)</c>), <c>sum_up = alpha·sum_up + (x − mean) − delta</c>,
/// <c>sum_down = alpha·sum_down + (x − mean) + delta</c>; the test statistics are <c>sum_up − min(sum_up)</c> and
/// <c>max(sum_down) − sum_down</c>, compared with a strict <c>&gt;</c>. River starts the running minimum at +∞ but the
/// running maximum at −1 rather than −∞; this class does the same, so a decrease is measured from −1 until the
/// cumulative sum first exceeds it. After a drift the next update starts afresh.
/// </para>
/// <para>
/// Earlier River releases, from before <c>mode</c> existed, implement only the upward test with
/// <c>sum = max(0, alpha·sum + x − mean − delta)</c>, the mean updated as <c>mean + (x − mean)/n</c>, a count
/// starting at 1 and a test <c>sum &gt;= threshold</c> once the count reaches <c>min_instances</c>; their docstring
/// example reports index 1009 on a numpy stream. River's current docstring example reports 1006 on a Python
/// <c>random</c> stream, which this class reproduces.
/// </para>
/// </remarks>
public sealed class PageHinkley : IDriftDetector
{
    private const string Tag = "PageHinkley";
    private const byte Version = 1;

    private double _n;
    private double _mean;
    private double _sumIncrease;
    private double _sumDecrease;
    private double _minIncrease;
    private double _maxDecrease;
    private bool _drift;

    /// <summary>Creates the detector with River's parameter names and defaults.</summary>
    /// <param name="minInstances">Values needed before a drift can be reported, at least 1; River's default 30.</param>
    /// <param name="delta">Magnitude of changes that are tolerated, at least 0; default 0.005.</param>
    /// <param name="threshold">Detection threshold λ, greater than 0; default 50.</param>
    /// <param name="alpha">Forgetting factor for the cumulative sums, in (0, 1]; default 1 − 0.0001.</param>
    /// <param name="mode">Which direction of change to report; default both.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range given above.</exception>
    public PageHinkley(int minInstances = 30, double delta = 0.005, double threshold = 50.0, double alpha = 1 - 0.0001, PageHinkleyMode mode = PageHinkleyMode.Both)
    {
        DriftParameterException.Check(minInstances >= 1, "min_instances", minInstances, "must be at least 1");
        DriftParameterException.Check(delta >= 0 && double.IsFinite(delta), "delta", delta, "must be a finite number at least 0");
        DriftParameterException.Check(threshold > 0 && double.IsFinite(threshold), "threshold", threshold, "must be a finite number greater than 0");
        DriftParameterException.Check(alpha > 0 && alpha <= 1, "alpha", alpha, "must be greater than 0 and at most 1");
        DriftParameterException.Check(Enum.IsDefined(mode), "mode", mode, "must be up, down or both");
        MinInstances = minInstances;
        Delta = delta;
        Threshold = threshold;
        Alpha = alpha;
        Mode = mode;
        Reset();
    }

    /// <inheritdoc/>
    public string Name => Tag;

    /// <summary>River's <c>min_instances</c>.</summary>
    public int MinInstances { get; }

    /// <summary>River's <c>delta</c>.</summary>
    public double Delta { get; }

    /// <summary>River's <c>threshold</c>.</summary>
    public double Threshold { get; }

    /// <summary>River's <c>alpha</c>.</summary>
    public double Alpha { get; }

    /// <summary>River's <c>mode</c>.</summary>
    public PageHinkleyMode Mode { get; }

    /// <inheritdoc/>
    public bool DriftDetected => _drift;

    /// <inheritdoc/>
    public bool WarningDetected => false;

    /// <inheritdoc/>
    public void Update(double value)
    {
        if (_drift)
        {
            Reset();
        }

        _n += 1.0;
        _mean += 1.0 / _n * (value - _mean);
        var deviation = value - _mean;

        _sumIncrease = (Alpha * _sumIncrease) + deviation - Delta;
        _sumDecrease = (Alpha * _sumDecrease) + deviation + Delta;

        if (_sumIncrease < _minIncrease)
        {
            _minIncrease = _sumIncrease;
        }

        if (_sumDecrease > _maxDecrease)
        {
            _maxDecrease = _sumDecrease;
        }

        if (_n >= MinInstances)
        {
            var up = _sumIncrease - _minIncrease;
            var down = _maxDecrease - _sumDecrease;
            _drift = Mode switch
            {
                PageHinkleyMode.Up => up > Threshold,
                PageHinkleyMode.Down => down > Threshold,
                _ => up > Threshold || down > Threshold,
            };
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _n = 0;
        _mean = 0;
        _sumIncrease = 0;
        _sumDecrease = 0;
        _minIncrease = double.PositiveInfinity;
        _maxDecrease = -1;
        _drift = false;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        DriftState.WriteHeader(writer, Tag, Version);
        writer.Write(MinInstances);
        writer.Write(Delta);
        writer.Write(Threshold);
        writer.Write(Alpha);
        writer.Write((int)Mode);
        writer.Write(_n);
        writer.Write(_mean);
        writer.Write(_sumIncrease);
        writer.Write(_sumDecrease);
        writer.Write(_minIncrease);
        writer.Write(_maxDecrease);
        writer.Write(_drift);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader)
    {
        DriftState.ReadHeader(reader, Tag, Version);
        DriftState.Read(() =>
        {
            DriftState.Expect(Tag, "min_instances", reader.ReadInt32(), MinInstances);
            DriftState.Expect(Tag, "delta", reader.ReadDouble(), Delta);
            DriftState.Expect(Tag, "threshold", reader.ReadDouble(), Threshold);
            DriftState.Expect(Tag, "alpha", reader.ReadDouble(), Alpha);
            DriftState.Expect(Tag, "mode", reader.ReadInt32(), (int)Mode);
            var n = reader.ReadDouble();
            var mean = reader.ReadDouble();
            var sumIncrease = reader.ReadDouble();
            var sumDecrease = reader.ReadDouble();
            var minIncrease = reader.ReadDouble();
            var maxDecrease = reader.ReadDouble();
            var drift = DriftState.ReadFlag(reader);
            _n = n;
            _mean = mean;
            _sumIncrease = sumIncrease;
            _sumDecrease = sumDecrease;
            _minIncrease = minIncrease;
            _maxDecrease = maxDecrease;
            _drift = drift;
            return 0;
        });
    }
}
