using Microsoft.Extensions.Options;
using StreamML.Contracts;

namespace StreamML.Silo.Security;

/// <summary>Validates <see cref="StreamMLAuthOptions"/>, reporting every problem at once; no message repeats a key or a secret.</summary>
internal sealed class StreamMLAuthOptionsValidator : IValidateOptions<StreamMLAuthOptions>
{
    /// <summary>HMAC-SHA256 keys shorter than the hash are refused by the token library, and are guessable besides.</summary>
    private const int MinSigningKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, StreamMLAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (!Enum.IsDefined(options.Mode))
        {
            result.AddError($"StreamML:Auth:Mode '{options.Mode}' is not one of {string.Join(", ", Enum.GetNames<AuthMode>())}.");
        }

        if (options.Mode == AuthMode.Required && !options.JwtConfigured && options.ApiKeys.Count == 0)
        {
            result.AddError("StreamML:Auth:Mode is Required but neither StreamML:Auth:Jwt (Authority or SigningKeys) nor StreamML:Auth:ApiKeys is configured, so nobody could call the API.");
        }

        foreach (var problem in JwtProblems(options.Jwt).Concat(ApiKeyProblems(options.ApiKeys)))
        {
            result.AddError(problem);
        }

        return result.Build();
    }

    private static IEnumerable<string> JwtProblems(JwtAuthOptions jwt)
    {
        var authority = !string.IsNullOrWhiteSpace(jwt.Authority);
        if (!authority && jwt.SigningKeys.Count == 0)
        {
            yield break;
        }

        if (authority && (!Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"StreamML:Auth:Jwt:Authority '{jwt.Authority}' is not an https URL.";
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            yield return "StreamML:Auth:Jwt:Audience must name the audience tokens are issued for.";
        }

        if (jwt.SigningKeys.Count > 0 && string.IsNullOrWhiteSpace(jwt.Issuer))
        {
            yield return "StreamML:Auth:Jwt:Issuer must name the issuer of tokens signed with StreamML:Auth:Jwt:SigningKeys.";
        }

        for (var i = 0; i < jwt.SigningKeys.Count; i++)
        {
            var bytes = new byte[jwt.SigningKeys[i].Length];
            if (!Convert.TryFromBase64String(jwt.SigningKeys[i], bytes, out var length) || length < MinSigningKeyBytes)
            {
                yield return $"StreamML:Auth:Jwt:SigningKeys:{i} must be base64 of at least {MinSigningKeyBytes} bytes.";
            }
        }
    }

    private static IEnumerable<string> ApiKeyProblems(IList<ApiKeyOptions> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return $"StreamML:Auth:ApiKeys:{i}:Name must name the key's holder.";
            }

            if (!StreamMLRoles.IsKnown(key.Role))
            {
                yield return $"StreamML:Auth:ApiKeys:{i}:Role '{key.Role}' is not one of {string.Join(", ", StreamMLRoles.All)}.";
            }

            if (!ApiKeyHash.IsHash(key.Sha256))
            {
                yield return $"StreamML:Auth:ApiKeys:{i}:Sha256 must be the key's SHA-256 as 64 lower-case hex digits (streamml keys create prints it).";
            }
        }

        foreach (var duplicate in keys.Where(k => !string.IsNullOrWhiteSpace(k.Name)).GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"StreamML:Auth:ApiKeys: the name '{duplicate.Key}' is used by {duplicate.Count()} keys; audit records could not tell them apart.";
        }

        foreach (var duplicate in keys.Where(k => ApiKeyHash.IsHash(k.Sha256)).GroupBy(k => k.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"StreamML:Auth:ApiKeys: {string.Join(", ", duplicate.Select(k => k.Name))} have the same Sha256; each holder needs a key of their own.";
        }
    }
}
