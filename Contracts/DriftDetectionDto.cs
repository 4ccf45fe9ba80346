namespace StreamML.Contracts;

/// <summary>One drift detection with the figures that decided it.</summary>
/// <param name="Sequence">Orders the detections of one model and scope.</param>
/// <param name="Model">The model.</param>
/// <param name="Scope"><c>all</c>, or a segment value.</param>
/// <param name="Version">The model version watched.</param>
/// <param name="Kind">What kind of drift (data, prediction, concept).</param>
/// <param name="Signal">The signal that drifted.</param>
/// <param name="Statistic">The statistic or detector that decided (for example psi, ADWIN).</param>
/// <param name="Value">The statistic's value.</param>
/// <param name="Threshold">The threshold it crossed, when it has one.</param>
/// <param name="JensenShannon">Jensen–Shannon distance at the detection, when known.</param>
/// <param name="Index">The position in the signal's stream where drift was detected.</param>
/// <param name="At">When it was detected.</param>
public sealed record DriftDetectionDto(
    long Sequence,
    string Model,
    string Scope,
    int Version,
    string Kind,
    string Signal,
    string Statistic,
    double Value,
    double? Threshold,
    double? JensenShannon,
    long Index,
    DateTimeOffset At);
