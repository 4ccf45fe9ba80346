namespace StreamML.GrainInterfaces;

/// <summary>A feature vector with its observed label, as retraining reads it.</summary>
[GenerateSerializer]
[Alias("streamml.LabelledExample")]
[Immutable]
public sealed record LabelledExample
{
    /// <summary>The feature vector the prediction was made from.</summary>
    [Id(0)] public required float[] Features { get; init; }

    /// <summary>The observed label.</summary>
    [Id(1)] public float Label { get; init; }

    /// <summary>Event time of the labelled event (UTC ticks).</summary>
    [Id(2)] public long EventTicks { get; init; }

    /// <summary>The version that served the prediction (0 for a fallback).</summary>
    [Id(3)] public int ModelVersion { get; init; }

    /// <summary>The served probability (or score for regression).</summary>
    [Id(4)] public float Prediction { get; init; }

    /// <summary>
    /// The stable 64-bit hash (<see cref="Core.Hashing.EntityHash.Hash64"/>) of the entity as the platform keeps it (its
    /// pseudonym when pseudonymising): erasure finds the entity's examples by it, and the training data holds no id.
    /// </summary>
    [Id(5)] public ulong EntityKey { get; init; }
}
