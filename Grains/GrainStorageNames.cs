namespace StreamML.Grains;

/// <summary>The names of the grain storage providers StreamML's grains persist to; the silo wiring registers one backend under each.</summary>
public static class GrainStorageNames
{
    /// <summary>Entity state.</summary>
    public const string Entities = "entities";

    /// <summary>Registry routing, dead letters, example stores and other control state.</summary>
    public const string Control = "control";
}
