using StreamML.Core.Events;

namespace StreamML.GrainInterfaces;

/// <summary>
/// One entity (a meter, a card, a device): keeps its windowed state, turns each event into features, scores them
/// with the model version routed to it, and remembers recent predictions for the labels that come later.
/// </summary>
[Alias("streamml.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies this entity's records from one read of a partition: its events in source order (predictions go to the
    /// silo's sinks), then its labels.
    /// </summary>
    /// <param name="events">Events of this entity, in source order; never modified by the grain.</param>
    /// <param name="labels">Labels of this entity, in source order; never modified by the grain.</param>
    ValueTask<EntityBatchResult> OnRecordsAsync([Immutable] StreamEvent[] events, [Immutable] LabelEvent[] labels);

    /// <summary>Applies a batch of events and returns their predictions (the synchronous scoring path).</summary>
    ValueTask<Prediction[]> ScoreAsync([Immutable] StreamEvent[] events);

    /// <summary>Joins labels with the predictions this entity remembers.</summary>
    ValueTask<LabelBatchResult> OnLabelsAsync([Immutable] LabelEvent[] labels);

    /// <summary>Reads the entity's state: counters, watermark, current features and last prediction.</summary>
    ValueTask<EntitySnapshot> GetAsync();

    /// <summary>Persists the entity's state now if anything changed since the last write.</summary>
    ValueTask FlushAsync();

    /// <summary>Erases the entity's state and remembered predictions, and deactivates it.</summary>
    /// <returns>Whether any state existed.</returns>
    Task<bool> EraseAsync();
}
