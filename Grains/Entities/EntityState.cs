namespace StreamML.Grains.Entities;

/// <summary>The persisted form of an entity: the compact snapshot written by its processor.</summary>
[GenerateSerializer]
[Alias("streamml.EntityState")]
public sealed class EntityState
{
    /// <summary>The snapshot bytes, or null when the entity has never been written.</summary>
    [Id(0)] public byte[]? Data { get; set; }
}
