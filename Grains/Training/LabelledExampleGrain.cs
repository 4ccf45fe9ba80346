using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Training;

/// <summary>
/// A model's labelled-example store: bounded by count and by event-time age, persisted behind appends. When a model has
/// no version yet and enough examples have arrived, it asks retraining for the first one.
/// </summary>
internal sealed partial class LabelledExampleGrain(
    [PersistentState("examples", StreamMLStorage.Control)] IPersistentState<ExampleStoreState> state,
    PlatformContext context,
    ILogger<LabelledExampleGrain> logger) : Grain, ILabelledExampleGrain
{
    private static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BootstrapRetry = TimeSpan.FromSeconds(10);
    private bool _dirty;
    private long _lastBootstrapRequest = long.MinValue;
    private List<LabelledExample> _examples = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _examples = ExampleStoreState.Unpack(state.State.Data, context.Plan.VectorLength);
        this.RegisterGrainTimer(static (grain, _) => grain.PersistIfDirtyAsync(), this, new GrainTimerCreationOptions(PersistInterval, PersistInterval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => PersistIfDirtyAsync();

    async Task<ExampleStoreStats> ILabelledExampleGrain.AppendAsync(LabelledExample[] examples)
    {
        var s = state.State;
        var width = context.Plan.VectorLength;
        _examples.AddRange(examples.Where(e => e.Features.Length == width));
        s.Appended += examples.Length;
        Evict();
        _dirty = _dirty || examples.Length > 0;
        await MaybeBootstrapAsync();
        return Stats();
    }

    Task<LabelledExample[]> ILabelledExampleGrain.GetNewestAsync(int max)
    {
        var list = _examples;
        var take = Math.Clamp(max, 0, list.Count);
        return Task.FromResult(list.GetRange(list.Count - take, take).ToArray());
    }

    Task<ExampleStoreStats> ILabelledExampleGrain.GetStatsAsync() => Task.FromResult(Stats());

    Task ILabelledExampleGrain.FlushAsync() => PersistIfDirtyAsync();

    private void Evict()
    {
        var s = state.State;
        var list = _examples;
        var excess = list.Count - context.Model.MaxExamples;
        if (list.Count > 0)
        {
            // Examples arrive roughly in event-time order: the newest of the last appended stands for the newest overall.
            var cutoff = list[^1].EventTicks - context.Model.MaxExampleAge.Ticks;
            var old = 0;
            while (old < list.Count && list[old].EventTicks < cutoff)
            {
                old++;
            }

            excess = Math.Max(excess, old);
        }

        if (excess > 0)
        {
            list.RemoveRange(0, excess);
            s.Evicted += excess;
        }
    }

    private async Task MaybeBootstrapAsync()
    {
        if (_examples.Count < context.Model.BootstrapExamples)
        {
            return;
        }

        var now = context.Time.GetTimestamp();
        if (_lastBootstrapRequest != long.MinValue && context.Time.GetElapsedTime(_lastBootstrapRequest, now) < BootstrapRetry)
        {
            return;
        }

        var model = this.GetPrimaryKeyString();
        var routing = await GrainFactory.GetGrain<IModelRegistryGrain>(model).GetRoutingAsync();
        if (routing.Champion > 0)
        {
            return;
        }

        _lastBootstrapRequest = now;
        if (await GrainFactory.GetGrain<IRetrainingGrain>(model).RequestAsync("bootstrap"))
        {
            LogBootstrap(model, _examples.Count);
        }
    }

    private ExampleStoreStats Stats()
    {
        var list = _examples;
        return new ExampleStoreStats
        {
            Count = list.Count,
            Appended = state.State.Appended,
            Evicted = state.State.Evicted,
            Oldest = list.Count > 0 ? new DateTimeOffset(list[0].EventTicks, TimeSpan.Zero) : null,
            Newest = list.Count > 0 ? new DateTimeOffset(list[^1].EventTicks, TimeSpan.Zero) : null,
        };
    }

    private async Task PersistIfDirtyAsync()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        state.State.Data = ExampleStoreState.Pack(_examples);
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} has {Count} labelled examples and no version: training the first one")]
    private partial void LogBootstrap(string model, int count);
}
