using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;
using StreamML.Grains.Options;

namespace StreamML.Grains.Alerts;

/// <summary>
/// Hands notifications to the silo's alert sinks without ever making the caller wait: each sink has its own bounded
/// queue (the oldest waiting notification is dropped, and counted, when it is full) drained by its own loop.
/// </summary>
public sealed partial class AlertDispatcher : BackgroundService
{
    private readonly (IAlertSink Sink, Channel<AlertNotification> Queue)[] _sinks;
    private readonly ILogger<AlertDispatcher> _logger;
    private long _published;
    private long _delivered;
    private long _failed;
    private long _dropped;

    /// <summary>Creates the dispatcher over the registered sinks.</summary>
    public AlertDispatcher(IEnumerable<IAlertSink> sinks, IOptions<AlertOptions> options, ILogger<AlertDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var capacity = options.Value.Webhook.QueueCapacity;
        _sinks = [.. sinks.Select(s => (s, Channel.CreateBounded<AlertNotification>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped))))];
    }

    /// <summary>Notifications published since start (each counted once, whatever the number of sinks).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Deliveries that succeeded (per sink).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries that failed after the sink's own retries (per sink).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Notifications dropped from a full queue (per sink).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a notification for every sink; never waits.</summary>
    public void Publish(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Interlocked.Increment(ref _published);
        foreach (var (_, queue) in _sinks)
        {
            queue.Writer.TryWrite(notification);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_sinks.Select(s => DrainAsync(s.Sink, s.Queue.Reader, stoppingToken)));

    private async Task DrainAsync(IAlertSink sink, ChannelReader<AlertNotification> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await sink.DeliverAsync(notification, stoppingToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _delivered);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failed);
                    LogDeliveryFailed(ex, sink.Name, notification.Alert.Rule, notification.Alert.Key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: notifications still queued are lost with the silo, as the alert grain re-evaluates on its next activation.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert sink {Sink} failed to deliver the notification of rule {Rule} for {Key}")]
    private partial void LogDeliveryFailed(Exception exception, string sink, string rule, string key);
}
