namespace StreamML.GrainInterfaces;

/// <summary>
/// How one model's traffic is routed: the champion serves everyone, a challenger serves the canary share of entities
/// (by stable hash of the entity id into 10,000 buckets) or is scored in shadow. Every change bumps <see cref="Revision"/>.
/// </summary>
[GenerateSerializer]
[Alias("streamml.ModelRouting")]
[Immutable]
public sealed record ModelRouting
{
    /// <summary>The model name.</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary>Increases with every change, so silos can tell a new routing from the one they hold.</summary>
    [Id(1)] public long Revision { get; init; }

    /// <summary>The champion version, 0 when no model is ready yet.</summary>
    [Id(2)] public int Champion { get; init; }

    /// <summary>The challenger version, 0 when none.</summary>
    [Id(3)] public int Challenger { get; init; }

    /// <summary>Share of entities the challenger serves, in basis points (0 to 10,000).</summary>
    [Id(4)] public int CanaryBasisPoints { get; init; }

    /// <summary>Whether the challenger is scored in shadow (for every entity, never served).</summary>
    [Id(5)] public bool Shadow { get; init; }
}
