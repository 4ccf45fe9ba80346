using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs;

namespace StreamML.Transports.EventHubs;

/// <summary>
/// Settings of <see cref="EventHubsSource"/>, the native Event Hubs source over AMQP: the namespace and event hub, and
/// either a shared-access connection string or an Entra ID identity (a managed identity in Azure). They bind from the
/// same section as the Kafka-endpoint settings, so one namespace configuration serves either protocol.
/// </summary>
public sealed class EventHubsSourceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Sources:EventHubs";

    /// <summary>The source name used in checkpoints, metrics and dead-letter records.</summary>
    /// <value>The default value is <c>eventhubs</c>.</value>
    public string Name { get; set; } = "eventhubs";

    /// <summary>The namespace (<c>contoso</c> or <c>contoso.servicebus.windows.net</c>) for Entra ID authentication.</summary>
    /// <value>The default value is null.</value>
    public string? Namespace { get; set; }

    /// <summary>The event hub read; may be left empty when the connection string names it (<c>EntityPath</c>).</summary>
    /// <value>The default value is null.</value>
    public string? EventHub { get; set; }

    /// <summary>A namespace or event hub shared-access connection string; null to use Entra ID.</summary>
    /// <value>The default value is null.</value>
    public string? ConnectionString { get; set; }

    /// <summary>The token credential; when null, a managed identity (<see cref="ManagedIdentityClientId"/>) or <see cref="DefaultAzureCredential"/>.</summary>
    /// <value>The default value is null.</value>
    public TokenCredential? Credential { get; set; }

    /// <summary>Client id of the user-assigned managed identity to authenticate as.</summary>
    /// <value>The default value is null.</value>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The consumer group the partition receivers read through.</summary>
    /// <value>The default value is <c>$Default</c>, which every event hub has.</value>
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>Where a partition without a checkpoint is read from.</summary>
    /// <value>The default value is <see cref="EventHubsStart.Earliest"/>.</value>
    public EventHubsStart StartFrom { get; set; } = EventHubsStart.Earliest;

    /// <summary>The most events one receive asks the service for.</summary>
    /// <value>The default value is 512.</value>
    public int BatchSize { get; set; } = 512;

    /// <summary>How long one receive waits for the first event before returning none.</summary>
    /// <value>The default value is 100 ms.</value>
    public TimeSpan MaxWaitTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events each receiver asks the service to send ahead of its reads; 0 turns prefetching off.</summary>
    /// <value>The default value is 1,024.</value>
    public int PrefetchCount { get; set; } = 1024;

    /// <summary>The fully qualified namespace host name, from <see cref="Namespace"/> or the connection string.</summary>
    public string? FullyQualifiedNamespace =>
        EventHubsNamespace.Qualify(Namespace) ?? (TryParseConnectionString(out var parsed) ? parsed.FullyQualifiedNamespace : null);

    /// <summary>The event hub read: <see cref="EventHub"/>, or the connection string's <c>EntityPath</c>.</summary>
    public string? EventHubName =>
        !string.IsNullOrWhiteSpace(EventHub) ? EventHub : TryParseConnectionString(out var parsed) ? parsed.EventHubName : null;

    /// <summary>Every problem with these options, all at once; empty when they are valid. Never repeats the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            failures.Add($"{SectionName}:{nameof(Name)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ConsumerGroup))
        {
            failures.Add($"{SectionName}:{nameof(ConsumerGroup)} must not be empty ($Default is every event hub's own).");
        }

        if (BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{SectionName}:{nameof(BatchSize)} must be between 1 and 10,000.");
        }

        if (MaxWaitTime <= TimeSpan.Zero || MaxWaitTime > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{SectionName}:{nameof(MaxWaitTime)} must be above zero and at most a minute.");
        }

        if (PrefetchCount is < 0 or > 100_000)
        {
            failures.Add($"{SectionName}:{nameof(PrefetchCount)} must be between 0 and 100,000.");
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            ConnectionStringFailures(failures);
        }
        else if (string.IsNullOrWhiteSpace(Namespace))
        {
            failures.Add($"{SectionName}: set {nameof(ConnectionString)}, or {nameof(Namespace)} for Entra ID (managed identity) authentication.");
        }

        if (string.IsNullOrWhiteSpace(EventHubName))
        {
            failures.Add($"{SectionName}:{nameof(EventHub)} is required (or an EntityPath in the connection string).");
        }

        return failures;
    }

    /// <summary>The credential for Entra ID authentication: the configured one, the user-assigned managed identity, or the default chain.</summary>
    internal TokenCredential ResolveCredential() =>
        Credential ?? (string.IsNullOrWhiteSpace(ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ManagedIdentityClientId)));

    private void ConnectionStringFailures(List<string> failures)
    {
        if (!TryParseConnectionString(out var parsed))
        {
            // The parser's own message may quote the text, and the text holds the key.
            failures.Add($"{SectionName}:{nameof(ConnectionString)} is not usable: expected Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=... (or SharedAccessSignature=...).");
            return;
        }

        if (EventHubsNamespace.Qualify(Namespace) is { } ns && !string.Equals(ns, parsed.FullyQualifiedNamespace, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{SectionName}: {nameof(Namespace)} '{ns}' differs from the connection string's endpoint '{parsed.FullyQualifiedNamespace}'.");
        }

        if (parsed.EventHubName is { Length: > 0 } path && !string.IsNullOrWhiteSpace(EventHub) && !string.Equals(path, EventHub, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{SectionName}: the connection string is for event hub '{path}', not '{EventHub}'.");
        }

        if (Credential is not null || !string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            failures.Add($"{SectionName}: set either {nameof(ConnectionString)} or a credential/managed identity, not both.");
        }
    }

    private bool TryParseConnectionString(out EventHubsConnectionStringProperties parsed)
    {
        parsed = null!;
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return false;
        }

        try
        {
            parsed = EventHubsConnectionStringProperties.Parse(ConnectionString);
            return !string.IsNullOrEmpty(parsed.FullyQualifiedNamespace)
                   && (parsed.SharedAccessSignature is { Length: > 0 } || (parsed.SharedAccessKeyName is { Length: > 0 } && parsed.SharedAccessKey is { Length: > 0 }));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
