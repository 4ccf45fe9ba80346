using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Metrics;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Silo.Hosting;
using StreamML.Storage;

namespace StreamML.Cli.Evaluate;

/// <summary>
/// Prequential evaluation of the whole platform on a CSV file: each row becomes an event scored by an in-process silo
/// (entity groups, drift monitors, retraining, rollout, all with the embedded defaults), and its label is fed back
/// <c>--label-delay</c> rows later, so every row is predicted before its own label is known.
/// </summary>
/// <remarks>
/// The file is replayed far faster than it was recorded. To keep the replay faithful to a live stream, where the silos
/// report once a second and a training run ends long before the next few events arrive, the run reports every
/// <see cref="ReportEveryRows"/> rows and lets a retraining run that was started finish before the next row is scored.
/// Wall-clock cooldowns mean nothing at that speed, so the drift monitors' cooldown is off; retraining stays bounded by
/// the minimum of new examples per run and by one rollout at a time.
/// </remarks>
internal static class EvaluateRunner
{
    /// <summary>Rows between two reports of the silo's aggregators (a live silo reports once a second).</summary>
    public const int ReportEveryRows = 100;

    private const string ModelName = "evaluate";
    private const string WholeEntity = "stream";

    public static async Task<EvaluateResult> RunAsync(EvaluateOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var data = EvaluateData.Load(options);
        var schema = Schema(data);
        var kind = data.Task.Kind();
        var classes = kind.IsClassifier && kind.FixedClassCount is null ? $", {data.Classes.Count} classes" : string.Empty;
        progress($"{data.Rows:N0} rows, {data.FeatureNames.Count} features, label '{options.Label}' ({kind.Name.Replace('_', ' ')}{classes}), label delay {options.LabelDelay} rows");

        var directory = Path.Combine(Path.GetTempPath(), "streamml-evaluate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = Settings(schema, options, directory);
            var platform = await InProcessPlatform.StartAsync(settings, logging => logging.ClearProviders(), cancellationToken).ConfigureAwait(false);
            await using (platform.ConfigureAwait(false))
            {
                return await ReplayAsync(platform, settings, data, options, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            TryDelete(directory);
        }
    }

    /// <summary>
    /// The schema every file gets: its numeric columns raw, the previous value and change of each (a 2-event window), the
    /// mean, spread and range over the last 10 events, and what the entity's labels revealed so far.
    /// </summary>
    internal static FeatureSchema Schema(EvaluateData data)
    {
        var schema = new FeatureSchema
        {
            Model = ModelName,
            Task = data.Task,
            LabelFeatures = true,
            MaxEventAge = null,
            WindowCapacity = 16,
        };
        foreach (var name in data.FeatureNames)
        {
            schema.Features.Add(new FeatureDefinition { Name = name });
        }

        schema.Windows.Add(new WindowDefinition { Name = "lag", Kind = WindowKind.Sliding, Count = 2, Aggregates = WindowAggregates.Last | WindowAggregates.Delta });
        schema.Windows.Add(new WindowDefinition
        {
            Name = "recent",
            Kind = WindowKind.Sliding,
            Count = 10,
            Aggregates = WindowAggregates.Mean | WindowAggregates.Variance | WindowAggregates.Min | WindowAggregates.Max,
        });
        return schema;
    }

    private static StreamMLSettings Settings(FeatureSchema schema, EvaluateOptions options, string directory)
    {
        var settings = new StreamMLSettings
        {
            Host =
            {
                DataDirectory = directory,
                Source = SourceKind.None,
                GrainStorage = GrainStorageProvider.Memory,
                ConsoleProgress = false,
            },
            Schema = schema,
        };

        // Every prediction must still be remembered when its label comes back.
        settings.Entity.RememberPredictions = Math.Max(settings.Entity.RememberPredictions, options.LabelDelay + 8);
        var model = settings.Model;
        model.BootstrapExamples = 500;
        model.TrainingWindow = 5_000;
        model.RetrainEveryExamples = 500;

        // Only the run's own reports count (see the remarks): the silo's timers are set far apart.
        model.Rollout.ReportInterval = TimeSpan.FromMinutes(1);
        // A single entity cannot be split into canary shares; in shadow both versions score the same rows, so fewer
        // labels make a fair comparison than two disjoint canary shares need.
        model.Rollout.AutoRollout = AutoRolloutMode.Shadow;
        model.Rollout.MinLabelled = 200;

        // A replay measures predictive quality; its scoring timings say nothing about a deployment's, and would make
        // the run depend on the machine's load.
        model.Rollout.MaxLatencyRatio = 0;
        model.Rollout.AuditCapacity = 10_000;
        settings.Drift.ReportInterval = TimeSpan.FromHours(1);
        settings.Drift.Monitor.Cooldown = TimeSpan.Zero;
        settings.Drift.History = 10_000;
        settings.Alerts.Log = false;
        return settings;
    }

    private static async Task<EvaluateResult> ReplayAsync(InProcessPlatform platform, StreamMLSettings settings, EvaluateData data, EvaluateOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var grains = platform.Grains;
        var groups = settings.Entity.Groups;
        await platform.WhenReadyAsync(cancellationToken).ConfigureAwait(false);

        var start = TimeProvider.System.GetUtcNow().AddSeconds(-data.Rows).AddHours(-1).UtcTicks;
        var kappa = new PrequentialKappa();
        var regression = new RunningError();
        var noChange = new Dictionary<string, double>(StringComparer.Ordinal);
        long noChangeCorrect = 0, fallbacks = 0;
        var kind = data.Task.Kind();
        var served = new SortedSet<int>();
        var pending = new Queue<LabelEvent>();
        var watch = Stopwatch.StartNew();
        for (var row = 0; row < data.Rows; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entity = data.Entities?[row] ?? WholeEntity;
            var id = row.ToString(CultureInfo.InvariantCulture);
            var time = start + (row * TimeSpan.TicksPerSecond);
            var e = new StreamEvent(id, entity, time, data.Features[row]);
            var group = grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(entity, groups));
            var prediction = (await group.ScoreAsync([EventEnvelope.NotFromLog(e)], cancellationToken).ConfigureAwait(false))[0];
            served.Add(prediction.ModelVersion);
            fallbacks += prediction.IsFallback ? 1 : 0;

            var label = data.Labels[row];
            if (!kind.IsClassifier)
            {
                regression.Add(label, prediction.Score);
            }
            else
            {
                // A prediction that names no class yet (a multiclass one without a prior) is a miss.
                kappa.Update((int)label, kind.PredictedClass(prediction.Score, prediction.Probability));
                noChangeCorrect += noChange.TryGetValue(entity, out var previous) && previous == label ? 1 : 0;
                noChange[entity] = label;
            }

            pending.Enqueue(new LabelEvent(id, entity, label, time));
            while (pending.Count > options.LabelDelay)
            {
                var due = pending.Dequeue();
                var revealed = new LabelEvent(due.EventId, due.Entity, due.Label, time);
                await grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(due.Entity, groups)).OnLabelsAsync([LabelEnvelope.NotFromLog(revealed)], cancellationToken).ConfigureAwait(false);
            }

            if ((row + 1) % ReportEveryRows == 0)
            {
                await platform.DrainAsync(cancellationToken).ConfigureAwait(false);
            }

            if ((row + 1) % 10_000 == 0)
            {
                progress($"{row + 1:N0} rows, accuracy so far {kappa.Accuracy:0.0000}");
            }
        }

        watch.Stop();
        var registry = grains.GetGrain<IModelRegistryGrain>(ModelName);
        var versions = await registry.GetVersionsAsync().ConfigureAwait(false);
        var status = await grains.GetGrain<IRetrainingGrain>(ModelName).GetStatusAsync().ConfigureAwait(false);
        var rollout = await grains.GetGrain<IRolloutGrain>(ModelName).GetStatusAsync().ConfigureAwait(false);
        var report = await grains.GetGrain<IDriftMonitorGrain>($"{ModelName}/{DriftScopes.All}").GetAsync().ConfigureAwait(false);
        var detections = report.Detections;
        var classification = kind.IsClassifier;
        return new EvaluateResult
        {
            Rows = data.Rows,
            Task = kind.Name,
            Classes = data.Classes.Count > 0 ? data.Classes : null,
            LabelDelay = options.LabelDelay,
            Features = FeaturePlan.Compile(settings.Schema).VectorLength,
            Accuracy = classification ? Math.Round(kappa.Accuracy, 5) : null,
            KappaTemporal = classification ? Math.Round(kappa.KappaTemporal, 5) : null,
            Kappa = classification ? Math.Round(kappa.CohenKappa, 5) : null,
            NoChangeAccuracy = classification ? Math.Round(noChangeCorrect / (double)data.Rows, 5) : null,
            Mae = classification ? null : Math.Round(regression.Mae, 6),
            Rmse = classification ? null : Math.Round(regression.Rmse, 6),
            Versions = versions.Length,
            ServedVersions = served.Count(v => v > 0),
            Champion = (await registry.GetRoutingAsync().ConfigureAwait(false)).Champion,
            Drifts = detections.Length > 0 ? detections[^1].Sequence : 0,
            DriftKinds = detections.GroupBy(d => d.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Retrains = status.Completed,
            RetrainsSkipped = status.Skipped,
            RetrainsFailed = status.Failed,
            RetrainTriggers = status.Triggers,
            Promotions = rollout.Audit.Count(a => a.Action == "promote"),
            Rollbacks = rollout.Audit.Count(a => a.Action == "rollback"),
            HeldBack = versions.Count(v => v.Status == Core.Models.ModelStatus.Candidate),
            FallbackPredictions = fallbacks,
            Trainer = settings.Model.Training.Trainer.ToString(),
            EventsPerSecond = Math.Round(data.Rows / watch.Elapsed.TotalSeconds, 1),
            Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
        };
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind costs nothing but space.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class RunningError
    {
        private long _count;
        private double _absolute;
        private double _squared;

        public double Mae => _count == 0 ? double.NaN : _absolute / _count;

        public double Rmse => _count == 0 ? double.NaN : Math.Sqrt(_squared / _count);

        public void Add(double label, double prediction)
        {
            if (double.IsNaN(prediction))
            {
                return;
            }

            _count++;
            _absolute += Math.Abs(label - prediction);
            _squared += (label - prediction) * (label - prediction);
        }
    }
}
