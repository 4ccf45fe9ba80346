using Azure.Core;
using Azure.Identity;
using Confluent.Kafka;
using StreamML.Transports.EventHubs;

namespace StreamML.Transports.Kafka;

/// <summary>
/// Azure Event Hubs through its Kafka endpoint (<c>{namespace}.servicebus.windows.net:9093</c>), authenticated with a
/// namespace connection string (SASL PLAIN, user <c>$ConnectionString</c>) or with Entra ID tokens (OAUTHBEARER).
/// <see cref="ToKafkaSourceOptions"/> produces the <see cref="KafkaSourceOptions"/> with the settings Microsoft
/// recommends for librdkafka clients on Event Hubs.
/// </summary>
public sealed class EventHubsKafkaOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Sources:EventHubs";

    /// <summary>The TLS port of the Kafka endpoint.</summary>
    public const int KafkaPort = 9093;

    /// <summary>Azure closes idle connections after 240 s; clients must refresh metadata and drop idle connections before that.</summary>
    public const int IdleLimitMs = 180_000;

    /// <summary>The recommended producer request timeout (the librdkafka default of 5 s is too low for Event Hubs).</summary>
    public const int ProducerRequestTimeoutMs = 60_000;

    /// <summary>The recommended consumer session timeout.</summary>
    public const int SessionTimeoutMs = 30_000;

    /// <summary>The recommended consumer max poll interval.</summary>
    public const int MaxPollIntervalMs = 300_000;

    /// <summary>The source name used in checkpoints, metrics and dead-letter records.</summary>
    /// <value>The default value is <c>eventhubs</c>.</value>
    public string Name { get; set; } = "eventhubs";

    /// <summary>
    /// The namespace: <c>contoso</c> or <c>contoso.servicebus.windows.net</c>. May be left empty with a connection
    /// string, whose endpoint names it.
    /// </summary>
    /// <value>The default value is null.</value>
    public string? Namespace { get; set; }

    /// <summary>The event hub (the Kafka topic).</summary>
    /// <value>The default value is null; required.</value>
    public string? EventHub { get; set; }

    /// <summary>A namespace (or event hub) shared-access connection string; null to use Entra ID tokens.</summary>
    /// <value>The default value is null.</value>
    public string? ConnectionString { get; set; }

    /// <summary>The token credential for OAUTHBEARER; when null, a managed identity (<see cref="ManagedIdentityClientId"/>) or <see cref="DefaultAzureCredential"/>.</summary>
    /// <value>The default value is null.</value>
    public TokenCredential? Credential { get; set; }

    /// <summary>Client id of the user-assigned managed identity used for tokens.</summary>
    /// <value>The default value is null.</value>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The Kafka consumer group reported (never joined: partitions are assigned explicitly).</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ConsumerGroup { get; set; } = "streamml";

    /// <summary>The principal name given with each token; librdkafka requires a non-empty one.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string PrincipalName { get; set; } = "streamml";

    /// <summary>The fully qualified namespace host name, from <see cref="Namespace"/> or the connection string.</summary>
    public string? FullyQualifiedNamespace
    {
        get
        {
            if (EventHubsNamespace.Qualify(Namespace) is { } qualified)
            {
                return qualified;
            }

            return EventHubsConnectionString.TryParse(ConnectionString, out var parsed, out _) ? parsed.Host : null;
        }
    }

    /// <summary>The scope tokens are requested for: <c>https://{namespace}/.default</c>.</summary>
    public string TokenScope => $"https://{FullyQualifiedNamespace}/.default";

    /// <summary>Every problem with these options, all at once; empty when they are valid. Never repeats the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            failures.Add($"{SectionName}:{nameof(Name)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(EventHub))
        {
            failures.Add($"{SectionName}:{nameof(EventHub)} is required (the event hub is the Kafka topic).");
        }

        if (string.IsNullOrWhiteSpace(PrincipalName))
        {
            failures.Add($"{SectionName}:{nameof(PrincipalName)} must not be empty (librdkafka requires a principal name with every token).");
        }

        if (string.IsNullOrWhiteSpace(ConsumerGroup))
        {
            failures.Add($"{SectionName}:{nameof(ConsumerGroup)} must not be empty.");
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (!EventHubsConnectionString.TryParse(ConnectionString, out var parsed, out var problem))
            {
                failures.Add($"{SectionName}:{nameof(ConnectionString)} is not usable: {problem}");
            }
            else
            {
                if (!string.IsNullOrWhiteSpace(Namespace) && !string.Equals(parsed.Host, FullyQualifiedNamespace, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{SectionName}: {nameof(Namespace)} '{FullyQualifiedNamespace}' differs from the connection string's endpoint '{parsed.Host}'.");
                }

                if (parsed.EntityPath is not null && !string.IsNullOrWhiteSpace(EventHub)
                    && !string.Equals(parsed.EntityPath, EventHub, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{SectionName}: the connection string is for event hub '{parsed.EntityPath}', not '{EventHub}'.");
                }
            }

            if (Credential is not null || !string.IsNullOrWhiteSpace(ManagedIdentityClientId))
            {
                failures.Add($"{SectionName}: set either {nameof(ConnectionString)} or a credential/managed identity, not both.");
            }
        }
        else if (string.IsNullOrWhiteSpace(Namespace))
        {
            failures.Add($"{SectionName}: set {nameof(ConnectionString)}, or {nameof(Namespace)} for Entra ID (OAUTHBEARER) authentication.");
        }

        return failures;
    }

    /// <summary>The Kafka source settings for this event hub (validated first).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public KafkaSourceOptions ToKafkaSourceOptions()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures));
        }

        var options = new KafkaSourceOptions
        {
            Name = Name,
            BootstrapServers = $"{FullyQualifiedNamespace}:{KafkaPort}",
            Topic = EventHub,
            ConsumerGroup = ConsumerGroup,
            SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslSsl,
            Settings =
            {
                ["socket.keepalive.enable"] = "true",
                ["metadata.max.age.ms"] = IdleLimitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["connections.max.idle.ms"] = IdleLimitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ConsumerSettings =
            {
                ["session.timeout.ms"] = SessionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["max.poll.interval.ms"] = MaxPollIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ProducerSettings =
            {
                ["request.timeout.ms"] = ProducerRequestTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            options.SaslMechanism = Confluent.Kafka.SaslMechanism.Plain;
            options.SaslUsername = "$ConnectionString";
            options.SaslPassword = ConnectionString;
        }
        else
        {
            options.SaslMechanism = Confluent.Kafka.SaslMechanism.OAuthBearer;
            var credential = Credential
                ?? (string.IsNullOrWhiteSpace(ManagedIdentityClientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ManagedIdentityClientId)));
            var scope = TokenScope;
            var principal = PrincipalName;
            options.OAuthBearerTokenRefreshHandler = (client, _) =>
            {
                try
                {
                    var token = FetchToken(credential, scope, principal);
                    client.OAuthBearerSetToken(token.Value, token.ExpiresAtUnixMs, token.Principal);
                }
                catch (Exception ex)
                {
                    // Whatever went wrong, librdkafka must hear of it (it retries); an exception must not escape its callback.
                    client.OAuthBearerSetTokenFailure(ex.Message);
                }
            };
        }

        return options;
    }

    /// <summary>Gets a token for <paramref name="scope"/>: what the OAUTHBEARER refresh callback hands librdkafka.</summary>
    internal static OAuthBearerToken FetchToken(TokenCredential credential, string scope, string principal)
    {
        var token = credential.GetToken(new TokenRequestContext([scope]), CancellationToken.None);
        return new OAuthBearerToken(token.Token, token.ExpiresOn.ToUnixTimeMilliseconds(), principal);
    }
}

/// <summary>A bearer token as librdkafka takes it.</summary>
internal readonly record struct OAuthBearerToken(string Value, long ExpiresAtUnixMs, string Principal);
