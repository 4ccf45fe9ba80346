using StreamML.Core.Drift.Detectors;
using StreamML.Core.Drift.Sketches;

namespace StreamML.Core.Drift.Monitoring;

/// <summary>
/// Watches one model's traffic in one scope (all of it, or one segment): data drift per feature and prediction drift
/// on the score, as PSI (with the Jensen–Shannon distance on the same bins) of a sliding current window against a
/// reference window with Evidently's binning; concept drift with a River detector on the error stream.
/// </summary>
/// <remarks>
/// <para>The reference of each signal is the first <see cref="DriftMonitorOptions.ReferenceSize"/> values served by
/// the model version in use; a new version starts a new reference. Values arrive as samples batched by silo-local
/// aggregators, never one call per event.</para>
/// <para>One change must not raise a storm: a signal is detected after <see cref="DriftMonitorOptions.Consecutive"/>
/// drifting evaluations in a row, is then disarmed until as many clean evaluations re-arm it, and stays quiet for
/// <see cref="DriftMonitorOptions.Cooldown"/> after each detection.</para>
/// </remarks>
public sealed class DriftMonitor
{
    /// <summary>The signal name of the model's score.</summary>
    public const string ScoreSignal = "score";

    /// <summary>The signal name of the error stream.</summary>
    public const string ErrorSignal = "error";

    private readonly DriftMonitorOptions _options;
    private readonly Dictionary<string, Signal> _signals = new(StringComparer.Ordinal);
    private IDriftDetector _concept;
    private long _conceptIndex;
    private long _conceptErrors;
    private long _conceptQuietUntil;
    private long _evaluations;
    private readonly float[] _errors;
    private int _errorCount;
    private int _errorNext;
    private double _errorSum;
    private double _errorSquares;
    private (double Mean, double Variance, long Count)? _expected;
    private bool _performanceReported;

    /// <summary>Creates a monitor.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public DriftMonitor(DriftMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _concept = NewDetector();
        _errors = new float[options.WindowSize];
    }

    /// <summary>The model version whose traffic is watched; 0 before any.</summary>
    public int Version { get; private set; }

    /// <summary>Errors fed to the concept detector since the version started.</summary>
    public long ErrorsSeen => _conceptIndex;

    /// <summary>
    /// Sets the reference of a signal for <paramref name="version"/> from that version's training data; the reference
    /// is complete with these values (at most <see cref="DriftMonitorOptions.ReferenceSize"/>), so served traffic
    /// goes to the current window from the start.
    /// </summary>
    public void SeedReference(int version, string signal, DriftKind kind, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(signal);
        SwitchTo(version);
        var s = new Signal(signal, kind, _options);
        s.Seed(values);
        _signals[signal] = s;
    }

    /// <summary>Adds sampled values of a feature (<see cref="DriftKind.Data"/>) or of the score (<see cref="DriftKind.Prediction"/>) served by <paramref name="version"/>.</summary>
    public void Add(int version, string signal, DriftKind kind, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(signal);
        SwitchTo(version);
        if (!_signals.TryGetValue(signal, out var s))
        {
            s = new Signal(signal, kind, _options);
            _signals.Add(signal, s);
        }

        foreach (var v in values)
        {
            s.Add(v);
        }
    }

    /// <summary>
    /// Feeds the error stream (1 an error, 0 a correct prediction; absolute errors for regression) to the concept
    /// detector, in arrival order; returns the detection if the detector fired and the signal is not cooling down.
    /// </summary>
    public DriftDetection? AddErrors(int version, ReadOnlySpan<float> errors, long nowTicks)
    {
        SwitchTo(version);
        DriftDetection? detection = null;
        foreach (var error in errors)
        {
            _concept.Update(error);
            _conceptIndex++;
            if (_errorCount == _errors.Length)
            {
                _errorSum -= _errors[_errorNext];
                _errorSquares -= (double)_errors[_errorNext] * _errors[_errorNext];
            }
            else
            {
                _errorCount++;
            }

            _errors[_errorNext] = error;
            _errorNext = (_errorNext + 1) % _errors.Length;
            _errorSum += error;
            _errorSquares += (double)error * error;
            _conceptErrors += error > 0 ? 1 : 0;
            if (_concept.DriftDetected && detection is null && nowTicks >= _conceptQuietUntil)
            {
                detection = new DriftDetection(DriftKind.Concept, ErrorSignal, _concept.Name, (double)_conceptErrors / _conceptIndex, double.NaN, double.NaN, _conceptIndex - 1, Version, nowTicks);
                _conceptQuietUntil = nowTicks + _options.Cooldown.Ticks;
            }
        }

        return detection;
    }

    /// <summary>
    /// What <paramref name="version"/>'s errors were on the held-out rows it was judged on when trained: their mean (error
    /// rate, or mean absolute error), variance and count. The performance check compares the live errors with it.
    /// </summary>
    public void ExpectErrors(int version, double mean, double variance, long count)
    {
        SwitchTo(version);
        _expected = double.IsFinite(mean) && double.IsFinite(variance) && variance >= 0 && count > 1 ? (mean, variance, count) : null;
    }

    /// <summary>
    /// The performance check: once the window holds <see cref="DriftMonitorOptions.MinimumCurrent"/> errors, reports
    /// (once per version) when their mean exceeds the expected held-out error by the relative margin and by
    /// <see cref="DriftMonitorOptions.PerformanceZ"/> standard errors of the difference. Null otherwise, and always
    /// when no expectation was set or the check is off.
    /// </summary>
    public DriftDetection? CheckPerformance(long nowTicks)
    {
        if (_expected is not { } expected || _performanceReported || _options.PerformanceMargin <= 0 || _errorCount < _options.MinimumCurrent)
        {
            return null;
        }

        var n = (double)_errorCount;
        var mean = _errorSum / n;
        var variance = Math.Max(0, (_errorSquares / n) - (mean * mean));
        var error = Math.Sqrt((variance / n) + (expected.Variance / expected.Count));
        var z = error > 0 ? (mean - expected.Mean) / error : mean > expected.Mean ? double.PositiveInfinity : 0;
        if (mean <= expected.Mean * (1 + _options.PerformanceMargin) || z < _options.PerformanceZ)
        {
            return null;
        }

        _performanceReported = true;
        return new DriftDetection(DriftKind.Performance, ErrorSignal, "holdout", mean, expected.Mean, double.NaN, _conceptIndex - 1, Version, nowTicks);
    }

    /// <summary>Compares every ready signal with its reference and returns the detections this evaluation raised.</summary>
    public IReadOnlyList<DriftDetection> Evaluate(long nowTicks)
    {
        _evaluations++;
        List<DriftDetection>? detections = null;
        foreach (var s in _signals.Values)
        {
            if (s.Evaluate(nowTicks, _evaluations, Version) is { } d)
            {
                (detections ??= []).Add(d);
            }
        }

        return detections ?? (IReadOnlyList<DriftDetection>)[];
    }

    /// <summary>Signals whose reference is the version's training data.</summary>
    public IReadOnlyList<string> SeededSignals() => [.. _signals.Values.Where(s => s.Seeded).Select(s => s.Name)];

    /// <summary>The latest figures of every signal, in name order.</summary>
    public IReadOnlyList<SignalStatus> Status() =>
        [.. _signals.Values.OrderBy(s => s.Kind).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Status)];

    private void SwitchTo(int version)
    {
        if (version == Version)
        {
            return;
        }

        // Another version serves now: its own traffic is the new reference, and its errors a new stream.
        Version = version;
        _signals.Clear();
        _concept = NewDetector();
        _conceptIndex = 0;
        _conceptErrors = 0;
        _errorCount = 0;
        _errorNext = 0;
        _errorSum = 0;
        _errorSquares = 0;
        _expected = null;
        _performanceReported = false;
    }

    private IDriftDetector NewDetector() => DriftDetectorFactory.Create(_options.ConceptDetector, new Dictionary<string, string>());

    private sealed class Signal(string name, DriftKind kind, DriftMonitorOptions options)
    {
        private readonly double[] _reference = new double[options.ReferenceSize];
        private readonly double[] _window = new double[options.WindowSize];
        private int _referenceCount;
        private int _referenceLimit = options.ReferenceSize;
        private int _windowCount;
        private int _windowNext;
        private FixedBinHistogram? _referenceHistogram;
        private bool _armed = true;
        private int _clean;
        private long _quietUntil;

        public string Name => name;

        public DriftKind Kind => kind;

        public SignalStatus Status { get; private set; } = new(name, kind, 0, 0, double.NaN, double.NaN, false, 0);

        /// <summary>Whether the reference came from training data rather than the first served values.</summary>
        public bool Seeded { get; private set; }

        public void Seed(ReadOnlySpan<float> values)
        {
            foreach (var v in values)
            {
                if (float.IsFinite(v) && _referenceCount < _reference.Length)
                {
                    _reference[_referenceCount++] = v;
                }
            }

            _referenceLimit = _referenceCount;
            Seeded = _referenceCount > 0;
            Status = Status with { ReferenceCount = _referenceCount };
        }

        public void Add(float value)
        {
            if (!float.IsFinite(value))
            {
                return; // Evidently drops NaN and ±∞ before comparing.
            }

            if (_referenceCount < _referenceLimit)
            {
                _reference[_referenceCount++] = value;
                return;
            }

            _window[_windowNext] = value;
            _windowNext = (_windowNext + 1) % _window.Length;
            _windowCount = Math.Min(_windowCount + 1, _window.Length);
        }

        public DriftDetection? Evaluate(long nowTicks, long evaluation, int version)
        {
            if (_referenceCount < _referenceLimit || _referenceCount == 0 || _windowCount < options.MinimumCurrent)
            {
                Status = Status with { ReferenceCount = _referenceCount, CurrentCount = _windowCount };
                return null;
            }

            _referenceHistogram ??= FixedBinHistogram.FromReference(_reference.AsSpan(0, _referenceCount));
            var current = new FixedBinHistogram(_referenceHistogram.Edges);
            current.AddRange(_window.AsSpan(0, _windowCount));
            var psi = SketchDriftStatistics.PopulationStabilityIndex(_referenceHistogram, current, options.PsiThreshold);
            var js = SketchDriftStatistics.JensenShannon(_referenceHistogram, current);
            var streak = psi.Drift ? Status.Streak + 1 : 0;
            Status = new SignalStatus(name, kind, _referenceCount, _windowCount, psi.Value, js.Value, psi.Drift, streak);
            if (!psi.Drift)
            {
                if (!_armed && ++_clean >= options.Consecutive)
                {
                    _armed = true;
                }

                return null;
            }

            _clean = 0;
            if (!_armed || streak < options.Consecutive || nowTicks < _quietUntil)
            {
                return null;
            }

            _armed = false;
            _quietUntil = nowTicks + options.Cooldown.Ticks;
            return new DriftDetection(kind, name, "psi", psi.Value, options.PsiThreshold, js.Value, evaluation, version, nowTicks);
        }
    }
}
