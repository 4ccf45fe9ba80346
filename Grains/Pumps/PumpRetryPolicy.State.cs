using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamML.Grains.Pumps;

internal sealed partial class PumpRetryPolicy
{
    // Groups that applied this pump's records but could not write their state, with the last failure of each.
    private readonly ConcurrentDictionary<long, Exception> _unwritten = new();
    private long _lastStateLog = long.MinValue;

    /// <summary>Why state the pump's groups applied cannot be written (for readiness); null while every write succeeds.</summary>
    public string? StateNotWritten
    {
        get
        {
            foreach (var (group, failure) in _unwritten)
            {
                return $"{_unwritten.Count} entity group(s) cannot write their state, the checkpoint waits (group {group}: {failure.Message})";
            }

            return null;
        }
    }

    /// <summary>
    /// Records that <paramref name="group"/> could not write its state; the cause is logged at most once per checkpoint
    /// interval for the pump, however many batches and groups fail meanwhile.
    /// </summary>
    public void StateFailed(long group, Exception failure)
    {
        _unwritten[group] = failure;
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastStateLog);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= _stateLogInterval)
            && Interlocked.CompareExchange(ref _lastStateLog, now, last) == last)
        {
            LogStateNotWritten(failure, _sourceName, _partition, group, _unwritten.Count);
        }
    }

    /// <summary>Records that <paramref name="group"/> wrote its state (or answered a call that needed no write).</summary>
    public void StateWritten(long group)
    {
        if (_unwritten.TryRemove(group, out _) && _unwritten.IsEmpty)
        {
            LogStateWrittenAgain(_sourceName, _partition);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Entity group {Group} cannot write its state ({Groups} groups of {Source}/{Partition} so far); the checkpoint holds and the records are retried until storage is back")]
    private partial void LogStateNotWritten(Exception exception, string source, int partition, long group, int groups);

    [LoggerMessage(Level = LogLevel.Information, Message = "Entity groups of {Source}/{Partition} write their state again; the checkpoint moves on")]
    private partial void LogStateWrittenAgain(string source, int partition);
}
