namespace StreamML.Contracts;

/// <summary>
/// The roles a caller of the HTTP API can hold (an API key's <c>Role</c>, or a JWT's role claim). Each role sees what
/// the one before it sees, except <see cref="Ingest"/>, which only sends data.
/// </summary>
public static class StreamMLRoles
{
    /// <summary>Sends events and labels and asks for scores.</summary>
    public const string Ingest = "ingest";

    /// <summary>Reads everything: entities, models, drift, alerts, dead letters, <c>/metrics</c> and the dashboard.</summary>
    public const string Reader = "reader";

    /// <summary>A reader who also changes rollouts (start, promote, roll back) and starts or cancels retraining.</summary>
    public const string Operator = "operator";

    /// <summary>An operator who also erases entities and reads the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, least privileged first.</summary>
    public static IReadOnlyList<string> All { get; } = [Ingest, Reader, Operator, Admin];

    /// <summary>Whether <paramref name="role"/> is one of <see cref="All"/> (names are lower case and compared exactly).</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
