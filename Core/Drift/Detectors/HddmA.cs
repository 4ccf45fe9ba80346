namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// HDDM_A (drift detection with Hoeffding's bounds and the moving-average test, Frías-Blanco et al. 2014) with River's
/// semantics, for a stream of errors (1) and correct predictions (0): the global mean is compared, with Hoeffding's
/// bound, with the mean up to a cut point chosen where it was lowest (and, with <c>two_sided_test</c>, highest).
/// </summary>
/// <remarks>
/// <para>
/// Follows River 0.26 <c>river/drift/binary/hddm_a.py</c> (River 0.25 renamed the class from <c>HDDM_A</c> to
/// <c>HDDMA</c>; StreamML keeps the name <c>HDDM_A</c>). The cut points are copies of the running mean
/// (<c>stats.Mean</c>), moved when <c>mean_cut + ε(n_cut) &gt;= mean + ε(n)</c> (increase) or
/// <c>mean_cut − ε(n_cut) &lt;= mean − ε(n)</c> (decrease), with ε(n) = sqrt(ln(1/drift_confidence)/(2n)). The
/// increase test at <c>drift_confidence</c> sets the drift and clears the warning, otherwise the test at
/// <c>warning_confidence</c> sets the warning, otherwise both are cleared; with <c>two_sided_test</c> the decrease
/// tests then only ever set flags, so a warning from the increase test can stand beside a drift from the decrease test.
/// The update after a drift starts afresh.
/// </para>
/// <para>
/// River's class docstring example reports a warning at 451 and a drift at 1206; its unit test expects a drift at 1047
/// on a numpy stream, and at 531, 1015 and 1545 with <c>two_sided_test=True</c>; this class reproduces all of them.
/// </para>
/// </remarks>
public sealed class HddmA : IDriftDetector
{
    private const string Tag = "HDDM_A";
    private const byte Version = 1;

    // ln(1/drift_confidence), ln(2/drift_confidence) and ln(2/warning_confidence): River evaluates them on every
    // update; they are constant, so evaluating them once gives the same values.
    private readonly double _logInverseDrift;
    private readonly double _logTwoOverDrift;
    private readonly double _logTwoOverWarning;

    private double _zN;
    private double _zMean;
    private double _minN;
    private double _minMean;
    private double _maxN;
    private double _maxMean;
    private bool _drift;
    private bool _warning;

    /// <summary>Creates the detector with River's parameter names and defaults.</summary>
    /// <param name="driftConfidence">Confidence of the drift test, in (0, 1); River's default 0.001.</param>
    /// <param name="warningConfidence">Confidence of the warning test, in (0, 1); default 0.005.</param>
    /// <param name="twoSidedTest">Whether decreases of the mean are reported too; default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range given above.</exception>
    public HddmA(double driftConfidence = 0.001, double warningConfidence = 0.005, bool twoSidedTest = false)
    {
        DriftParameterException.Check(driftConfidence > 0 && driftConfidence < 1, "drift_confidence", driftConfidence, "must be greater than 0 and less than 1");
        DriftParameterException.Check(warningConfidence > 0 && warningConfidence < 1, "warning_confidence", warningConfidence, "must be greater than 0 and less than 1");
        DriftConfidence = driftConfidence;
        WarningConfidence = warningConfidence;
        TwoSidedTest = twoSidedTest;
        _logInverseDrift = Math.Log(1.0 / driftConfidence);
        _logTwoOverDrift = Math.Log(2.0 / driftConfidence);
        _logTwoOverWarning = Math.Log(2.0 / warningConfidence);
        Reset();
    }

    /// <inheritdoc/>
    public string Name => Tag;

    /// <summary>River's <c>drift_confidence</c>.</summary>
    public double DriftConfidence { get; }

    /// <summary>River's <c>warning_confidence</c>.</summary>
    public double WarningConfidence { get; }

    /// <summary>River's <c>two_sided_test</c>.</summary>
    public bool TwoSidedTest { get; }

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

        _zN += 1.0;
        _zMean += 1.0 / _zN * (value - _zMean);
        if (_minN == 0)
        {
            _minN = _zN;
            _minMean = _zMean;
        }

        if (_maxN == 0)
        {
            _maxN = _zN;
            _maxMean = _zMean;
        }

        var epsZ = HoeffdingBound(_zN);
        var epsX = HoeffdingBound(_minN);
        if (_minMean + epsX >= _zMean + epsZ)
        {
            _minN = _zN;
            _minMean = _zMean;
        }

        epsX = HoeffdingBound(_maxN);
        if (_maxMean - epsX <= _zMean - epsZ)
        {
            _maxN = _zN;
            _maxMean = _zMean;
        }

        if (MeanIncreased(_logTwoOverDrift))
        {
            _warning = false;
            _drift = true;
        }
        else if (MeanIncreased(_logTwoOverWarning))
        {
            _warning = true;
            _drift = false;
        }
        else
        {
            _warning = false;
            _drift = false;
        }

        if (TwoSidedTest)
        {
            if (MeanDecreased(_logTwoOverDrift))
            {
                _drift = true;
            }
            else if (MeanDecreased(_logTwoOverWarning))
            {
                _warning = true;
            }
        }
    }

    private double HoeffdingBound(double n) => Math.Sqrt(1.0 / (2 * n) * _logInverseDrift);

    private bool MeanIncreased(double logTwoOverConfidence)
    {
        if (_minN == _zN)
        {
            return false;
        }

        var m = (_zN - _minN) / _minN * (1.0 / _zN);
        var eps = Math.Sqrt(m / 2 * logTwoOverConfidence);
        return _zMean - _minMean >= eps;
    }

    private bool MeanDecreased(double logTwoOverConfidence)
    {
        if (_maxN == _zN)
        {
            return false;
        }

        var m = (_zN - _maxN) / _maxN * (1.0 / _zN);
        var eps = Math.Sqrt(m / 2 * logTwoOverConfidence);
        return _maxMean - _zMean >= eps;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _zN = 0;
        _zMean = 0;
        _minN = 0;
        _minMean = 0;
        _maxN = 0;
        _maxMean = 0;
        _drift = false;
        _warning = false;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        DriftState.WriteHeader(writer, Tag, Version);
        writer.Write(DriftConfidence);
        writer.Write(WarningConfidence);
        writer.Write(TwoSidedTest);
        writer.Write(_zN);
        writer.Write(_zMean);
        writer.Write(_minN);
        writer.Write(_minMean);
        writer.Write(_maxN);
        writer.Write(_maxMean);
        writer.Write(_drift);
        writer.Write(_warning);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader)
    {
        DriftState.ReadHeader(reader, Tag, Version);
        DriftState.Read(() =>
        {
            DriftState.Expect(Tag, "drift_confidence", reader.ReadDouble(), DriftConfidence);
            DriftState.Expect(Tag, "warning_confidence", reader.ReadDouble(), WarningConfidence);
            DriftState.Expect(Tag, "two_sided_test", DriftState.ReadFlag(reader) ? 1 : 0, TwoSidedTest ? 1 : 0);
            var zN = reader.ReadDouble();
            var zMean = reader.ReadDouble();
            var minN = reader.ReadDouble();
            var minMean = reader.ReadDouble();
            var maxN = reader.ReadDouble();
            var maxMean = reader.ReadDouble();
            var drift = DriftState.ReadFlag(reader);
            var warning = DriftState.ReadFlag(reader);
            _zN = zN;
            _zMean = zMean;
            _minN = minN;
            _minMean = minMean;
            _maxN = maxN;
            _maxMean = maxMean;
            _drift = drift;
            _warning = warning;
            return 0;
        });
    }
}
