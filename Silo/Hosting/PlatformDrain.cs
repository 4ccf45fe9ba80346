using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Silo.Hosting;

/// <summary>
/// Brings the silo-local queues of a platform to rest now instead of at their timers' next ticks: what a replay or a test
/// needs before it reads what the platform made of the events so far.
/// </summary>
public static class PlatformDrain
{
    /// <summary>
    /// Drains every silo of one platform, stage by stage across all of them: dead letters and labelled examples are
    /// delivered to their stores; drift samples go to the drift monitors (which may start a retraining run); live metrics
    /// go to the rollout grain (which may promote or roll back); the retraining run under way, if any, is waited for; and
    /// each silo reads its model's routing again, so a version made by a run or a rollout serves the next event.
    /// </summary>
    /// <param name="silos">The service provider of each silo.</param>
    /// <param name="cancellationToken">Stops waiting; what was delivered stays delivered.</param>
    public static async Task DrainAsync(IReadOnlyCollection<IServiceProvider> silos, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0)
        {
            return;
        }

        await Task.WhenAll(silos.Select(s => s.GetRequiredService<DeadLetterSink>().FlushAsync(cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(silos.Select(s => s.GetRequiredService<ExampleSink>().FlushAsync(cancellationToken))).ConfigureAwait(false);

        // One silo after the other: each monitor and the rollout grain fold the silos' reports in a fixed order.
        foreach (var silo in silos)
        {
            await silo.GetRequiredService<DriftAggregator>().ReportAsync().ConfigureAwait(false);
        }

        foreach (var silo in silos)
        {
            await silo.GetRequiredService<MetricsAggregator>().FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var first = silos.First();
        await WhenRetrainingIdleAsync(first.GetRequiredService<IGrainFactory>(), first.GetRequiredService<PlatformContext>().ModelName, cancellationToken).ConfigureAwait(false);
        foreach (var silo in silos)
        {
            await silo.GetRequiredService<ModelRouter>().RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for <paramref name="model"/>'s retraining run under way to end (at once when none is) and returns the
    /// retraining status then. A run may outlast a grain call's response timeout: the wait goes on until the run ends or
    /// <paramref name="cancellationToken"/> stops it.
    /// </summary>
    public static async Task<RetrainingStatus> WhenRetrainingIdleAsync(IGrainFactory grains, string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var retraining = grains.GetGrain<IRetrainingGrain>(model);
        while (true)
        {
            try
            {
                return await retraining.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                // The call timed out, not the run: wait on the same run again.
            }
        }
    }
}
