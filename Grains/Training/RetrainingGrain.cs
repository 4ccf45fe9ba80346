using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Training;

/// <summary>
/// Retraining of one model, started by drift detections, the example store's schedule, bootstrap or the API: one run at a
/// time, reading the newest labelled examples, fitting on the silo's training pool (off the grain scheduler), comparing the
/// candidate with the champion on the held-out newest examples, registering it with those figures and handing it to the
/// rollout. Automatic runs are skipped while a rollout is deciding or when too few new examples arrived. Reentrant so
/// status reads answer during a run.
/// </summary>
[Reentrant]
internal sealed partial class RetrainingGrain(
    PlatformContext context,
    TrainingPool pool,
    ModelCache models,
    IModelStore store,
    ILogger<RetrainingGrain> logger) : Grain, IRetrainingGrain
{
    private RetrainingStatus _status = new();
    private Task _run = Task.CompletedTask;
    private CancellationTokenSource? _cancel;
    private string? _cancelReason;

    Task<bool> IRetrainingGrain.RequestAsync(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (_status.Running)
        {
            return Task.FromResult(false);
        }

        var trigger = TriggerOf(reason);
        var triggers = new Dictionary<string, int>(_status.Triggers, StringComparer.Ordinal);
        triggers[trigger] = triggers.GetValueOrDefault(trigger) + 1;
        _status = _status with { Running = true, Reason = reason, Triggers = triggers };
        DelayDeactivation((2 * context.Model.TrainingTimeLimit) + TimeSpan.FromMinutes(1));
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _cancelReason = null;
        _run = RunAsync(reason, trigger);
        return Task.FromResult(true);
    }

    Task<RetrainingStatus> IRetrainingGrain.GetStatusAsync() => Task.FromResult(_status);

    async Task<bool> IRetrainingGrain.CancelAsync(string reason)
    {
        if (!_status.Running || _cancel is null)
        {
            return false;
        }

        _cancelReason = reason;
        await _cancel.CancelAsync();
        return true;
    }

    async Task<RetrainingStatus> IRetrainingGrain.WaitAsync(CancellationToken cancellationToken)
    {
        await _run.WaitAsync(cancellationToken);
        return _status;
    }

    /// <summary>The trigger a reason names: its text before the first ':' (drift, schedule, bootstrap, api…).</summary>
    internal static string TriggerOf(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? reason[..colon] : reason).Trim().ToLowerInvariant();
    }

    private async Task RunAsync(string reason, string trigger)
    {
        var model = this.GetPrimaryKeyString();
        try
        {
            var registry = GrainFactory.GetGrain<IModelRegistryGrain>(model);
            var routing = await registry.GetRoutingAsync();
            var champion = routing.Champion > 0 ? (await registry.GetVersionsAsync()).FirstOrDefault(v => v.Version == routing.Champion) : null;
            var exampleStore = GrainFactory.GetGrain<ILabelledExampleGrain>(model);
            var window = await exampleStore.GetTrainingWindowAsync(context.Model.TrainingWindow);
            var examples = window.Examples;
            var automatic = trigger is "drift" or "performance" or "schedule";
            if (automatic && routing.Challenger > 0)
            {
                // The live comparison of the version under rollout decides first; a new candidate would only supersede it.
                Skip($"skipped: version {routing.Challenger} is being rolled out");
                return;
            }

            var fresh = champion?.TrainingEnd is { } end ? examples.Count(e => e.EventTicks > end.UtcTicks) : 0;
            if (automatic && champion?.TrainingEnd is not null)
            {
                if (fresh < context.Model.MinNewExamples)
                {
                    Skip($"skipped: {fresh} new examples since version {champion.Version} was trained, {context.Model.MinNewExamples} needed");
                    return;
                }
            }

            LogStarting(model, reason, examples.Length);
            var limit = context.Model.TrainingTimeLimit;
            using var limited = new CancellationTokenSource(limit, context.Time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(limited.Token, _cancel!.Token);
            var options = context.Model.Training;
            var task = context.Schema.Task;
            var recent = window.SinceConceptDrift < 0 ? examples.Length : Math.Max(window.SinceConceptDrift, context.Model.MinNewExamples);
            var warm = await WarmStartAsync(model, champion, trigger, fresh);
            var (set, trained) = warm is null && recent < examples.Length && context.Model.ForgetBeforeConceptDrift
                ? await FitEitherWindowAsync(exampleStore, examples, recent, task, options, timeout.Token)
                : await FitAsync(examples, task, options, warm, timeout.Token);
            if (trained.WarmStartRefusal is { } refusal)
            {
                LogNotContinued(model, champion!.Version, refusal);
            }

            var metrics = new Dictionary<string, double>(trained.Metrics, StringComparer.Ordinal);
            var verdict = champion is null ? null : await CompareWithChampionAsync(model, champion, set, trained.HoldoutStart, metrics);

            LogFitted(model, trained.TrainingExamples);
            var draft = new ModelVersionInfo
            {
                Model = model,
                Version = 0,
                SchemaHash = context.Plan.SchemaHash,
                Task = task,
                Trainer = options.Trainer.ToString(),
                Columns = [.. context.Plan.ColumnNames],
                CreatedAt = default,
                TrainingStart = new DateTimeOffset(trained.TrainingStart, TimeSpan.Zero),
                TrainingEnd = new DateTimeOffset(trained.TrainingEnd, TimeSpan.Zero),
                TrainingExamples = trained.TrainingExamples,
                Metrics = metrics,
                ParentVersion = champion?.Version,
                ArtifactSha256 = string.Empty,
                Normalization = trained.Normalization,
                Reason = reason,
            };
            var info = await registry.RegisterAsync(draft, trained.Artifact, makeChampion: routing.Champion == 0);
            LogTrained(model, info.Version, reason, trained.TrainingExamples, string.Join(", ", metrics.Select(kv => $"{kv.Key}={kv.Value:0.####}")));
            string outcome;
            if (routing.Champion == 0)
            {
                outcome = $"version {info.Version} is the first champion";
            }
            else if (verdict is { Worse: true })
            {
                outcome = $"version {info.Version} held back: {verdict.Text}";
                LogHeldBack(model, info.Version, verdict.Text);
            }
            else
            {
                outcome = await StartRolloutAsync(model, info.Version) + (verdict is null ? string.Empty : $" ({verdict.Text})");
            }

            _status = _status with { Running = false, Completed = _status.Completed + 1, LastVersion = info.Version, LastError = null, LastOutcome = outcome };
        }
        catch (OperationCanceledException) when (_cancelReason is not null)
        {
            // The fit may still finish its current stage on the training thread; its result is dropped.
            _status = _status with { Running = false, Cancelled = _status.Cancelled + 1, LastOutcome = "cancelled: " + _cancelReason };
            LogCancelled(model, reason, _cancelReason);
        }
        catch (Exception ex)
        {
            _status = _status with { Running = false, Failed = _status.Failed + 1, LastError = ex.Message, LastOutcome = "failed: " + ex.Message };
            LogFailed(ex, model, reason);
        }
    }

    private async Task<(TrainingSet Set, TrainedModel Trained)> FitAsync(LabelledExample[] examples, ModelTask task, TrainingOptions options, WarmStart? warm, CancellationToken cancellationToken)
    {
        var set = SetOf(examples, 0);
        var limit = context.Model.TrainingTimeLimit;
        var trained = await pool.RunAsync(ct => ModelTrainer.Train(set, task, options, warm, ct), cancellationToken).WaitAsync(limit, context.Time, cancellationToken);
        return (set, trained);
    }

    /// <summary>
    /// After a concept drift: fits on the whole window and on the examples since the drift, both held out on the same
    /// newest examples, and keeps the better (the whole window on a tie). When the whole window wins, the store forgets
    /// the boundary.
    /// </summary>
    private async Task<(TrainingSet Set, TrainedModel Trained)> FitEitherWindowAsync(
        ILabelledExampleGrain exampleStore, LabelledExample[] examples, int recent, ModelTask task, TrainingOptions options, CancellationToken cancellationToken)
    {
        var holdout = (int)Math.Floor(recent * options.HoldoutFraction);
        if (holdout < 1 || recent - holdout < 20)
        {
            return await FitAsync(examples, task, options, null, cancellationToken);
        }

        var all = SetOf(examples, 0);
        var tail = SetOf(examples, examples.Length - recent);
        var limit = context.Model.TrainingTimeLimit;
        var wholeTrained = await pool.RunAsync(ct => ModelTrainer.Train(all, task, WithHoldout(options, holdout, all.Count), ct), cancellationToken).WaitAsync(limit, context.Time, cancellationToken);
        TrainedModel tailTrained;
        try
        {
            tailTrained = await pool.RunAsync(ct => ModelTrainer.Train(tail, task, WithHoldout(options, holdout, tail.Count), ct), cancellationToken).WaitAsync(limit, context.Time, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            // E.g. one class only since the drift: the whole window it is.
            LogWindowCompared(this.GetPrimaryKeyString(), examples.Length, recent, ex.Message);
            await exampleStore.ClearConceptBoundaryAsync();
            return (all, wholeTrained);
        }

        var metric = GateMetricOf(task);
        var name = metric.Name();
        var whole = wholeTrained.Metrics.GetValueOrDefault(name, double.NaN);
        var since = tailTrained.Metrics.GetValueOrDefault(name, double.NaN);
        var tailBetter = double.IsFinite(since) && (!double.IsFinite(whole) || (metric.HigherIsBetter() ? since > whole : since < whole));
        var text = string.Create(CultureInfo.InvariantCulture, $"held-out {name}: {since:0.####} on the {recent} examples since the concept drift, {whole:0.####} on all {examples.Length}");
        LogWindowCompared(this.GetPrimaryKeyString(), examples.Length, recent, text);
        var (set, trained) = tailBetter ? (tail, tailTrained) : (all, wholeTrained);
        var metrics = new Dictionary<string, double>(trained.Metrics, StringComparer.Ordinal)
        {
            ["window_since_drift_" + name] = since,
            ["window_all_" + name] = whole,
        };
        if (!tailBetter)
        {
            await exampleStore.ClearConceptBoundaryAsync();
        }

        return (set, trained with { Metrics = metrics });
    }

    private TrainingSet SetOf(LabelledExample[] examples, int from)
    {
        var set = new TrainingSet(context.Plan.VectorLength);
        for (var i = from; i < examples.Length; i++)
        {
            set.Add(examples[i].Features, examples[i].Label, examples[i].EventTicks);
        }

        return set;
    }

    /// <summary>The options with a holdout share that holds out exactly <paramref name="holdout"/> of <paramref name="count"/> rows.</summary>
    private static TrainingOptions WithHoldout(TrainingOptions options, int holdout, int count) => options.WithHoldoutFraction((holdout + 0.5) / count);

    private GateMetric GateMetricOf(ModelTask task)
    {
        var metric = task.Kind().DefaultGateMetric;
        var configured = context.Model.Rollout.Metric;
        if (configured.Length > 0 && GateMetrics.TryParse(configured, out var parsed))
        {
            metric = parsed;
        }

        return metric;
    }

    /// <summary>
    /// The champion as the starting point of this run, when the configured learner can continue it: same trainer kind and
    /// schema, an intact artefact and enough examples after it. Drift runs start afresh: the champion's weights describe
    /// the concept that drifted away.
    /// </summary>
    private async Task<WarmStart?> WarmStartAsync(string model, ModelVersionInfo? champion, string trigger, int fresh)
    {
        var trainer = context.Model.Training.Trainer;
        if (champion?.TrainingEnd is not { } end || trigger is "drift" or "performance" || !ModelTrainer.IsWarmStartable(trainer)
            || !string.Equals(champion.Trainer, trainer.ToString(), StringComparison.Ordinal)
            || !string.Equals(champion.SchemaHash, context.Plan.SchemaHash, StringComparison.Ordinal)
            || fresh < context.Model.MinNewExamples)
        {
            return null;
        }

        var artifact = await store.ReadArtifactAsync(model, champion.Version);
        var hash = Convert.ToHexStringLower(SHA256.HashData(artifact));
        return string.Equals(hash, champion.ArtifactSha256, StringComparison.OrdinalIgnoreCase)
            ? new WarmStart(trainer, artifact, champion.Normalization, end.UtcTicks)
            : null;
    }

    private void Skip(string outcome)
    {
        _status = _status with { Running = false, Skipped = _status.Skipped + 1, LastOutcome = outcome };
        LogSkipped(this.GetPrimaryKeyString(), _status.Reason ?? string.Empty, outcome);
    }

    /// <summary>
    /// Scores the champion on the candidate's held-out rows, adds its figures as <c>champion_*</c>, and says whether the
    /// candidate is worse on the rollout metric beyond the rollout margin.
    /// </summary>
    private async Task<HoldoutVerdict?> CompareWithChampionAsync(string model, ModelVersionInfo champion, TrainingSet set, int holdoutStart, Dictionary<string, double> metrics)
    {
        if (holdoutStart >= set.Count || !string.Equals(champion.SchemaHash, context.Plan.SchemaHash, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var scoring = await models.GetAsync(model, champion.Version);
            var task = context.Schema.Task;
            var figures = await pool.RunAsync(_ => HoldoutEvaluation.Evaluate(scoring, set, holdoutStart, task));
            foreach (var (name, value) in figures.ToDictionary())
            {
                if (name != "count")
                {
                    metrics["champion_" + name] = value;
                }
            }

            metrics["champion_version"] = champion.Version;
            var rollout = context.Model.Rollout;
            var metric = GateMetricOf(task);

            var metricName = metric.Name();
            if (!metrics.TryGetValue(metricName, out var candidate) || !metrics.TryGetValue("champion_" + metricName, out var incumbent))
            {
                return null;
            }

            var allowance = rollout.Margin * Math.Abs(incumbent);
            var worse = context.Model.HoldoutGate && (metric.HigherIsBetter() ? candidate < incumbent - allowance : candidate > incumbent + allowance);
            return new HoldoutVerdict(worse, string.Create(CultureInfo.InvariantCulture,
                $"held-out {metricName} {candidate:0.####} vs champion v{champion.Version} {incumbent:0.####} on {set.Count - holdoutStart} newest examples"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCompareFailed(ex, model, champion.Version);
            return null;
        }
    }

    private sealed record HoldoutVerdict(bool Worse, string Text);

    /// <summary>Hands a new version to the model's rollout as configured; the version stays registered whatever happens here.</summary>
    private async Task<string> StartRolloutAsync(string model, int version)
    {
        if (context.Model.Rollout.AutoRollout.RolloutMode() is not { } mode)
        {
            return $"version {version} registered (automatic rollout is off)";
        }

        try
        {
            await GrainFactory.GetGrain<IRolloutGrain>(model).StartAsync(new RolloutRequest { Version = version, Mode = mode }, "auto");
            return $"version {version} in {mode.ToString().ToLowerInvariant()} rollout";
        }
        catch (Exception ex)
        {
            LogRolloutFailed(ex, model, version);
            return $"version {version} registered; its rollout could not start: {ex.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: champion v{Version} is not continued, training from scratch: {Why}")]
    private partial void LogNotContinued(string model, int version, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training model {Model} ({Reason}) was cancelled: {Why}")]
    private partial void LogCancelled(string model, string reason, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} ({Reason}): {Outcome}")]
    private partial void LogSkipped(string model, string reason, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: window of {All} examples against the {Recent} since the concept drift: {Outcome}")]
    private partial void LogWindowCompared(string model, int all, int recent, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} version {Version} is held back: {Verdict}")]
    private partial void LogHeldBack(string model, int version, string verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: the champion v{Version} could not be scored on the held-out examples; the candidate goes on without the comparison")]
    private partial void LogCompareFailed(Exception exception, string model, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: could not start the rollout of version {Version}; it stays a candidate")]
    private partial void LogRolloutFailed(Exception exception, string model, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training model {Model} ({Reason}) on {Examples} labelled examples")]
    private partial void LogStarting(string model, string reason, int examples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fitted model {Model} on {Examples} examples; registering")]
    private partial void LogFitted(string model, long examples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trained model {Model} version {Version} ({Reason}) on {Examples} examples: {Metrics}")]
    private partial void LogTrained(string model, int version, string reason, long examples, string metrics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training model {Model} ({Reason}) failed")]
    private partial void LogFailed(Exception exception, string model, string reason);
}
