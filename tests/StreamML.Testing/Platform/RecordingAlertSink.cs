using StreamML.Core.Alerts;
using StreamML.Grains.Alerts;
using StreamML.Testing.Infrastructure;

namespace StreamML.Testing.Platform;

/// <summary>An alert sink that keeps what it receives and lets a test wait for a number of notifications.</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    private readonly Recording<AlertNotification> _received = new();

    /// <inheritdoc />
    public string Name => "recording";

    /// <summary>The notifications received so far, in order.</summary>
    public IReadOnlyList<AlertNotification> Received => _received.Items;

    /// <inheritdoc />
    public Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        _received.Add(notification);
        return Task.CompletedTask;
    }

    /// <summary>Waits until at least <paramref name="count"/> notifications arrived; fails after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<AlertNotification>> WaitForAsync(int count, TimeSpan timeout) => _received.WaitForAsync(count, timeout);
}
