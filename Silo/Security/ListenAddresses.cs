namespace StreamML.Silo.Security;

/// <summary>Whether the addresses the HTTP server is configured to listen on stay on this machine.</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// The problem of listening beyond loopback in <see cref="AuthMode.Open"/> (the mode when none is configured), found
    /// from the keys the server reads: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) and <c>Kestrel:Endpoints:*:Url</c>.
    /// </summary>
    public static IEnumerable<string> OpenModeProblems(IConfiguration configuration)
    {
        var mode = configuration[$"{StreamMLAuthOptions.SectionName}:{nameof(StreamMLAuthOptions.Mode)}"];
        if (!string.IsNullOrEmpty(mode) && (!Enum.TryParse<AuthMode>(mode, ignoreCase: true, out var parsed) || parsed != AuthMode.Open))
        {
            yield break;
        }

        // Without urls the host listens on localhost:8080 (AddStreamMLSilo), whatever http_ports says.
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        var beyond = urls.Where(u => !IsLoopback(u)).ToList();
        if (beyond.Count > 0)
        {
            yield return $"StreamML:Auth:Mode is Open (the default), which serves loopback only, but the HTTP API would listen on {string.Join(", ", beyond)}; set StreamML:Auth:Mode=Required with StreamML:Auth:ApiKeys or StreamML:Auth:Jwt (see docs/security.md), or listen on 127.0.0.1.";
        }
    }

    /// <summary>Whether <paramref name="url"/> names a loopback host (<c>localhost</c>, 127.0.0.0/8 or ::1); wildcards and other names are not.</summary>
    public static bool IsLoopback(string url)
    {
        // Kestrel reads * and + as every interface; Uri would not parse them as hosts at all.
        var parsable = url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal);
        return Uri.TryCreate(parsable, UriKind.Absolute, out var uri) && uri.IsLoopback;
    }
}
