using StreamML.GrainInterfaces;

namespace StreamML.Grains.Registry;

/// <summary>The persisted part of a model registry: its routing (versions live in the model store).</summary>
[GenerateSerializer]
[Alias("streamml.RegistryState")]
public sealed class RegistryState
{
    /// <summary>The current routing, null before the first version.</summary>
    [Id(0)] public ModelRouting? Routing { get; set; }

    /// <summary>Earlier champions, newest last, for rollback (bounded).</summary>
    [Id(1)] public List<int> PreviousChampions { get; set; } = [];
}
