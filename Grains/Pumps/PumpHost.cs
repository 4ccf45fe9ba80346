using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamML.Core.Hashing;
using StreamML.Core.Sources;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Runs one <see cref="IPartitionPump"/> per partition this silo owns. Ownership is rendezvous hashing of the partition
/// over the active silos, so every silo computes the same assignment from the same membership and partitions move only
/// when silos come or go. When a silo dies, every pump restarts from its checkpoint: entity state that died with the
/// silo is rebuilt from the log, and entities that kept theirs skip the replay by offset.
/// </summary>
/// <remarks>
/// A pump that stops with an error (one its retries do not cure: a reader that throws, a corrupt checkpoint) is logged
/// with the cause, shown as faulted on <c>/readyz</c>, and started again from its checkpoint after a bounded exponential
/// backoff with jitter (<c>Pump:InitialRestartBackoff</c> to <c>Pump:MaxRestartBackoff</c>), each restart counted in
/// <c>streamml.pump.restarts</c>. The backoff starts over once a run moved the checkpoint.
/// </remarks>
public sealed partial class PumpHost : BackgroundService
{
    private readonly IEventSource _source;
    private readonly ICheckpointStore _checkpoints;
    private readonly PartitionPumpFactory _pumps;
    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _local;
    private readonly ILogger<PumpHost> _logger;
    private readonly ModelRouter _router;
    private readonly Dictionary<int, Running> _running = [];
    private readonly Lock _lock = new();
    private bool _assigned;
    private TaskCompletionSource _changed = NewSignal();
    private IReadOnlyList<int> _partitions = [];

    /// <summary>Creates the host of <paramref name="source"/>'s pumps, checkpointing to <paramref name="checkpoints"/>.</summary>
    public PumpHost(
        IEventSource source,
        ICheckpointStore checkpoints,
        PartitionPumpFactory pumps,
        IClusterMembershipService membership,
        ILocalSiloDetails local,
        ModelRouter router,
        ILogger<PumpHost> logger)
    {
        _source = source;
        _checkpoints = checkpoints;
        _pumps = pumps;
        _membership = membership;
        _local = local;
        _router = router;
        _logger = logger;
    }

    /// <summary>The source the pumps read.</summary>
    public string SourceName => _source.Name;

    /// <summary>The state of each pump this silo runs.</summary>
    public IReadOnlyList<PumpStatus> Status
    {
        get
        {
            lock (_lock)
            {
                return [.. _running.Values.Select(r => r.Status)];
            }
        }
    }

    /// <summary>
    /// Completes when every pump this silo runs has finished its finite partition; a silo that owns no partition once its
    /// share is assigned is done at once. A pump that stops with an error is started again, so this waits through its
    /// restarts.
    /// </summary>
    public async Task WhenCompletedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task[] tasks;
            Task changed;
            lock (_lock)
            {
                tasks = [.. _running.Values.Select(r => r.Task)];
                changed = _changed.Task;
                if (tasks.Length == 0 && _assigned)
                {
                    return;
                }
            }

            if (tasks.Length == 0)
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // The pumps that run now, unless the set changes first (a new assignment, a pump stopped or started).
            var all = Task.WhenAll(tasks);
            await Task.WhenAny(all, changed).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (all.IsCompleted && !changed.IsCompleted)
            {
                await all.ConfigureAwait(false);
                return;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _partitions = await _source.GetPartitionsAsync(stoppingToken).ConfigureAwait(false);
        await _router.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        HashSet<SiloAddress>? previous = null;
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                if (!active.Contains(_local.SiloAddress))
                {
                    continue;
                }

                var lost = previous is not null && previous.Except(active).Any();
                if (previous is not null && active.SetEquals(previous))
                {
                    continue;
                }

                previous = active;
                await ReconcileAsync(active, restartAll: lost, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAsync(_running.Keys.ToList()).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(HashSet<SiloAddress> active, bool restartAll, CancellationToken stoppingToken)
    {
        var owned = _partitions.Where(p => OwnerOf(p, active) == _local.SiloAddress).ToHashSet();
        List<int> stop;
        lock (_lock)
        {
            stop = [.. _running.Keys.Where(p => restartAll || !owned.Contains(p))];
        }

        await StopAsync(stop).ConfigureAwait(false);
        foreach (var p in owned)
        {
            lock (_lock)
            {
                if (_running.ContainsKey(p))
                {
                    continue;
                }
            }

            Start(p, stoppingToken);
        }

        lock (_lock)
        {
            _assigned = true;
            Changed();
        }

        LogAssignment(_source.Name, string.Join(",", owned.Order()), active.Count, restartAll);
    }

    private void Start(int partition, CancellationToken stoppingToken)
    {
        var running = new Running(partition, _pumps.Create(_source, partition, _checkpoints), CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        running.Task = Task.Run(() => SuperviseAsync(running), CancellationToken.None);
        lock (_lock)
        {
            _running[partition] = running;
            Changed();
        }
    }

    /// <summary>
    /// Runs a partition's pump until it ends or is stopped, starting a new one from the checkpoint whenever it stops with
    /// an error, after the restart backoff.
    /// </summary>
    private async Task SuperviseAsync(Running running)
    {
        var services = _pumps.Services;
        var cancellationToken = running.Cancellation.Token;
        var backoff = new RestartBackoff(services.Options);
        long? faultedAt = null;
        while (true)
        {
            TimeSpan delay;
            try
            {
                await running.Pump.RunAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A run that moved the checkpoint was healthy for a while: the next restart waits the shortest time again.
                var checkpoint = running.Pump.CheckpointedOffset;
                if (checkpoint != faultedAt)
                {
                    backoff.Reset();
                }

                faultedAt = checkpoint;
                running.Faulted(ex);
                delay = backoff.Next();
                LogPumpFaulted(ex, _source.Name, running.Partition, ex.GetType().Name, ex.Message, running.Restarts + 1, delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, services.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            services.Instruments.PumpRestarted(_source.Name, running.Partition);
            running.Restart(_pumps.Create(_source, running.Partition, _checkpoints));
        }
    }

    private async Task StopAsync(IReadOnlyCollection<int> partitions)
    {
        var stopping = new List<Running>();
        lock (_lock)
        {
            foreach (var p in partitions)
            {
                if (_running.Remove(p, out var r))
                {
                    stopping.Add(r);
                }
            }

            if (stopping.Count > 0)
            {
                Changed();
            }
        }

        foreach (var r in stopping)
        {
            await r.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        foreach (var r in stopping)
        {
            try
            {
                await r.Task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPumpFailed(ex, _source.Name, r.Partition);
            }
            finally
            {
                r.Cancellation.Dispose();
            }
        }
    }

    /// <summary>The silo that owns <paramref name="partition"/> among <paramref name="silos"/> (highest random weight).</summary>
    public static SiloAddress OwnerOf(int partition, IEnumerable<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        SiloAddress? best = null;
        ulong bestWeight = 0;
        foreach (var silo in silos)
        {
            var weight = EntityHash.Hash64(silo.ToParsableString() + "#" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (best is null || weight > bestWeight)
            {
                best = silo;
                bestWeight = weight;
            }
        }

        return best ?? throw new ArgumentException("no silos", nameof(silos));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tells the waiters of <see cref="WhenCompletedAsync"/> that the pumps or the assignment changed (under the lock).</summary>
    private void Changed()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: this silo pumps partitions [{Partitions}] of {Silos} active silos (restart all: {Restart})")]
    private partial void LogAssignment(string source, string partitions, int silos, bool restart);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pump {Source}/{Partition} failed")]
    private partial void LogPumpFailed(Exception exception, string source, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pump {Source}/{Partition} stopped: {Cause}: {Reason}; restart {Restart} from its checkpoint in about {DelayMs} ms")]
    private partial void LogPumpFaulted(Exception exception, string source, int partition, string cause, string reason, int restart, double delayMs);
}
