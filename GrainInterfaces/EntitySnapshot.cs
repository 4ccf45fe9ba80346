using StreamML.Core.Events;

namespace StreamML.GrainInterfaces;

/// <summary>A read of one entity's state.</summary>
[GenerateSerializer]
[Alias("streamml.EntitySnapshot")]
[Immutable]
public sealed record EntitySnapshot
{
    /// <summary>The entity id.</summary>
    [Id(0)] public required string Entity { get; init; }

    /// <summary>Whether the entity has ever received an event.</summary>
    [Id(1)] public bool Exists { get; init; }

    /// <summary>Events accepted.</summary>
    [Id(2)] public long Events { get; init; }

    /// <summary>Events accepted out of order.</summary>
    [Id(3)] public long OutOfOrder { get; init; }

    /// <summary>Events accepted late, within the allowed lateness.</summary>
    [Id(4)] public long LateAccepted { get; init; }

    /// <summary>Events refused as too late.</summary>
    [Id(5)] public long LateRejected { get; init; }

    /// <summary>Replayed events skipped.</summary>
    [Id(6)] public long Duplicates { get; init; }

    /// <summary>Labels joined with a prediction.</summary>
    [Id(7)] public long Labels { get; init; }

    /// <summary>Newest event time seen.</summary>
    [Id(8)] public DateTimeOffset? LastEventTime { get; init; }

    /// <summary>The entity's watermark.</summary>
    [Id(9)] public DateTimeOffset? Watermark { get; init; }

    /// <summary>Feature column names.</summary>
    [Id(10)] public string[] FeatureNames { get; init; } = [];

    /// <summary>The feature vector of the last scored event.</summary>
    [Id(11)] public float[] Features { get; init; } = [];

    /// <summary>The last prediction, if any.</summary>
    [Id(12)] public Prediction? LastPrediction { get; init; }

    /// <summary>Highest applied offset per source partition (what replays are checked against).</summary>
    [Id(13)] public Dictionary<int, long> AppliedOffsets { get; init; } = [];

    /// <summary>Events buffered for the entity's windows.</summary>
    [Id(14)] public int BufferedEvents { get; init; }

    /// <summary>Estimated bytes of state held for the entity.</summary>
    [Id(15)] public int StateBytes { get; init; }
}
