using StreamML.Core.Events;

namespace StreamML.GrainInterfaces;

/// <summary>
/// Hosts the entities (meters, cards, devices) whose ids hash to this group: each keeps its windowed state, turns its
/// events into features, scores them with the model version routed to it, and remembers recent predictions for the
/// labels that come later. One call carries the records of many entities, so sparse streams are not one grain call
/// (and one activation) per event.
/// </summary>
/// <remarks>
/// A call cancelled before the grain starts it applies nothing; once started, a batch is applied whole and its state
/// written as usual, so a cancellation never leaves half a batch behind.
/// </remarks>
[Alias("streamml.IEntityGroupGrain")]
public interface IEntityGroupGrain : IGrainWithIntegerKey
{
    /// <summary>Applies events and returns their predictions (the synchronous scoring path).</summary>
    /// <param name="events">Events with their partition, offset and ingest time; never modified by the grain.</param>
    /// <param name="cancellationToken">Cancels the call while it waits to start.</param>
    ValueTask<Prediction[]> ScoreAsync([Immutable] EventEnvelope[] events, CancellationToken cancellationToken = default);

    /// <summary>Joins labels with the predictions their entities remember.</summary>
    /// <param name="labels">Labels with their partition and offset; never modified by the grain.</param>
    /// <param name="cancellationToken">Cancels the call while it waits to start.</param>
    ValueTask<LabelBatchResult> OnLabelsAsync([Immutable] LabelEnvelope[] labels, CancellationToken cancellationToken = default);

    /// <summary>Reads one entity's state.</summary>
    ValueTask<EntitySnapshot> GetAsync(string entity);

    /// <summary>
    /// Applies a partition pump's batch, the events in source order (predictions go to the silo's sinks) and then the
    /// labels, unless this activation is not the one the pump expects (<paramref name="expectedIncarnation"/>,
    /// <see cref="Guid.Empty"/> for any): then nothing is applied and the result is <see cref="EntityBatchResult.Refused"/>.
    /// </summary>
    /// <param name="expectedIncarnation">The activation the pump sent its earlier records to, or <see cref="Guid.Empty"/>.</param>
    /// <param name="events">Events in source order; never modified by the grain.</param>
    /// <param name="labels">Labels in source order; never modified by the grain.</param>
    /// <param name="cancellationToken">Cancels the call while it waits to start.</param>
    ValueTask<EntityBatchResult> ApplyAsync(Guid expectedIncarnation, [Immutable] EventEnvelope[] events, [Immutable] LabelEnvelope[] labels, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state if this activation is the expected one (<see cref="Guid.Empty"/> for any) and answers
    /// whether it did: a checkpoint may pass the pump's events only when their state was written by the activation
    /// that applied them.
    /// </summary>
    /// <param name="expectedIncarnation">The activation that applied the pump's records, or <see cref="Guid.Empty"/>.</param>
    /// <param name="cancellationToken">Cancels the call while it waits to start; a write once begun completes.</param>
    ValueTask<bool> FlushIfAsync(Guid expectedIncarnation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases one entity's state and remembered predictions and writes the group's state before answering; then waits
    /// until the labelled examples and dead letters this silo queued so far reached their stores, where the caller erases
    /// the entity's next.
    /// </summary>
    /// <param name="entity">The entity id.</param>
    /// <param name="cancellationToken">Cancels the call while it waits to start; an erasure once begun completes.</param>
    /// <returns>Whether the entity had any state.</returns>
    Task<bool> EraseAsync(string entity, CancellationToken cancellationToken = default);
}
