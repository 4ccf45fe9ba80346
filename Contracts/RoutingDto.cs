namespace StreamML.Contracts;

/// <summary>A model's routing as the HTTP API shows it.</summary>
public sealed record RoutingDto
{
    /// <summary>Increases with every change.</summary>
    public long Revision { get; init; }

    /// <summary>The champion version, 0 when none.</summary>
    public int Champion { get; init; }

    /// <summary>The challenger version, 0 when none.</summary>
    public int Challenger { get; init; }

    /// <summary>The challenger's share of entities, in percent.</summary>
    public double CanaryPercent { get; init; }

    /// <summary>Whether the challenger is scored in shadow.</summary>
    public bool Shadow { get; init; }
}
