using StreamML.Core.Models;

namespace StreamML.Grains.Options;

/// <summary>How the platform trains, keeps and routes its model.</summary>
public sealed class ModelOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Model";

    /// <summary>How versions are trained.</summary>
    /// <value>The default is LightGBM: native, single-threaded, and unaffected by a thread pool busy serving grains.</value>
    public TrainingOptions Training { get; set; } = new() { Trainer = TrainerKind.LightGbm };

    /// <summary>Labelled examples needed before the first version is trained.</summary>
    /// <value>The default value is 2,000.</value>
    public int BootstrapExamples { get; set; } = 2_000;

    /// <summary>Most labelled examples the store keeps (the newest win).</summary>
    /// <value>The default value is 50,000.</value>
    public int MaxExamples { get; set; } = 50_000;

    /// <summary>Oldest labelled example the store keeps, in event time behind the newest.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan MaxExampleAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most examples a training run reads (the newest).</summary>
    /// <value>The default value is 20,000.</value>
    public int TrainingWindow { get; set; } = 20_000;

    /// <summary>How often each silo re-reads the model's routing.</summary>
    /// <value>The default value is 250 milliseconds.</value>
    public TimeSpan RoutingRefresh { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest a training run may take before it is abandoned.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan TrainingTimeLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether a drift detection of the model starts a retraining run.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RetrainOnDrift { get; set; } = true;

    /// <summary>Retrain after this many labelled examples arrived since the last run; 0 turns this schedule off.</summary>
    /// <value>The default value is 0.</value>
    public int RetrainEveryExamples { get; set; }

    /// <summary>Retrain at least this often while labels arrive (checked as examples are appended); null turns it off.</summary>
    /// <value>The default value is null.</value>
    public TimeSpan? RetrainInterval { get; set; }

    /// <summary>
    /// New labelled examples (newer than the champion's training data) a drift- or schedule-triggered run needs; with
    /// fewer it is skipped, since the data would barely differ from the champion's. Requests by API always train.
    /// </summary>
    /// <value>The default value is 200.</value>
    public int MinNewExamples { get; set; } = 200;

    /// <summary>
    /// Whether, after a concept drift, runs also fit a candidate on the examples from after it only (at least
    /// <see cref="MinNewExamples"/>) and keep whichever of the two does better on the same held-out newest examples: the
    /// older examples may teach the old relation between features and labels, or may still help. Once the whole window
    /// wins, runs read it again.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ForgetBeforeConceptDrift { get; set; } = true;

    /// <summary>
    /// Whether a candidate must not be worse than the champion on the held-out newest examples (by the rollout margin,
    /// on the rollout metric) to be rolled out; a worse one is registered with its figures and left a candidate.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool HoldoutGate { get; set; } = true;

    /// <summary>
    /// How much lower than scoring the training thread runs: on Linux, added to the nice value the thread inherits (0: the
    /// same priority; the result is capped at 19, the lowest); elsewhere 1 to 9 is below normal and 10 or more the lowest
    /// thread priority.
    /// </summary>
    /// <value>The default value is 10: a fit that competes with scoring for a core gets about a tenth of it.</value>
    public int TrainingNice { get; set; } = 10;

    /// <summary>How new versions are rolled out.</summary>
    public RolloutOptions Rollout { get; set; } = new();
}
