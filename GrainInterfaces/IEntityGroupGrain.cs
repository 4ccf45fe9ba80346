using StreamML.Core.Events;

namespace StreamML.GrainInterfaces;

/// <summary>
/// Hosts the entities (meters, cards, devices) whose ids hash to this group: each keeps its windowed state, turns its
/// events into features, scores them with the model version routed to it, and remembers recent predictions for the
/// labels that come later. One call carries the records of many entities, so sparse streams are not one grain call
/// (and one activation) per event.
/// </summary>
[Alias("streamml.IEntityGroupGrain")]
public interface IEntityGroupGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies records of this group's entities from one read of a source: the events in source order (predictions go
    /// to the silo's sinks), then the labels.
    /// </summary>
    /// <param name="events">Events, in source order; never modified by the grain.</param>
    /// <param name="labels">Labels, in source order; never modified by the grain.</param>
    ValueTask<EntityBatchResult> OnRecordsAsync([Immutable] StreamEvent[] events, [Immutable] LabelEvent[] labels);

    /// <summary>Applies events and returns their predictions (the synchronous scoring path).</summary>
    ValueTask<Prediction[]> ScoreAsync([Immutable] StreamEvent[] events);

    /// <summary>Joins labels with the predictions their entities remember.</summary>
    ValueTask<LabelBatchResult> OnLabelsAsync([Immutable] LabelEvent[] labels);

    /// <summary>Reads one entity's state.</summary>
    ValueTask<EntitySnapshot> GetAsync(string entity);

    /// <summary>Persists the group now if anything changed since its last write.</summary>
    ValueTask FlushAsync();

    /// <summary>
    /// Applies a partition pump's batch, unless this activation is not the one the pump expects
    /// (<paramref name="expectedIncarnation"/>, <see cref="Guid.Empty"/> for any): then nothing is applied and the
    /// result is <see cref="EntityBatchResult.Refused"/>.
    /// </summary>
    ValueTask<EntityBatchResult> ApplyAsync(Guid expectedIncarnation, [Immutable] StreamEvent[] events, [Immutable] LabelEvent[] labels);

    /// <summary>
    /// Writes the state if this activation is the expected one (<see cref="Guid.Empty"/> for any) and answers
    /// whether it did: a checkpoint may pass the pump's events only when their state was written by the activation
    /// that applied them.
    /// </summary>
    ValueTask<bool> FlushIfAsync(Guid expectedIncarnation);

    /// <summary>Erases one entity's state and remembered predictions.</summary>
    /// <returns>Whether the entity had any state.</returns>
    Task<bool> EraseAsync(string entity);
}
