using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamML.Core.Hashing;
using StreamML.Core.Sources;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Runs one <see cref="PartitionPump"/> per partition this silo owns. Ownership is rendezvous hashing of the partition
/// over the active silos, so every silo computes the same assignment from the same membership and partitions move only
/// when silos come or go. When a silo dies, every pump restarts from its checkpoint: entity state that died with the
/// silo is rebuilt from the log, and entities that kept theirs skip the replay by offset.
/// </summary>
public sealed partial class PumpHost : BackgroundService
{
    private readonly IEventSource _source;
    private readonly ICheckpointStore _checkpoints;
    private readonly PartitionPumpFactory _pumps;
    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _local;
    private readonly ILogger<PumpHost> _logger;
    private readonly ModelRouter _router;
    private readonly TimeProvider _time;
    private readonly Dictionary<int, Running> _running = [];
    private volatile bool _assigned;
    private readonly Lock _lock = new();
    private IReadOnlyList<int> _partitions = [];

    /// <summary>Creates the host of <paramref name="source"/>'s pumps, checkpointing to <paramref name="checkpoints"/>.</summary>
    public PumpHost(
        IEventSource source,
        ICheckpointStore checkpoints,
        PartitionPumpFactory pumps,
        IClusterMembershipService membership,
        ILocalSiloDetails local,
        ModelRouter router,
        TimeProvider time,
        ILogger<PumpHost> logger)
    {
        _source = source;
        _checkpoints = checkpoints;
        _pumps = pumps;
        _membership = membership;
        _local = local;
        _router = router;
        _time = time;
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
                return [.. _running.Values.Select(r => new PumpStatus(r.Pump.Partition, r.Pump.RecordsRead, r.Pump.CheckpointedOffset, r.Pump.SourceFailing, r.Pump.Completed, r.Task.IsFaulted))];
            }
        }
    }

    /// <summary>
    /// Completes when every pump this silo runs has finished its finite partition; a silo that owns no partition once its
    /// share is assigned is done at once.
    /// </summary>
    public async Task WhenCompletedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task[] tasks;
            lock (_lock)
            {
                tasks = [.. _running.Values.Select(r => r.Task)];
            }

            if (tasks.Length == 0 && _assigned)
            {
                return;
            }

            if (tasks.Length > 0 && tasks.All(t => t.IsCompleted))
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
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

        _assigned = true;
        LogAssignment(_source.Name, string.Join(",", owned.Order()), active.Count, restartAll);
    }

    private void Start(int partition, CancellationToken stoppingToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pump = _pumps.Create(_source, partition, _checkpoints);
        var task = Task.Run(() => pump.RunAsync(cts.Token), CancellationToken.None);
        lock (_lock)
        {
            _running[partition] = new Running(pump, cts, task);
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
                LogPumpFailed(ex, _source.Name, r.Pump.Partition);
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

    private sealed record Running(PartitionPump Pump, CancellationTokenSource Cancellation, Task Task);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: this silo pumps partitions [{Partitions}] of {Silos} active silos (restart all: {Restart})")]
    private partial void LogAssignment(string source, string partitions, int silos, bool restart);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pump {Source}/{Partition} failed")]
    private partial void LogPumpFailed(Exception exception, string source, int partition);
}
