using StreamML.Core.Entities;
using StreamML.Core.Features;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Entities;

/// <summary>Reads an entity's state into the snapshot the entity API shows.</summary>
internal static class EntitySnapshots
{
    /// <summary>The snapshot of an entity the group holds.</summary>
    public static EntitySnapshot Of(EntityProcessor processor, FeaturePlan plan)
    {
        var w = processor.Windows;
        return new EntitySnapshot
        {
            Entity = processor.Entity,
            Exists = true,
            Events = w.Accepted,
            OutOfOrder = w.OutOfOrder,
            LateAccepted = w.LateAccepted,
            LateRejected = w.LateRejected,
            Duplicates = processor.Duplicates,
            Labels = processor.LabelsMatched,
            LastEventTime = w.Accepted > 0 ? new DateTimeOffset(w.MaxEventTicks, TimeSpan.Zero) : null,
            Watermark = w.Accepted > 0 ? new DateTimeOffset(Math.Max(w.WatermarkTicks, 0), TimeSpan.Zero) : null,
            FeatureNames = [.. plan.ColumnNames],
            Features = processor.CurrentFeatures.ToArray(),
            LastPrediction = processor.LastPrediction,
            AppliedOffsets = processor.AppliedOffsets.ToDictionary(kv => kv.Key, kv => kv.Value),
            BufferedEvents = w.BufferedEvents,
            StateBytes = processor.EstimatedBytes,
        };
    }
}
