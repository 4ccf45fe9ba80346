using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Training;

/// <summary>
/// A model's labelled-example store: bounded by count and by event-time age, persisted behind appends. When a model has
/// no version yet and enough examples have arrived, it asks retraining for the first one; after that it runs the
/// retraining schedule.
/// </summary>
internal sealed partial class LabelledExampleGrain(
    [PersistentState("examples", GrainStorageNames.Control)] IPersistentState<ExampleStoreState> state,
    PlatformContext context,
    PlatformInstruments instruments,
    ILogger<LabelledExampleGrain> logger) : Grain, ILabelledExampleGrain
{
    private static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BootstrapRetry = TimeSpan.FromSeconds(10);
    private bool _dirty;
    private long _lastBootstrapRequest = long.MinValue;
    private List<LabelledExample> _examples = [];
    private long _appendedAtLastSchedule;
    private DateTimeOffset _lastScheduled;
    /// <summary>Detections waiting for their run: the latest reason per model version they are about.</summary>
    private readonly Dictionary<int, string> _pendingDrift = [];
    private bool _pendingConcept;
    private long _appendedAtDrift;
    private long _conceptBoundary = -1;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _examples = ExampleStoreState.Unpack(state.State.Data, context.Plan.VectorLength);
        _appendedAtLastSchedule = state.State.Appended;
        _lastScheduled = context.Time.GetUtcNow();
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
        if (!await MaybeBootstrapAsync() && !await MaybeRetrainAfterDriftAsync())
        {
            await MaybeScheduleAsync();
        }

        return Stats();
    }

    Task<LabelledExample[]> ILabelledExampleGrain.GetNewestAsync(int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = _examples;
        var take = Math.Clamp(max, 0, list.Count);
        return Task.FromResult(list.GetRange(list.Count - take, take).ToArray());
    }

    Task<TrainingWindow> ILabelledExampleGrain.GetTrainingWindowAsync(int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = _examples;
        var take = Math.Clamp(max, 0, list.Count);
        var since = _conceptBoundary >= 0 ? (int)Math.Min(state.State.Appended - _conceptBoundary, take) : -1;
        return Task.FromResult(new TrainingWindow { Examples = list.GetRange(list.Count - take, take).ToArray(), SinceConceptDrift = since });
    }

    Task ILabelledExampleGrain.ClearConceptBoundaryAsync()
    {
        _conceptBoundary = -1;
        return Task.CompletedTask;
    }

    Task<ExampleStoreStats> ILabelledExampleGrain.GetStatsAsync() => Task.FromResult(Stats());

    async Task ILabelledExampleGrain.OnDriftAsync(string reason, bool concept, int version)
    {
        if (_pendingDrift.Count == 0)
        {
            _appendedAtDrift = state.State.Appended;
        }

        _pendingDrift[version] = reason;
        _pendingConcept |= concept;

        await MaybeRetrainAfterDriftAsync();
    }

    Task ILabelledExampleGrain.FlushAsync() => PersistIfDirtyAsync();

    async Task<int> ILabelledExampleGrain.EraseEntityAsync(ulong entityKey)
    {
        var removed = _examples.RemoveAll(e => e.EntityKey == entityKey);
        if (removed > 0)
        {
            _dirty = true;
            await PersistIfDirtyAsync();
        }

        return removed;
    }

    /// <summary>Starts the run a drift detection asked for once enough examples arrived after it; true when it did.</summary>
    private async Task<bool> MaybeRetrainAfterDriftAsync()
    {
        var after = state.State.Appended - _appendedAtDrift;
        if (_pendingDrift.Count == 0 || after < context.Model.MinNewExamples)
        {
            return false;
        }

        var model = this.GetPrimaryKeyString();
        var routing = await GrainFactory.GetGrain<IModelRegistryGrain>(model).GetRoutingAsync();
        if (routing.Challenger > 0)
        {
            // A version is being rolled out: its live comparison decides first, and the detection waits for it (the next
            // append asks again) rather than being dropped.
            return false;
        }

        if (!_pendingDrift.TryGetValue(routing.Champion, out var reason))
        {
            // Every detection waiting was about a version that no longer serves: the one that replaced it settled them,
            // and its own traffic will be judged afresh.
            LogDriftSettled(model, routing.Champion, string.Join("; ", _pendingDrift.Values));
            _pendingDrift.Clear();
            _pendingConcept = false;
            return false;
        }

        if (_pendingConcept && context.Model.ForgetBeforeConceptDrift)
        {
            _conceptBoundary = _appendedAtDrift;
        }

        if (!await GrainFactory.GetGrain<IRetrainingGrain>(model).RequestAsync(reason))
        {
            // A run is under way; the next append asks again.
            return false;
        }

        _pendingDrift.Clear();
        _pendingConcept = false;
        _appendedAtLastSchedule = state.State.Appended;
        _lastScheduled = context.Time.GetUtcNow();
        instruments.RetrainRequested(model, RetrainingGrain.TriggerOf(reason));
        LogDriftRun(model, after, reason);
        return true;
    }

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

    /// <summary>Asks for the first version when there is none and enough examples; true while the model has no version.</summary>
    private async Task<bool> MaybeBootstrapAsync()
    {
        var model = this.GetPrimaryKeyString();
        var routing = await GrainFactory.GetGrain<IModelRegistryGrain>(model).GetRoutingAsync();
        if (routing.Champion > 0)
        {
            return false;
        }

        if (_examples.Count < context.Model.BootstrapExamples)
        {
            return true;
        }

        var now = context.Time.GetTimestamp();
        if (_lastBootstrapRequest != long.MinValue && context.Time.GetElapsedTime(_lastBootstrapRequest, now) < BootstrapRetry)
        {
            return true;
        }

        _lastBootstrapRequest = now;
        if (await GrainFactory.GetGrain<IRetrainingGrain>(model).RequestAsync("bootstrap"))
        {
            LogBootstrap(model, _examples.Count);
            _appendedAtLastSchedule = state.State.Appended;
            _lastScheduled = context.Time.GetUtcNow();
        }

        return true;
    }

    /// <summary>
    /// The retraining schedule, checked as examples arrive (without new labels there is nothing new to learn from): every
    /// <c>RetrainEveryExamples</c> examples and at least every <c>RetrainInterval</c>. A request refused because a run is
    /// under way is made again with the next append.
    /// </summary>
    private async Task MaybeScheduleAsync()
    {
        var every = context.Model.RetrainEveryExamples;
        var since = state.State.Appended - _appendedAtLastSchedule;
        var now = context.Time.GetUtcNow();
        string reason;
        if (every > 0 && since >= every)
        {
            reason = $"schedule: {since} examples since the last scheduled run";
        }
        else if (context.Model.RetrainInterval is { } interval && now - _lastScheduled >= interval)
        {
            reason = $"schedule: {interval} since the last scheduled run";
        }
        else
        {
            return;
        }

        var model = this.GetPrimaryKeyString();
        if (await GrainFactory.GetGrain<IRetrainingGrain>(model).RequestAsync(reason))
        {
            _appendedAtLastSchedule = state.State.Appended;
            _lastScheduled = now;
            instruments.RetrainRequested(model, "schedule");
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: retraining on {After} examples since the drift ({Reason})")]
    private partial void LogDriftRun(string model, long after, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: version {Champion} now serves; detections about earlier versions need no run ({Reasons})")]
    private partial void LogDriftSettled(string model, int champion, string reasons);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} has {Count} labelled examples and no version: training the first one")]
    private partial void LogBootstrap(string model, int count);
}
