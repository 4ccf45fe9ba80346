using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Services;

namespace StreamML.Grains.Training;

/// <summary>
/// Retraining of one model: one run at a time, reading the newest labelled examples, fitting on the silo's training pool
/// (off the grain scheduler), registering the result. Reentrant so status reads answer during a run.
/// </summary>
[Reentrant]
internal sealed partial class RetrainingGrain(
    PlatformContext context,
    TrainingPool pool,
    ILogger<RetrainingGrain> logger) : Grain, IRetrainingGrain
{
    private RetrainingStatus _status = new();

    Task<bool> IRetrainingGrain.RequestAsync(string reason)
    {
        if (_status.Running)
        {
            return Task.FromResult(false);
        }

        _status = _status with { Running = true, Reason = reason };
        DelayDeactivation(context.Model.TrainingTimeLimit + TimeSpan.FromMinutes(1));
        _ = RunAsync(reason);
        return Task.FromResult(true);
    }

    Task<RetrainingStatus> IRetrainingGrain.GetStatusAsync() => Task.FromResult(_status);

    private async Task RunAsync(string reason)
    {
        var model = this.GetPrimaryKeyString();
        try
        {
            var examples = await GrainFactory.GetGrain<ILabelledExampleGrain>(model).GetNewestAsync(context.Model.TrainingWindow);
            var set = new TrainingSet(context.Plan.VectorLength);
            foreach (var e in examples)
            {
                set.Add(e.Features, e.Label, e.EventTicks);
            }

            LogStarting(model, reason, set.Count);
            using var timeout = new CancellationTokenSource(context.Model.TrainingTimeLimit, context.Time);
            var options = context.Model.Training;
            var task = context.Schema.Task;
            var trained = await pool.RunAsync(ct => ModelTrainer.Train(set, task, options, ct), timeout.Token)
                .WaitAsync(context.Model.TrainingTimeLimit, context.Time);

            LogFitted(model, trained.TrainingExamples);
            var registry = GrainFactory.GetGrain<IModelRegistryGrain>(model);
            var routing = await registry.GetRoutingAsync();
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
                Metrics = trained.Metrics,
                ParentVersion = routing.Champion > 0 ? routing.Champion : null,
                ArtifactSha256 = string.Empty,
                Normalization = trained.Normalization,
                Reason = reason,
            };
            var info = await registry.RegisterAsync(draft, trained.Artifact, makeChampion: routing.Champion == 0);
            _status = _status with { Running = false, Completed = _status.Completed + 1, LastVersion = info.Version, LastError = null };
            LogTrained(model, info.Version, reason, trained.TrainingExamples, string.Join(", ", trained.Metrics.Select(kv => $"{kv.Key}={kv.Value:F4}")));
            if (routing.Champion != 0)
            {
                await StartRolloutAsync(model, info.Version);
            }
        }
        catch (Exception ex)
        {
            _status = _status with { Running = false, Failed = _status.Failed + 1, LastError = ex.Message };
            LogFailed(ex, model, reason);
        }
    }

    /// <summary>Hands a new version to the model's rollout as configured; the version stays registered whatever happens here.</summary>
    private async Task StartRolloutAsync(string model, int version)
    {
        var auto = context.Model.Rollout.AutoRollout;
        if (string.Equals(auto, "None", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        try
        {
            var mode = string.Equals(auto, "Shadow", StringComparison.OrdinalIgnoreCase) ? RolloutMode.Shadow : RolloutMode.Canary;
            await GrainFactory.GetGrain<IRolloutGrain>(model).StartAsync(new RolloutRequest { Version = version, Mode = mode }, "auto");
        }
        catch (Exception ex)
        {
            LogRolloutFailed(ex, model, version);
        }
    }

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
