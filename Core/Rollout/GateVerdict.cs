namespace StreamML.Core.Rollout;

/// <summary>A rollout gate's conclusion, with the figures that decided it.</summary>
/// <param name="Outcome">What the gate concluded.</param>
/// <param name="Reason">Why, in one sentence.</param>
/// <param name="Figures">The figures that decided it, by name (champion_accuracy, challenger_accuracy, challenger_count...).</param>
public sealed record GateVerdict(GateOutcome Outcome, string Reason, IReadOnlyDictionary<string, double> Figures);
