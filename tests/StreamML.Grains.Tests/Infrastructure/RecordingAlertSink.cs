using StreamML.Core.Alerts;
using StreamML.Grains.Alerts;

namespace StreamML.Grains.Tests.Infrastructure;

/// <summary>An alert sink that keeps what it receives and lets a test wait for a number of notifications.</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    private readonly List<AlertNotification> _received = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "recording";

    public IReadOnlyList<AlertNotification> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _received.Add(notification);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
        return Task.CompletedTask;
    }

    /// <summary>Waits until at least <paramref name="count"/> notifications arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<AlertNotification>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_received.Count >= count)
                {
                    return [.. _received];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cts.Token);
        }
    }
}
