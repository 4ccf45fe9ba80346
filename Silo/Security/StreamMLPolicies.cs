using Microsoft.AspNetCore.Authorization;
using StreamML.Contracts;

namespace StreamML.Silo.Security;

/// <summary>
/// The authorization policies every route names, one per role. In <see cref="AuthMode.Required"/> a policy admits the
/// roles that include its own; in <see cref="AuthMode.Open"/> every policy admits anyone.
/// </summary>
internal static class StreamMLPolicies
{
    /// <summary>Sending events and labels, scoring.</summary>
    public const string Ingest = StreamMLRoles.Ingest;

    /// <summary>Every read: the API's GETs, <c>/metrics</c>, the dashboard.</summary>
    public const string Reader = StreamMLRoles.Reader;

    /// <summary>Rollout changes and retraining.</summary>
    public const string Operator = StreamMLRoles.Operator;

    /// <summary>Erasure and the audit log.</summary>
    public const string Admin = StreamMLRoles.Admin;

    /// <summary>The roles each policy admits in <see cref="AuthMode.Required"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Ingest] = [StreamMLRoles.Ingest],
        [Reader] = [StreamMLRoles.Reader, StreamMLRoles.Operator, StreamMLRoles.Admin],
        [Operator] = [StreamMLRoles.Operator, StreamMLRoles.Admin],
        [Admin] = [StreamMLRoles.Admin],
    };

    /// <summary>Adds the policies for <paramref name="mode"/>; in Required mode a route that names none needs an admin.</summary>
    public static void Add(AuthorizationOptions options, AuthMode mode)
    {
        foreach (var (policy, roles) in Roles)
        {
            options.AddPolicy(policy, p =>
            {
                if (mode == AuthMode.Required)
                {
                    p.RequireAuthenticatedUser().RequireRole(roles);
                }
                else
                {
                    p.RequireAssertion(static _ => true);
                }
            });
        }

        if (mode == AuthMode.Required)
        {
            options.FallbackPolicy = options.GetPolicy(Admin);
        }
    }
}
