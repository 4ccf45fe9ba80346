using Microsoft.Extensions.Logging;
using StreamML.Core.Sources;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Moves one partition of a source into entity group grains. This is its read loop: it opens the partition after the
/// checkpoint, reads batches and hands them to the <see cref="OrderedDispatcher"/> (per-entity order, calls in flight),
/// starts the <see cref="CheckpointBarrier"/> every <c>Pump.CheckpointInterval</c> beside the reading, goes back to the
/// checkpoint when a part asks for it (<see cref="PumpRewind"/>), and on stop or at the end of a finite partition drains
/// its calls and leaves a checkpoint behind. Source operations are retried by the <see cref="PumpRetryPolicy"/>.
/// </summary>
/// <remarks>
/// A checkpoint never passes an event whose entity state is not persisted. A call given up because the pump stopped is
/// not applied, and no checkpoint passes it: the next owner reads it again. Built by <see cref="PartitionPumpFactory"/>.
/// </remarks>
internal sealed partial class PartitionPump : IPartitionPump
{
    private readonly IEventSource _source;
    private readonly int _partition;
    private readonly PumpServices _services;
    private readonly PumpRetryPolicy _retry;
    private readonly PumpRewind _rewind;
    private readonly GroupCalls _calls;
    private readonly OrderedDispatcher _dispatcher;
    private readonly CheckpointBarrier _barrier;
    private readonly ILogger _logger;
    private Task _checkpointing = Task.CompletedTask;

    public PartitionPump(IEventSource source, int partition, ICheckpointStore checkpoints, PumpServices services, ILabelOutcomeObserver? labelOutcomes)
    {
        _source = source;
        _partition = partition;
        _services = services;
        _logger = services.Logger;
        _retry = new PumpRetryPolicy(services, source.Name, partition);
        _rewind = new PumpRewind();
        _calls = new GroupCalls(services, _retry, _rewind, labelOutcomes, source.Name, partition);
        _dispatcher = new OrderedDispatcher(services, _calls, _rewind, source.Name, partition);
        _barrier = new CheckpointBarrier(services, checkpoints, _calls, _rewind, _retry, source.Name, partition);
    }

    /// <inheritdoc />
    public int Partition => _partition;

    /// <inheritdoc />
    public long RecordsRead { get; private set; }

    /// <inheritdoc />
    public long? CheckpointedOffset => _barrier.Offset;

    /// <summary>How often the pump went back to its checkpoint because an entity group lost its activation.</summary>
    public long Rewinds { get; private set; }

    /// <inheritdoc />
    public bool SourceFailing => _retry.SourceFailing;

    /// <inheritdoc />
    public string? StateNotWritten => _retry.StateNotWritten;

    /// <inheritdoc />
    public bool Completed { get; private set; }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await _barrier.LoadAsync(cancellationToken).ConfigureAwait(false);
        _dispatcher.ResumeAfter(checkpoint);
        LogStarting(_source.Name, _partition, checkpoint.Offset);
        var reader = await OpenAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            var buffer = new SourceRecord[_services.Options.ReadBatchSize];
            var lastCheckpoint = _services.Time.GetTimestamp();
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var n = await _retry.SourceAsync("read", static (s, ct) => s.Reader.ReadAsync(s.Buffer, ct), (Reader: reader, Buffer: buffer), cancellationToken).ConfigureAwait(false);
                    if (n < 0)
                    {
                        await _dispatcher.DrainAsync(cancellationToken).ConfigureAwait(false);
                        if (_rewind.Requested)
                        {
                            reader = await RewindAsync(reader, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        await AwaitCheckpointingAsync().ConfigureAwait(false);
                        await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
                        if (_rewind.Requested)
                        {
                            reader = await RewindAsync(reader, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        Completed = true;
                        LogEnded(_source.Name, _partition, RecordsRead);
                        return;
                    }

                    if (n > 0)
                    {
                        RecordsRead += n;
                        using (StreamMLTracing.StartRead(_source.Name, _partition, buffer[0].Offset, n))
                        {
                            await _dispatcher.DispatchAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        }
                    }

                    _dispatcher.AdvanceCompleted(cancellationToken);
                    if (_rewind.Requested)
                    {
                        reader = await RewindAsync(reader, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (_checkpointing.IsCompleted && _services.Time.GetElapsedTime(lastCheckpoint) >= _services.Options.CheckpointInterval)
                    {
                        // The barrier runs beside the pump: reading goes on while the touched entities write their state.
                        await _checkpointing.ConfigureAwait(false);
                        _checkpointing = CheckpointAsync(cancellationToken);
                        lastCheckpoint = _services.Time.GetTimestamp();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping or losing the partition: finish what is in flight and leave a checkpoint behind.
            }

            await _dispatcher.DrainAsync(cancellationToken).ConfigureAwait(false);
            await AwaitCheckpointingAsync().ConfigureAwait(false);
            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            _retry.EndSourceFailing();
        }
    }

    /// <summary>
    /// Goes back to the last checkpoint: an entity group answered from a new activation, so records this pump sent to
    /// the old one since the checkpoint may not be in its state. Entities skip what they did apply.
    /// </summary>
    private async Task<IPartitionReader> RewindAsync(IPartitionReader reader, CancellationToken cancellationToken)
    {
        await _dispatcher.DrainAsync(cancellationToken).ConfigureAwait(false);
        await AwaitCheckpointingAsync().ConfigureAwait(false);
        await reader.DisposeAsync().ConfigureAwait(false);
        _dispatcher.Forget();
        _calls.ForgetIncarnations();
        var checkpoint = await _barrier.LoadAsync(cancellationToken).ConfigureAwait(false);
        _dispatcher.ResumeAfter(checkpoint);
        _rewind.Clear();
        Rewinds++;
        _services.Instruments.Rewound();
        LogRewinding(_source.Name, _partition, checkpoint.Offset);
        return await OpenAsync(checkpoint, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<IPartitionReader> OpenAsync(CheckpointState checkpoint, CancellationToken cancellationToken) =>
        _retry.SourceAsync("open the partition", static (s, ct) => s.Source.OpenAsync(s.Partition, s.Checkpoint, ct), (Source: _source, Partition: _partition, Checkpoint: checkpoint), cancellationToken);

    private Task CheckpointAsync(CancellationToken cancellationToken) =>
        _barrier.PassAsync(_dispatcher.CompletedOffset, _dispatcher.CompletedPosition, _dispatcher.TakeTouched(), cancellationToken);

    private async Task AwaitCheckpointingAsync()
    {
        try
        {
            await _checkpointing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A checkpoint interrupted by the stop; the final one below covers it.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pump {Source}/{Partition} starting after offset {Offset}")]
    private partial void LogStarting(string source, int partition, long? offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pump {Source}/{Partition} reached the end after {Records} records")]
    private partial void LogEnded(string source, int partition, long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pump {Source}/{Partition} resuming after checkpoint {Offset}")]
    private partial void LogRewinding(string source, int partition, long? offset);
}
