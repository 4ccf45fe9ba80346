namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// DDM (drift detection method, Gama et al. 2004) with River's semantics, for a stream of errors (1) and correct
/// predictions (0): the running error rate p and its standard deviation s = sqrt(p(1 − p)/n) are compared with the
/// values recorded when p + s was smallest; a warning when p + s exceeds p_min + warning_threshold·s_min, a drift when
/// it exceeds p_min + drift_threshold·s_min, once more than <c>warm_start</c> values have been seen.
/// </summary>
/// <remarks>
/// <para>
/// Follows River 0.26 <c>river/drift/binary/ddm.py</c>: the minimum is replaced when <c>p + s &lt;= p_min + s_min</c>
/// (so ties move it), both comparisons are strict, a drift clears the warning flag, and the update after a drift starts
/// afresh. The error rate is River's <c>stats.Mean</c> (<c>mean += (1/n)·(x − mean)</c>). Values are used as given,
/// as River does; feed 0 and 1.
/// </para>
/// <para>
/// Earlier River releases and scikit-multiflow called the parameters <c>min_num_instances</c>,
/// <c>warning_level</c> and <c>out_control_level</c>, counted the first value as n = 1 before the update, and compared
/// <c>n &lt; min_num_instances</c>; their indices can differ by one from River's current ones.
/// </para>
/// </remarks>
public sealed class Ddm : IDriftDetector
{
    private const string Tag = "DDM";
    private const byte Version = 1;

    private double _n;
    private double _p;
    private double _pMin;
    private double _sMin;
    private double _psMin;
    private bool _drift;
    private bool _warning;

    /// <summary>Creates the detector with River's parameter names and defaults.</summary>
    /// <param name="warmStart">Values needed before a warning or drift can be reported, at least 0; River's default 30.</param>
    /// <param name="warningThreshold">Multiple of s_min for the warning zone, greater than 0; default 2.</param>
    /// <param name="driftThreshold">Multiple of s_min for a drift, greater than 0; default 3.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range given above.</exception>
    public Ddm(int warmStart = 30, double warningThreshold = 2.0, double driftThreshold = 3.0)
    {
        DriftParameterException.Check(warmStart >= 0, "warm_start", warmStart, "must be at least 0");
        DriftParameterException.Check(warningThreshold > 0 && double.IsFinite(warningThreshold), "warning_threshold", warningThreshold, "must be a finite number greater than 0");
        DriftParameterException.Check(driftThreshold > 0 && double.IsFinite(driftThreshold), "drift_threshold", driftThreshold, "must be a finite number greater than 0");
        WarmStart = warmStart;
        WarningThreshold = warningThreshold;
        DriftThreshold = driftThreshold;
        Reset();
    }

    /// <inheritdoc/>
    public string Name => Tag;

    /// <summary>River's <c>warm_start</c>.</summary>
    public int WarmStart { get; }

    /// <summary>River's <c>warning_threshold</c>.</summary>
    public double WarningThreshold { get; }

    /// <summary>River's <c>drift_threshold</c>.</summary>
    public double DriftThreshold { get; }

    /// <inheritdoc/>
    public bool DriftDetected => _drift;

    /// <inheritdoc/>
    public bool WarningDetected => _warning;

    /// <inheritdoc/>
    public void Update(double value)
    {
        if (_drift)
        {
            Reset();
        }

        _n += 1.0;
        _p += 1.0 / _n * (value - _p);
        var p = _p;
        var s = Math.Sqrt(p * (1 - p) / _n);

        if (_n > WarmStart)
        {
            if (p + s <= _psMin)
            {
                _pMin = p;
                _sMin = s;
                _psMin = _pMin + _sMin;
            }

            _warning = p + s > _pMin + (WarningThreshold * _sMin);

            if (p + s > _pMin + (DriftThreshold * _sMin))
            {
                _drift = true;
                _warning = false;
            }
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _n = 0;
        _p = 0;
        _pMin = double.PositiveInfinity;
        _sMin = double.PositiveInfinity;
        _psMin = double.PositiveInfinity;
        _drift = false;
        _warning = false;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        DriftState.WriteHeader(writer, Tag, Version);
        writer.Write(WarmStart);
        writer.Write(WarningThreshold);
        writer.Write(DriftThreshold);
        writer.Write(_n);
        writer.Write(_p);
        writer.Write(_pMin);
        writer.Write(_sMin);
        writer.Write(_psMin);
        writer.Write(_drift);
        writer.Write(_warning);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader)
    {
        DriftState.ReadHeader(reader, Tag, Version);
        DriftState.Read(() =>
        {
            DriftState.Expect(Tag, "warm_start", reader.ReadInt32(), WarmStart);
            DriftState.Expect(Tag, "warning_threshold", reader.ReadDouble(), WarningThreshold);
            DriftState.Expect(Tag, "drift_threshold", reader.ReadDouble(), DriftThreshold);
            var n = reader.ReadDouble();
            var p = reader.ReadDouble();
            var pMin = reader.ReadDouble();
            var sMin = reader.ReadDouble();
            var psMin = reader.ReadDouble();
            var drift = DriftState.ReadFlag(reader);
            var warning = DriftState.ReadFlag(reader);
            _n = n;
            _p = p;
            _pMin = pMin;
            _sMin = sMin;
            _psMin = psMin;
            _drift = drift;
            _warning = warning;
            return 0;
        });
    }
}
