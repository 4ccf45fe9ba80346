using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Silo.Hosting;

/// <summary>
/// A source running through the pumps of an <see cref="InProcessPlatform"/>, started by
/// <see cref="InProcessPlatform.StartSourceAsync"/>, its checkpoints kept in memory. Disposing stops the pumps; the source
/// stays the caller's.
/// </summary>
public sealed class SourceRun : IAsyncDisposable
{
    /// <summary>How often <see cref="WhenPredictedAsync"/> looks at the prediction count.</summary>
    private static readonly TimeSpan CountEvery = TimeSpan.FromMilliseconds(10);

    private readonly PumpHost _pumps;
    private readonly PlatformInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly long _predictionsBefore;

    internal SourceRun(PumpHost pumps, PlatformInstruments instruments, TimeProvider time)
    {
        _pumps = pumps;
        _instruments = instruments;
        _time = time;
        _predictionsBefore = instruments.PredictionTotal;
    }

    /// <summary>
    /// Completes once every partition of a finite source has ended, everything read applied and checkpointed; fails with
    /// the error of a pump that failed.
    /// </summary>
    public Task WhenCompletedAsync(CancellationToken cancellationToken = default) => _pumps.WhenCompletedAsync(cancellationToken);

    /// <summary>
    /// Completes once the silo has made <paramref name="predictions"/> predictions since the run started: the end of a run
    /// over a log, which has no end of its own. Nothing on the scoring path may pay for signalling a count, so the count is
    /// looked at every 10 ms.
    /// </summary>
    /// <exception cref="TimeoutException">No prediction was made for <paramref name="stallTimeout"/>.</exception>
    public async Task WhenPredictedAsync(long predictions, TimeSpan stallTimeout, CancellationToken cancellationToken = default)
    {
        var seen = 0L;
        var lastProgress = _time.GetTimestamp();
        while (_instruments.PredictionTotal - _predictionsBefore is var done && done < predictions)
        {
            if (done != seen)
            {
                seen = done;
                lastProgress = _time.GetTimestamp();
            }
            else if (_time.GetElapsedTime(lastProgress) > stallTimeout)
            {
                throw new TimeoutException($"the platform stopped at {done:N0} of {predictions:N0} predictions");
            }

            await Task.Delay(CountEvery, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the pumps: each drains its calls in flight and checkpoints.</summary>
    public async ValueTask DisposeAsync()
    {
        await _pumps.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _pumps.Dispose();
    }
}
