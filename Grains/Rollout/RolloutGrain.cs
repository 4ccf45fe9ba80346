using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamML.Core.Metrics;
using StreamML.Core.Rollout;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Services;

namespace StreamML.Grains.Rollout;

/// <summary>
/// The rollout of one model. Silos report their per-version sums about once a second; each report is merged into the
/// live windows and, while a rollout runs, into the current step's sums, and the gate decides at once: step up, make
/// the challenger champion, roll it back, or wait. The grain keeps no timer of its own: time enters only through the
/// reports and <see cref="PlatformContext.Time"/>, so a test drives it with a fake clock and explicit flushes.
/// </summary>
internal sealed partial class RolloutGrain(
    [PersistentState("rollout", GrainStorageNames.Control)] IPersistentState<RolloutState> state,
    PlatformContext context,
    ILogger<RolloutGrain> logger) : Grain, IRolloutGrain
{
    private const string Auto = "auto";
    private static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(5);
    private DateTimeOffset _lastWrite;
    private bool _dirty;

    private string Model => this.GetPrimaryKeyString();

    private IModelRegistryGrain Registry => GrainFactory.GetGrain<IModelRegistryGrain>(Model);

    private RolloutState S => state.State;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    Task<RolloutStatus> IRolloutGrain.GetStatusAsync() => Task.FromResult(Status());

    async Task<RolloutStatus> IRolloutGrain.StartAsync(RolloutRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var routing = await Registry.GetRoutingAsync();
        var versions = await Registry.GetVersionsAsync();
        if (versions.All(v => v.Version != request.Version))
        {
            throw new ArgumentException($"model '{Model}' has no version {request.Version}");
        }

        if (routing.Champion == 0)
        {
            throw new ArgumentException($"model '{Model}' has no champion to compare version {request.Version} with");
        }

        if (routing.Champion == request.Version)
        {
            throw new ArgumentException($"version {request.Version} of model '{Model}' is already the champion");
        }

        var plan = Resolve(request, routing.Champion, actor);
        if (S.Phase == RolloutPhase.Running && S.Plan is { } running)
        {
            Audit("superseded", running.Version, plan.Version, actor, $"version {plan.Version} replaces the rollout of version {running.Version}", Percent(running, S.Step), 0, []);
        }

        var first = plan.Mode == RolloutMode.Shadow ? 0 : plan.Steps[0];
        await Registry.SetChallengerAsync(plan.Version, BasisPoints(first), plan.Mode == RolloutMode.Shadow, $"{actor} rollout");
        S.Plan = plan;
        S.Phase = RolloutPhase.Running;
        BeginStep(0);
        S.LastVerdict = null;
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["min_labelled"] = plan.MinLabelled, ["margin"] = plan.Margin };
        Audit("start", plan.Champion, plan.Version, actor,
            plan.Mode == RolloutMode.Shadow ? $"shadow rollout of version {plan.Version} gated on {plan.Metric}" : $"canary rollout of version {plan.Version} over {string.Join(" → ", plan.Steps.Select(Format))} % gated on {plan.Metric}",
            0, first, figures);
        LogStarted(Model, plan.Version, plan.Mode, actor);
        await WriteAsync();
        return Status();
    }

    async Task<RolloutStatus> IRolloutGrain.PromoteAsync(int? version, string actor, string reason)
    {
        var running = S.Phase == RolloutPhase.Running ? S.Plan : null;
        var target = version ?? running?.Version ?? throw new InvalidOperationException($"model '{Model}' has no rollout under way; name the version to promote");
        var routing = await Registry.GetRoutingAsync();
        if (routing.Champion == target)
        {
            throw new InvalidOperationException($"version {target} of model '{Model}' is already the champion");
        }

        await PromoteAsync(target, routing.Champion, actor, reason, running is not null ? Percent(running, S.Step) : 0, []);
        return Status();
    }

    async Task<RolloutStatus> IRolloutGrain.RollbackAsync(string actor, string reason)
    {
        if (S.Phase == RolloutPhase.Running && S.Plan is { } plan)
        {
            await RollbackAsync(plan, actor, reason, []);
            return Status();
        }

        var before = await Registry.GetRoutingAsync();
        var after = await Registry.RollbackAsync(reason);
        var from = before.Challenger > 0 ? before.Challenger : before.Champion;
        Audit("rollback", from, after.Champion, actor, reason, before.CanaryBasisPoints / 100.0, 0, []);
        await WriteAsync();
        return Status();
    }

    async Task IRolloutGrain.ReportAsync(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Count("matched", report.Matched);
        Count("unmatched", report.Unmatched);
        Count("duplicate", report.Duplicates);
        Count("late", report.Late);
        AddToWindows(S.Served, report.Served);
        AddToWindows(S.Shadow, report.Shadow);
        _dirty = true;

        if (S.Phase == RolloutPhase.Running && S.Plan is { } plan)
        {
            Add(S.StepChampion!, report.Served.GetValueOrDefault(plan.Champion));
            Add(S.StepChallenger!, (plan.Mode == RolloutMode.Shadow ? report.Shadow : report.Served).GetValueOrDefault(plan.Version));
            S.StepChampionLatency = AddLatency(S.StepChampionLatency, report.ScoringLatency.GetValueOrDefault(plan.Champion));
            S.StepChallengerLatency = AddLatency(S.StepChallengerLatency, report.ScoringLatency.GetValueOrDefault(plan.Version));
            S.StepCanaryRouted += report.CanaryRouted;
            S.StepCanaryMissed += report.CanaryMissed;
            if (await DecideAsync(plan))
            {
                return;
            }
        }

        if (context.Time.GetUtcNow() - _lastWrite >= WriteEvery)
        {
            await WriteAsync();
        }
    }

    /// <summary>Lets the gate decide on the current step; true when a decision was taken (and written).</summary>
    private async Task<bool> DecideAsync(RolloutPlan plan)
    {
        GateMetrics.TryParse(plan.Metric, out var metric);
        var rules = new GateRules(metric, plan.Margin, plan.MinLabelled, plan.MaxErrorRate, plan.Mode == RolloutMode.Canary ? plan.MaxMissRate : null)
        {
            MaxLatencyRatio = plan.MaxLatencyRatio,
            MaxP99Milliseconds = plan.MaxP99?.TotalMilliseconds,
            MinLatencySamples = plan.MinLatencySamples,
            LatencySlackMilliseconds = context.Model.Rollout.LatencySlack.TotalMilliseconds,
        };
        var latency = new LatencyFigures(Calls(S.StepChampionLatency), P99Milliseconds(S.StepChampionLatency), Calls(S.StepChallengerLatency), P99Milliseconds(S.StepChallengerLatency));
        var verdict = RolloutGate.Evaluate(rules, S.StepChampion!.Figures(), S.StepChallenger!.Figures(), S.StepCanaryRouted, S.StepCanaryMissed, latency);
        S.LastVerdict = verdict.Reason;
        var figures = new Dictionary<string, double>(verdict.Figures, StringComparer.Ordinal);
        switch (verdict.Outcome)
        {
            case GateOutcome.Pass:
                var next = S.Step + 1;
                if (plan.Mode == RolloutMode.Shadow || next >= plan.Steps.Length || plan.Steps[next] >= 100)
                {
                    await PromoteAsync(plan.Version, plan.Champion, Auto, verdict.Reason, Percent(plan, S.Step), figures);
                    return true;
                }

                await Registry.SetChallengerAsync(plan.Version, BasisPoints(plan.Steps[next]), shadow: false, verdict.Reason);
                Audit("step", plan.Champion, plan.Version, Auto, verdict.Reason, plan.Steps[S.Step], plan.Steps[next], figures);
                LogStep(Model, plan.Version, plan.Steps[next], verdict.Reason);
                BeginStep(next);
                await WriteAsync();
                return true;
            case GateOutcome.Worse or GateOutcome.GuardTripped:
                await RollbackAsync(plan, Auto, verdict.Reason, figures);
                return true;
            default:
                return false;
        }
    }

    private async Task PromoteAsync(int version, int previousChampion, string actor, string reason, double fromPercent, Dictionary<string, double> figures)
    {
        await Registry.PromoteAsync(version, $"{actor}: {reason}");
        Audit("promote", previousChampion, version, actor, reason, fromPercent, 100, figures);
        if (S.Phase == RolloutPhase.Running)
        {
            S.Phase = S.Plan?.Version == version ? RolloutPhase.Promoted : RolloutPhase.Idle;
        }

        LogPromoted(Model, version, previousChampion, actor, reason);
        await WriteAsync();
    }

    private async Task RollbackAsync(RolloutPlan plan, string actor, string reason, Dictionary<string, double> figures)
    {
        await Registry.RollbackAsync($"{actor}: {reason}");
        Audit("rollback", plan.Version, plan.Champion, actor, reason, Percent(plan, S.Step), 0, figures);
        S.Phase = RolloutPhase.RolledBack;
        LogRolledBack(Model, plan.Version, plan.Champion, actor, reason);
        await WriteAsync();
    }

    private void BeginStep(int step)
    {
        S.Step = step;
        S.StepStartedAt = context.Time.GetUtcNow();
        S.StepChampion = new MetricAggregate(context.Schema.Task);
        S.StepChallenger = new MetricAggregate(context.Schema.Task);
        S.StepCanaryRouted = 0;
        S.StepCanaryMissed = 0;
        S.StepChampionLatency = null;
        S.StepChallengerLatency = null;
    }

    private void Audit(string action, int from, int to, string actor, string reason, double fromPercent, double toPercent, Dictionary<string, double> figures)
    {
        S.Audit.Add(new RolloutAudit
        {
            Sequence = S.NextSequence++,
            Time = context.Time.GetUtcNow(),
            Action = action,
            FromVersion = from,
            ToVersion = to,
            Actor = actor,
            Reason = reason,
            FromPercent = fromPercent,
            ToPercent = toPercent,
            Figures = figures,
        });
        var excess = S.Audit.Count - context.Model.Rollout.AuditCapacity;
        if (excess > 0)
        {
            S.Audit.RemoveRange(0, excess);
        }
    }

    private RolloutStatus Status() => new()
    {
        State = S.PhaseName,
        Plan = S.Plan,
        Step = S.Step,
        Percent = S.Plan is { } plan && S.Phase == RolloutPhase.Running ? Percent(plan, S.Step) : 0,
        StepStartedAt = S.StepStartedAt,
        StepChampion = WithLatency(Figures(S.StepChampion), S.StepChampionLatency),
        StepChallenger = WithLatency(Figures(S.StepChallenger), S.StepChallengerLatency),
        LastVerdict = S.LastVerdict,
        Versions = Live(S.Served),
        ShadowVersions = Live(S.Shadow),
        Labels = new Dictionary<string, long>(S.Labels, StringComparer.Ordinal),
        Audit = [.. S.Audit],
    };

    private void Count(string outcome, long count)
    {
        if (count > 0)
        {
            S.Labels[outcome] = S.Labels.GetValueOrDefault(outcome) + count;
        }
    }

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        _lastWrite = context.Time.GetUtcNow();
        _dirty = false;
    }

    private static double Percent(RolloutPlan plan, int step) => plan.Mode == RolloutMode.Shadow ? 0 : plan.Steps[Math.Min(step, plan.Steps.Length - 1)];

    private static int BasisPoints(double percent) => (int)Math.Round(percent * 100, MidpointRounding.AwayFromZero);

    private static string Format(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture);
}
