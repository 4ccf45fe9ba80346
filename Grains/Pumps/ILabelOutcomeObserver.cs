using StreamML.Core.Entities;
using StreamML.Core.Events;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Told by a pump what became of each label it read from its source, as soon as the group call that carried the label is
/// over. A source whose producers wait for their labels' outcomes (the HTTP API answers with them) gives one to the pump.
/// </summary>
public interface ILabelOutcomeObserver
{
    /// <summary>
    /// The labels were applied: <paramref name="outcomes"/>[i] is what became of <paramref name="labels"/>[i]; a label
    /// past the end of <paramref name="outcomes"/> has no known outcome.
    /// </summary>
    void OnApplied(ReadOnlySpan<LabelEnvelope> labels, ReadOnlySpan<LabelOutcome> outcomes);

    /// <summary>
    /// The labels were not applied: dead-lettered after failing, or given up because the pump stopped or went back to its
    /// checkpoint.
    /// </summary>
    void OnNotApplied(ReadOnlySpan<LabelEnvelope> labels);
}
