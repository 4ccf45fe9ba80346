namespace StreamML.Transports.EventHubs;

/// <summary>How a configured Event Hubs namespace becomes its fully qualified host name, for the AMQP and the Kafka endpoint alike.</summary>
internal static class EventHubsNamespace
{
    /// <summary>
    /// <c>contoso</c>, <c>contoso.servicebus.windows.net</c> or <c>sb://contoso.servicebus.windows.net/</c> as the lower-case
    /// host name; null when <paramref name="configured"/> is empty.
    /// </summary>
    public static string? Qualify(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var ns = configured.Trim().TrimEnd('/');
        if (ns.StartsWith("sb://", StringComparison.OrdinalIgnoreCase))
        {
            ns = ns["sb://".Length..];
        }

        return ns.Contains('.', StringComparison.Ordinal) ? ns.ToLowerInvariant() : $"{ns.ToLowerInvariant()}.servicebus.windows.net";
    }
}
