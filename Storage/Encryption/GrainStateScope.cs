namespace StreamML.Storage.Encryption;

/// <summary>
/// Which grain state a storage call is about, carried along the call's async flow: Orleans' serializer interface sees
/// only the state, yet an envelope must be bound to the grain and state it belongs to.
/// </summary>
internal sealed class GrainStateScope
{
    private static readonly AsyncLocal<GrainStateScope?> CurrentScope = new();

    private GrainStateScope(string context) => Context = context;

    /// <summary>The scope of the storage call under way on this flow, if any.</summary>
    public static GrainStateScope? Current => CurrentScope.Value;

    /// <summary>The envelope context: the state's name and the grain's id.</summary>
    public string Context { get; }

    /// <summary>Whether the serializer encrypted the state during this call.</summary>
    public bool Encrypted { get; set; }

    /// <summary>Starts the scope of a call on <paramref name="stateName"/> of <paramref name="grainId"/>; the flow's earlier scope returns when the calling async method ends.</summary>
    public static GrainStateScope Enter(string stateName, GrainId grainId)
    {
        var scope = new GrainStateScope($"state '{stateName}' of {grainId}");
        CurrentScope.Value = scope;
        return scope;
    }
}
