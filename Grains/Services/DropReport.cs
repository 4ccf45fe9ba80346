namespace StreamML.Grains.Services;

/// <summary>
/// Dropped items counted between two log lines, so a sink that keeps dropping writes one line per interval instead of
/// one per item. The first drop after a quiet interval is reported at once.
/// </summary>
internal sealed class DropReport(TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _pending;
    private DateTimeOffset _since;
    private DateTimeOffset? _lastReport;
    private Exception? _error;

    /// <summary>Keeps the failure behind the next drops, to be logged with them.</summary>
    public void Remember(Exception error)
    {
        lock (_lock)
        {
            _error = error;
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> dropped items; returns what to log when <paramref name="interval"/> has passed since
    /// the last report (and resets the tally), or null when the line must wait.
    /// </summary>
    public DropSummary? Add(long count, TimeSpan interval)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (count > 0 && _pending == 0)
            {
                _since = now;
            }

            _pending += count;
            if (_pending == 0 || (_lastReport is { } last && now - last < interval))
            {
                return null;
            }

            var summary = new DropSummary(_pending, _since, _error);
            _pending = 0;
            _error = null;
            _lastReport = now;
            return summary;
        }
    }
}

/// <summary>Dropped items to log in one line: how many, since when, and the last failure behind them.</summary>
internal readonly record struct DropSummary(long Count, DateTimeOffset Since, Exception? Error);
