using System.Collections.Concurrent;
using System.Globalization;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using StreamML.Core.Sources;

namespace StreamML.Transports.EventHubs;

/// <summary>
/// An Azure event hub read natively over AMQP as an <see cref="IEventSource"/>. Offsets are Event Hubs sequence numbers,
/// which only grow within a partition. Each partition the platform assigns is read with the SDK's
/// <see cref="Azure.Messaging.EventHubs.Primitives.PartitionReceiver"/> starting after StreamML's own checkpoint: there is
/// no event processor, no blob checkpoint store and no load balancing by the SDK, because the silos decide who reads which
/// partition and the pump's checkpoint barrier decides how far it has been read.
/// </summary>
public sealed partial class EventHubsSource : IEventSource, ILagSource
{
    private readonly EventHubsSourceOptions _options;
    private readonly IEventHubsClients _clients;
    private readonly ConcurrentDictionary<int, long> _lastEnqueued = new();

    /// <summary>Creates a source from validated options, connecting with the connection string or the Entra ID identity.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public EventHubsSource(EventHubsSourceOptions options)
        : this(Validated(options), static o => new EventHubsClients(o))
    {
    }

    internal EventHubsSource(EventHubsSourceOptions options, Func<EventHubsSourceOptions, IEventHubsClients> clients)
    {
        _options = options;
        _clients = clients(options);
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <summary>The event hub read.</summary>
    public string EventHub => _clients.EventHubName;

    /// <inheritdoc />
    /// <exception cref="SourceUnavailableException">The namespace could not be reached or does not know the event hub.</exception>
    public async ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default)
    {
        string[] ids;
        try
        {
            ids = await _clients.GetPartitionIdsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable($"cannot list the partitions of '{EventHub}'", ex);
        }

        return [.. ids.Select(id => PartitionNumber(id)).Order()];
    }

    /// <inheritdoc />
    public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        if (afterOffset is < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(afterOffset), afterOffset, "An Event Hubs sequence number is never below -1.");
        }

#pragma warning disable CA2000 // The reader goes to the caller, who disposes it.
        return ValueTask.FromResult<IPartitionReader>(new EventHubsPartitionReader(this, _clients, _options, partition, afterOffset));
#pragma warning restore CA2000
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _clients.DisposeAsync();

    /// <summary>Where a reader opens: after the last sequence number handed out, or where a partition without a checkpoint starts.</summary>
    internal EventPosition PositionAfter(long? sequenceNumber) => sequenceNumber is { } after
        ? EventPosition.FromSequenceNumber(after, isInclusive: false)
        : _options.StartFrom == EventHubsStart.Latest ? EventPosition.Latest : EventPosition.Earliest;

    /// <summary>
    /// Whether a failure of the SDK means the namespace cannot be read right now, which the pump rides out by backing off
    /// and reading again: any Event Hubs error (the SDK has already retried the transient ones), a refused or failed
    /// authentication, a timeout.
    /// </summary>
    internal static bool IsUnavailable(Exception ex) =>
        ex is EventHubsException or UnauthorizedAccessException or AuthenticationFailedException or TimeoutException or System.Net.Sockets.SocketException;

    internal SourceUnavailableException Unavailable(string what, Exception ex) =>
        new($"Event Hubs source '{Name}' {what}: {(ex is EventHubsException eh ? eh.Reason.ToString() + ", " : string.Empty)}{ex.GetType().Name}", ex);

    private static int PartitionNumber(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new InvalidOperationException($"Event Hubs partition id '{id}' is not a number; StreamML numbers partitions as Event Hubs does (0 to n-1).");

    private static EventHubsSourceOptions Validated(EventHubsSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
    }
}
