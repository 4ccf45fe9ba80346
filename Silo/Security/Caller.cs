using System.Security.Claims;

namespace StreamML.Silo.Security;

/// <summary>The name a caller goes by in audit records: an API key's name, or the most readable name a token carries.</summary>
internal static class Caller
{
    /// <summary>
    /// The caller of a request without credentials (possible in <see cref="AuthMode.Open"/> only): the name every HTTP
    /// caller had in audit records before callers were identified, so records of open silos read as they always did.
    /// </summary>
    public const string Anonymous = "api";

    /// <summary>
    /// Token claims that name a caller, most readable first: Entra ID puts a user's sign-in name in
    /// <c>preferred_username</c> and an application's client id in <c>azp</c> (v2) or <c>appid</c> (v1).
    /// </summary>
    private static readonly string[] NameClaims = ["preferred_username", "name", "azp", "appid", ClaimTypes.NameIdentifier, "sub", "oid"];

    /// <summary>The name of <paramref name="user"/>, or <see cref="Anonymous"/>.</summary>
    public static string NameOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return Anonymous;
        }

        return identity.Name is { Length: > 0 } name
            ? name
            : NameClaims.Select(user.FindFirstValue).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "unnamed caller";
    }
}
