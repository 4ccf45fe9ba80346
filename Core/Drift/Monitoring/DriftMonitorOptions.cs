namespace StreamML.Core.Drift.Monitoring;

/// <summary>How a drift monitor decides.</summary>
public sealed class DriftMonitorOptions
{
    /// <summary>Values of each signal that form the reference window.</summary>
    /// <value>The default value is 2,000.</value>
    public int ReferenceSize { get; set; } = 2_000;

    /// <summary>Values of each signal in the sliding current window.</summary>
    /// <value>The default value is 2,000.</value>
    public int WindowSize { get; set; } = 2_000;

    /// <summary>Values the current window needs before it is compared.</summary>
    /// <value>The default value is 500.</value>
    public int MinimumCurrent { get; set; } = 500;

    /// <summary>PSI at or above which a signal drifts (Evidently's default).</summary>
    /// <value>The default value is 0.1.</value>
    public double PsiThreshold { get; set; } = Statistics.DriftThresholds.PopulationStabilityIndex;

    /// <summary>Consecutive drifting evaluations before a detection, and clean ones before the signal is re-armed (hysteresis).</summary>
    /// <value>The default value is 3.</value>
    public int Consecutive { get; set; } = 3;

    /// <summary>Quiet time after a detection of a signal before it may be detected again.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>River detector watching the error stream (any name <see cref="Detectors.DriftDetectorFactory"/> knows).</summary>
    /// <value>The default value is <c>ADWIN</c>.</value>
    public string ConceptDetector { get; set; } = "ADWIN";

    /// <summary>
    /// How much larger than its held-out error a version's live error over the window must be, relatively, before the
    /// performance check reports it (besides being significant at <see cref="PerformanceZ"/>); 0 turns the check off.
    /// </summary>
    /// <value>The default value is 0.1 (10 % more error).</value>
    public double PerformanceMargin { get; set; } = 0.1;

    /// <summary>The z-score the live error must exceed the held-out one by (both samples' variances counted).</summary>
    /// <value>The default value is 3.</value>
    public double PerformanceZ { get; set; } = 3;

    /// <summary>Every problem with the options, all at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ReferenceSize < 50 || WindowSize < 50)
        {
            errors.Add("Drift.ReferenceSize and Drift.WindowSize must be at least 50.");
        }

        if (MinimumCurrent < 1 || MinimumCurrent > WindowSize)
        {
            errors.Add("Drift.MinimumCurrent must be between 1 and Drift.WindowSize.");
        }

        if (!(PsiThreshold > 0) || !double.IsFinite(PsiThreshold))
        {
            errors.Add("Drift.PsiThreshold must be a positive number.");
        }

        if (Consecutive is < 1 or > 1_000)
        {
            errors.Add("Drift.Consecutive must be between 1 and 1000.");
        }

        if (Cooldown < TimeSpan.Zero)
        {
            errors.Add("Drift.Cooldown must not be negative.");
        }

        if (!(PerformanceMargin >= 0) || !double.IsFinite(PerformanceMargin) || !(PerformanceZ > 0) || !double.IsFinite(PerformanceZ))
        {
            errors.Add("Drift.PerformanceMargin must be 0 or more and Drift.PerformanceZ more than 0.");
        }

        if (Detectors.DriftDetectorFactory.Find(ConceptDetector) is null)
        {
            errors.Add($"Drift.ConceptDetector '{ConceptDetector}' is not a known detector ({string.Join(", ", Detectors.DriftDetectorFactory.Known.Select(d => d.Name))}).");
        }

        return errors;
    }
}
