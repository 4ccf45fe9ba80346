namespace StreamML.Core.Generator;

/// <summary>What an injected drift changes.</summary>
public enum DriftInjectionKind
{
    /// <summary>The relation between features and labels changes (the next concept takes over).</summary>
    Concept = 0,

    /// <summary>The feature distributions move; the relation to labels stays.</summary>
    Data = 1,
}
