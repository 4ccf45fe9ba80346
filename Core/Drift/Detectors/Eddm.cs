namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// EDDM (early drift detection method, Baena-García et al. 2006) with River's semantics, for a stream of errors (1)
/// and correct predictions (0): it tracks the mean p′ and standard deviation s′ of the distance between consecutive
/// errors and compares p′ + 2s′ with its maximum; a warning when the ratio falls below <c>alpha</c>, a drift when it
/// falls below <c>beta</c>.
/// </summary>
/// <remarks>
/// <para>
/// Follows River 0.26 <c>river/drift/binary/eddm.py</c>. Only an error (a value equal to 1) changes anything but the
/// update counter: the distance since the previous error (counted from 0 for the first) enters River's
/// <c>stats.Var</c> (Welford, ddof 1, 0 until two distances are known); once more than <c>warm_start</c> values have
/// been seen, p′ + 2s′ replaces the maximum when larger (River's maximum starts at −1), and otherwise, once more than
/// <c>warm_start</c> errors have been seen, the ratio to the maximum is tested. The warning flag keeps its value
/// between errors and is not cleared by a drift; the update after a drift starts afresh.
/// </para>
/// <para>
/// scikit-multiflow's <c>EDDM</c> and earlier River releases took no parameters: 30 errors before testing, warning
/// level 0.95 and drift level 0.9 were constants. River's current test of this detector uses <c>alpha=0.9</c>,
/// <c>beta=0.8</c>.
/// </para>
/// </remarks>
public sealed class Eddm : IDriftDetector
{
    private const string Tag = "EDDM";
    private const byte Version = 1;

    private long _n;
    private long _lastError;
    private long _errors;
    private double _distanceCount;
    private double _distanceMean;
    private double _distanceS;
    private double _p2sMax;
    private bool _drift;
    private bool _warning;

    /// <summary>Creates the detector with River's parameter names and defaults.</summary>
    /// <param name="warmStart">Values and errors needed before anything is tested, at least 0; River's default 30.</param>
    /// <param name="alpha">Warning level, in (0, 1], at least <paramref name="beta"/>; default 0.95.</param>
    /// <param name="beta">Drift level, in (0, 1]; default 0.9.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range given above.</exception>
    public Eddm(int warmStart = 30, double alpha = 0.95, double beta = 0.9)
    {
        DriftParameterException.Check(warmStart >= 0, "warm_start", warmStart, "must be at least 0");
        DriftParameterException.Check(alpha > 0 && alpha <= 1, "alpha", alpha, "must be greater than 0 and at most 1");
        DriftParameterException.Check(beta > 0 && beta <= 1, "beta", beta, "must be greater than 0 and at most 1");
        DriftParameterException.Check(alpha >= beta, "alpha", alpha, $"must be greater than or equal to beta ({beta.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        WarmStart = warmStart;
        Alpha = alpha;
        Beta = beta;
        Reset();
    }

    /// <inheritdoc/>
    public string Name => Tag;

    /// <summary>River's <c>warm_start</c>.</summary>
    public int WarmStart { get; }

    /// <summary>River's <c>alpha</c> (warning level).</summary>
    public double Alpha { get; }

    /// <summary>River's <c>beta</c> (drift level).</summary>
    public double Beta { get; }

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

        _n++;
        if (value != 1)
        {
            return;
        }

        _errors++;
        double distance = _n - _lastError;
        var oldMean = _distanceMean;
        _distanceCount += 1.0;
        _distanceMean += 1.0 / _distanceCount * (distance - _distanceMean);
        _distanceS += 1.0 * (distance - oldMean) * (distance - _distanceMean);

        if (_n > WarmStart)
        {
            var pPrime = _distanceMean;
            var variance = _distanceCount > 1 ? _distanceS / (_distanceCount - 1) : 0.0;
            var sPrime = Math.Pow(variance, 0.5);
            var p2s = pPrime + (2 * sPrime);
            if (p2s > _p2sMax)
            {
                _p2sMax = p2s;
            }
            else if (_errors > WarmStart)
            {
                var level = p2s / _p2sMax;
                if (level < Beta)
                {
                    _drift = true;
                }
                else
                {
                    _warning = level < Alpha;
                }
            }
        }

        _lastError = _n;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _n = 0;
        _lastError = 0;
        _errors = 0;
        _distanceCount = 0;
        _distanceMean = 0;
        _distanceS = 0;
        _p2sMax = -1;
        _drift = false;
        _warning = false;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        DriftState.WriteHeader(writer, Tag, Version);
        writer.Write(WarmStart);
        writer.Write(Alpha);
        writer.Write(Beta);
        writer.Write(_n);
        writer.Write(_lastError);
        writer.Write(_errors);
        writer.Write(_distanceCount);
        writer.Write(_distanceMean);
        writer.Write(_distanceS);
        writer.Write(_p2sMax);
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
            DriftState.Expect(Tag, "alpha", reader.ReadDouble(), Alpha);
            DriftState.Expect(Tag, "beta", reader.ReadDouble(), Beta);
            var n = reader.ReadInt64();
            var lastError = reader.ReadInt64();
            var errors = reader.ReadInt64();
            var distanceCount = reader.ReadDouble();
            var distanceMean = reader.ReadDouble();
            var distanceS = reader.ReadDouble();
            var p2sMax = reader.ReadDouble();
            var drift = DriftState.ReadFlag(reader);
            var warning = DriftState.ReadFlag(reader);
            _n = n;
            _lastError = lastError;
            _errors = errors;
            _distanceCount = distanceCount;
            _distanceMean = distanceMean;
            _distanceS = distanceS;
            _p2sMax = p2sMax;
            _drift = drift;
            _warning = warning;
            return 0;
        });
    }
}
