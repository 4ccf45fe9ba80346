namespace StreamML.Core.Events;

/// <summary>
/// A ground-truth label that arrives after the prediction it belongs to, joined by <see cref="EventId"/>. Immutable: where
/// the platform received it travels beside it in a <see cref="LabelEnvelope"/>.
/// </summary>
public sealed class LabelEvent
{
    /// <summary>Creates a label.</summary>
    public LabelEvent(string eventId, string entity, double label, long timeTicks = 0)
    {
        EventId = eventId;
        Entity = entity;
        Label = label;
        TimeTicks = timeTicks;
    }

    /// <summary>The id of the event whose outcome this is.</summary>
    public string EventId { get; }

    /// <summary>The entity of that event.</summary>
    public string Entity { get; }

    /// <summary>The observed outcome: 0 or 1 for binary models, the class index for multiclass, the value for regression.</summary>
    public double Label { get; }

    /// <summary>When the label was observed (UTC ticks), 0 when unknown.</summary>
    public long TimeTicks { get; }
}
