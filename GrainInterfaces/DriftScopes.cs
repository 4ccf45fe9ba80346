namespace StreamML.GrainInterfaces;

/// <summary>The scopes of <see cref="IDriftMonitorGrain"/>, keyed <c>{model}/{scope}</c>: the whole model's traffic, or one segment value.</summary>
public static class DriftScopes
{
    /// <summary>The scope of a model's whole traffic.</summary>
    public const string All = "all";

    /// <summary>
    /// The scope of the segments beyond the first <c>Schema.MaxSegments</c> a silo saw, monitored together so the number
    /// of monitors stays bounded.
    /// </summary>
    public const string Other = "other";
}
