namespace StreamML.Core.Models;

/// <summary>Where a model version stands in its lifecycle.</summary>
public enum ModelStatus
{
    /// <summary>Registered, not serving.</summary>
    Candidate = 0,

    /// <summary>Scored beside the champion for comparison; its predictions are not served.</summary>
    Shadow = 1,

    /// <summary>Serving a share of entities.</summary>
    Canary = 2,

    /// <summary>Serving every entity not in a canary.</summary>
    Champion = 3,

    /// <summary>No longer serving; kept for audit and rollback.</summary>
    Retired = 4,
}
