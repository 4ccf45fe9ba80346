namespace StreamML.Transports.Kafka;

/// <summary>The parts of an Event Hubs shared-access connection string that the Kafka endpoint needs checked.</summary>
internal sealed record EventHubsConnectionString(string Host, string KeyName, string? EntityPath)
{
    /// <summary>
    /// Parses <c>Endpoint=sb://{host}/;SharedAccessKeyName=...;SharedAccessKey=...[;EntityPath=...]</c>. The problem
    /// text never repeats the key.
    /// </summary>
    public static bool TryParse(string? text, out EventHubsConnectionString parsed, out string problem)
    {
        parsed = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "it is empty.";
            return false;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                problem = "it is not a list of Name=Value pairs separated by ';'.";
                return false;
            }

            parts[segment[..eq].Trim()] = segment[(eq + 1)..].Trim();
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            problem = "it carries a SharedAccessSignature token; the Event Hubs Kafka endpoint accepts only connection strings with SharedAccessKeyName and SharedAccessKey.";
            return false;
        }

        var missing = new[] { "Endpoint", "SharedAccessKeyName", "SharedAccessKey" }
            .Where(k => !parts.TryGetValue(k, out var v) || v.Length == 0).ToArray();
        if (missing.Length > 0)
        {
            problem = $"it lacks {string.Join(", ", missing)} (expected Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...).";
            return false;
        }

        if (!Uri.TryCreate(parts["Endpoint"], UriKind.Absolute, out var endpoint) || endpoint.Scheme != "sb" || string.IsNullOrEmpty(endpoint.Host))
        {
            problem = $"its Endpoint '{parts["Endpoint"]}' is not an sb://<namespace>.servicebus.windows.net/ address.";
            return false;
        }

        parts.TryGetValue("EntityPath", out var entityPath);
        parsed = new EventHubsConnectionString(endpoint.Host.ToLowerInvariant(), parts["SharedAccessKeyName"], string.IsNullOrEmpty(entityPath) ? null : entityPath);
        problem = string.Empty;
        return true;
    }
}
