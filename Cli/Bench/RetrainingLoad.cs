using StreamML.GrainInterfaces;
using StreamML.Silo.Hosting;

namespace StreamML.Cli.Bench;

/// <summary>
/// Keeps the platform's own retraining busy during a bench pass: fills the model's labelled-example store once, then asks
/// <see cref="IRetrainingGrain"/> for a new run as soon as the previous one finished, so the silo's training pool always
/// holds a fit. Counts the runs that completed between <see cref="MarkAsync"/> and <see cref="StopAsync"/>.
/// </summary>
internal sealed class RetrainingLoad
{
    /// <summary>The reason every run is requested with.</summary>
    public const string Reason = "bench";

    /// <summary>How soon a finished run is followed by the next request.</summary>
    private static readonly TimeSpan RequestEvery = TimeSpan.FromMilliseconds(5);

    private readonly IGrainFactory _grains;
    private readonly string _model;
    private readonly IRetrainingGrain _retraining;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private RetrainingStatus _mark = new();

    private RetrainingLoad(IGrainFactory grains, string model)
    {
        _grains = grains;
        _model = model;
        _retraining = grains.GetGrain<IRetrainingGrain>(model);
    }

    /// <summary>Fills the store with <paramref name="examples"/>, starts the request loop and returns once the first run is under way.</summary>
    public static async Task<RetrainingLoad> StartAsync(IGrainFactory grains, string model, IReadOnlyList<LabelledExample> examples, CancellationToken cancellationToken)
    {
        var store = grains.GetGrain<ILabelledExampleGrain>(model);
        const int chunk = 5_000;
        for (var i = 0; i < examples.Count; i += chunk)
        {
            await store.AppendAsync([.. examples.Skip(i).Take(chunk)]).ConfigureAwait(false);
        }

        var load = new RetrainingLoad(grains, model);
        load._loop = load.RequestLoopAsync();

        // The pass must not begin before a fit does: wait (bounded) for the first run to be seen running.
        for (var i = 0; i < 2_000 && !(await load._retraining.GetStatusAsync().ConfigureAwait(false)).Running; i++)
        {
            await Task.Delay(RequestEvery, cancellationToken).ConfigureAwait(false);
        }

        return load;
    }

    /// <summary>Marks the start of the measured pass.</summary>
    public async Task MarkAsync() => _mark = await _retraining.GetStatusAsync().ConfigureAwait(false);

    /// <summary>
    /// Stops requesting runs and reports the runs completed and failed since <see cref="MarkAsync"/>, and whether one was
    /// still running; then waits (up to <paramref name="drain"/>) for the run in flight, so the silo stops with no fit on
    /// its training thread.
    /// </summary>
    public async Task<(int Completed, int Failed, bool Running, string? LastError)> StopAsync(TimeSpan drain)
    {
        var end = await _retraining.GetStatusAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        using (var drained = new CancellationTokenSource(drain))
        {
            try
            {
                await PlatformDrain.WhenRetrainingIdleAsync(_grains, _model, drained.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (drained.IsCancellationRequested)
            {
                // The run outlasted the drain: the silo stops with it on its training thread, as it would on shutdown.
            }
        }

        _stop.Dispose();
        return (end.Completed - _mark.Completed, end.Failed - _mark.Failed, end.Running, end.LastError);
    }

    private async Task RequestLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // Refused while a run is under way; the first request after it finishes starts the next.
                await _retraining.RequestAsync(Reason).ConfigureAwait(false);
                await Task.Delay(RequestEvery, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
