using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's view of its model's routing: re-read from the registry grain every <c>Model.RoutingRefresh</c>, its
/// versions loaded before the new snapshot is published, so a routing change reaches every entity of the silo within a
/// refresh period and no event is ever scored by a half-loaded model.
/// </summary>
public sealed partial class ModelRouter(IGrainFactory grains, ModelCache cache, PlatformContext context, ILogger<ModelRouter> logger) : BackgroundService
{
    private volatile RoutedModels _current = new(new ModelRouting { Model = context.ModelName }, null, null);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The current snapshot.</summary>
    public RoutedModels Current => _current;

    /// <summary>
    /// Completes after the first successful read of the routing, with its versions loaded. Pumps wait for it, so a
    /// restarted silo does not serve fallback predictions while its champion is still loading.
    /// </summary>
    public Task Ready => _ready.Task;

    /// <summary>Reads the routing now and publishes it once its versions are loaded.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var routing = await grains.GetGrain<IModelRegistryGrain>(context.ModelName).GetRoutingAsync().ConfigureAwait(false);
            var current = _current;
            if (routing.Revision == current.Routing.Revision)
            {
                _ready.TrySetResult();
                return;
            }

            var champion = await LoadOrKeepAsync(routing.Champion, current, cancellationToken).ConfigureAwait(false);
            var challenger = routing.Challenger > 0 ? await TryLoadAsync(routing.Challenger, cancellationToken).ConfigureAwait(false) : null;
            _current = new RoutedModels(routing, champion, challenger);
            _ready.TrySetResult();
            LogRouting(context.ModelName, routing.Revision, routing.Champion, routing.Challenger, routing.CanaryBasisPoints / 100.0, routing.Shadow);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(context.Model.RoutingRefresh, context.Time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<ScoringModel?> LoadOrKeepAsync(int version, RoutedModels current, CancellationToken cancellationToken)
    {
        if (version <= 0)
        {
            return null;
        }

        // A champion that cannot be loaded leaves the previous one serving: better an older model than none.
        return await TryLoadAsync(version, cancellationToken).ConfigureAwait(false) ?? current.Champion;
    }

    private async Task<ScoringModel?> TryLoadAsync(int version, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(context.ModelName, version, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelRejectedException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _refreshing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing of {Model} revision {Revision}: champion v{Champion}, challenger v{Challenger} at {CanaryPercent}% (shadow {Shadow})")]
    private partial void LogRouting(string model, long revision, int champion, int challenger, double canaryPercent, bool shadow);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the model routing; keeping the current one")]
    private partial void LogRefreshFailed(Exception exception);
}
