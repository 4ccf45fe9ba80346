namespace StreamML.GrainInterfaces;

/// <summary>The scopes of <see cref="IDriftMonitorGrain"/>, keyed <c>{model}/{scope}</c>: the whole model's traffic, or one segment value.</summary>
public static class DriftScopes
{
    /// <summary>The scope of a model's whole traffic.</summary>
    public const string All = "all";
}
