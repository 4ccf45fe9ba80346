using CsCheck;
using StreamML.Core.Alerts;

namespace StreamML.Core.Tests.Alerts;

[Trait("Category", "BVT")]
public sealed class AlertEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static AlertRule Rule(AlertSignalKind kind, double threshold, int windowMinutes = 5, int forMinutes = 0, string name = "r") =>
        new(name, kind, threshold, TimeSpan.FromMinutes(windowMinutes), TimeSpan.FromMinutes(forMinutes), AlertSeverity.Warning);

    private static AlertSignal Rate(AlertSignalKind kind, long count, long total, DateTimeOffset at, string key = "default") =>
        new() { Kind = kind, Key = key, Count = count, Total = total, Time = at };

    private static DateTimeOffset Min(double minutes) => T0 + TimeSpan.FromMinutes(minutes);

    [Fact]
    public void Evaluate_RateOverThreshold_FiresOnceThenReNotifiesAfterTheInterval()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.AnomalyRate, 0.1)], TimeSpan.FromMinutes(30), 10);
        evaluator.Add([Rate(AlertSignalKind.AnomalyRate, 20, 100, Min(0))], Min(0));

        var first = evaluator.Evaluate(Min(0));
        var notification = Assert.Single(first);
        Assert.Equal(AlertState.Firing, notification.Alert.State);
        Assert.False(notification.Repeat);
        Assert.Equal(0.2, notification.Alert.Value, 12);

        for (var m = 1; m < 30; m++)
        {
            evaluator.Add([Rate(AlertSignalKind.AnomalyRate, 20, 100, Min(m))], Min(m));
            Assert.Empty(evaluator.Evaluate(Min(m)));
        }

        evaluator.Add([Rate(AlertSignalKind.AnomalyRate, 20, 100, Min(30))], Min(30));
        var again = Assert.Single(evaluator.Evaluate(Min(30)));
        Assert.True(again.Repeat);
        Assert.Equal(2, again.Alert.Notifications);
        Assert.Equal(Min(0), again.Alert.FiredAt);
    }

    [Fact]
    public void Evaluate_ForDuration_StaysPendingUntilHeldThatLong()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0.05, forMinutes: 2)], TimeSpan.FromHours(1), 10);
        evaluator.Add([Rate(AlertSignalKind.ErrorRate, 10, 100, Min(0))], Min(0));
        Assert.Empty(evaluator.Evaluate(Min(0)));
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Active).State);
        Assert.Empty(evaluator.Evaluate(Min(1.9)));

        var fired = Assert.Single(evaluator.Evaluate(Min(2)));
        Assert.Equal(AlertState.Firing, fired.Alert.State);
        Assert.Equal(Min(0), fired.Alert.Since);
    }

    [Fact]
    public void Evaluate_PendingConditionStops_DropsItWithoutNotifying()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0.05, windowMinutes: 1, forMinutes: 5)], TimeSpan.FromHours(1), 10);
        evaluator.Add([Rate(AlertSignalKind.ErrorRate, 10, 100, Min(0))], Min(0));
        Assert.Empty(evaluator.Evaluate(Min(0)));

        Assert.Empty(evaluator.Evaluate(Min(1.5)));
        Assert.Empty(evaluator.Active);
        Assert.Empty(evaluator.Recent);
    }

    [Fact]
    public void Evaluate_WindowSlidesPastTheBadFigures_ResolvesOnceAndKeepsItInHistory()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.DeadLetterRate, 0.01, windowMinutes: 5)], TimeSpan.FromHours(1), 10);
        evaluator.Add([Rate(AlertSignalKind.DeadLetterRate, 5, 100, Min(0))], Min(0));
        Assert.Single(evaluator.Evaluate(Min(0)));
        evaluator.Add([Rate(AlertSignalKind.DeadLetterRate, 0, 100, Min(3))], Min(3));
        Assert.Empty(evaluator.Evaluate(Min(3)));

        // At minute 5 the first report leaves the window; only the clean one remains.
        var resolved = Assert.Single(evaluator.Evaluate(Min(5)));
        Assert.Equal(AlertState.Resolved, resolved.Alert.State);
        Assert.Equal(Min(5), resolved.Alert.ResolvedAt);
        Assert.Empty(evaluator.Active);
        Assert.Equal(resolved.Alert, Assert.Single(evaluator.Recent));
        Assert.Empty(evaluator.Evaluate(Min(6)));

        // A new breach is a new alert, notified again.
        evaluator.Add([Rate(AlertSignalKind.DeadLetterRate, 50, 100, Min(7))], Min(7));
        var refired = Assert.Single(evaluator.Evaluate(Min(7)));
        Assert.Equal(AlertState.Firing, refired.Alert.State);
        Assert.Equal(1, refired.Alert.Notifications);
    }

    [Fact]
    public void Evaluate_GoodFiguresDiluteTheRate_Resolves()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.AnomalyRate, 0.1, windowMinutes: 60)], TimeSpan.FromHours(1), 10);
        evaluator.Add([Rate(AlertSignalKind.AnomalyRate, 30, 100, Min(0))], Min(0));
        Assert.Single(evaluator.Evaluate(Min(0)));
        evaluator.Add([Rate(AlertSignalKind.AnomalyRate, 0, 900, Min(1))], Min(1));
        Assert.Equal(AlertState.Resolved, Assert.Single(evaluator.Evaluate(Min(1))).Alert.State);
    }

    [Fact]
    public void Evaluate_RateWithNoEvents_DoesNotHold()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0)], TimeSpan.FromHours(1), 10);
        evaluator.Add([Rate(AlertSignalKind.ErrorRate, 0, 0, Min(0))], Min(0));
        Assert.Empty(evaluator.Evaluate(Min(0)));
        Assert.Empty(evaluator.Active);
    }

    [Fact]
    public void Evaluate_KindsFigures_DriftCountsDetectionsOthersTakeTheLargestValue()
    {
        var evaluator = new AlertEvaluator(
            [Rule(AlertSignalKind.Drift, 2, name: "drift"), Rule(AlertSignalKind.LatencyP99, 250, name: "p99"), Rule(AlertSignalKind.AccuracyDrop, 0.05, name: "acc")],
            TimeSpan.FromHours(1),
            10);
        evaluator.Add(
            [
                new AlertSignal { Kind = AlertSignalKind.Drift, Key = "default/power", Time = Min(0), Message = "ADWIN" },
                new AlertSignal { Kind = AlertSignalKind.LatencyP99, Key = "default", Value = 100, Total = 10, Time = Min(0) },
                new AlertSignal { Kind = AlertSignalKind.LatencyP99, Key = "default", Value = 300, Total = 10, Time = Min(0.5) },
                new AlertSignal { Kind = AlertSignalKind.AccuracyDrop, Key = "default", Value = 0.02, Time = Min(0) },
            ],
            Min(0));
        var first = evaluator.Evaluate(Min(1));
        Assert.Equal("p99", Assert.Single(first).Alert.Rule);
        Assert.Equal(300, first[0].Alert.Value);

        evaluator.Add(
            [
                new AlertSignal { Kind = AlertSignalKind.Drift, Key = "default/power", Time = Min(2), Message = "KSWIN" },
                new AlertSignal { Kind = AlertSignalKind.AccuracyDrop, Key = "default", Value = 0.08, Time = Min(2) },
            ],
            Min(2));
        var second = evaluator.Evaluate(Min(2));
        Assert.Equal(["acc", "drift"], second.Select(n => n.Alert.Rule).Order(StringComparer.Ordinal));
        var drift = second.Single(n => n.Alert.Rule == "drift").Alert;
        Assert.Equal("default/power", drift.Key);
        Assert.Equal(2, drift.Value);
        Assert.Equal("KSWIN", drift.Message);
    }

    [Fact]
    public void Evaluate_TwoKeys_AlertSeparately()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0.1)], TimeSpan.FromHours(1), 10);
        evaluator.Add([Rate(AlertSignalKind.ErrorRate, 5, 10, Min(0), "a"), Rate(AlertSignalKind.ErrorRate, 5, 10, Min(0), "b"), Rate(AlertSignalKind.ErrorRate, 0, 10, Min(0), "c")], Min(0));
        Assert.Equal(["a", "b"], evaluator.Evaluate(Min(0)).Select(n => n.Alert.Key).Order(StringComparer.Ordinal));
        Assert.Equal(2, evaluator.Active.Count);
    }

    [Fact]
    public void History_IsBoundedNewestFirst()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0.1, windowMinutes: 1)], TimeSpan.FromHours(1), historySize: 3);
        for (var i = 0; i < 5; i++)
        {
            evaluator.Add([Rate(AlertSignalKind.ErrorRate, 1, 2, Min(i * 10), "k" + i)], Min(i * 10));
            evaluator.Evaluate(Min(i * 10));
            evaluator.Evaluate(Min((i * 10) + 2));
        }

        Assert.Equal(["k4", "k3", "k2"], evaluator.Recent.Select(a => a.Key));
    }

    [Fact]
    public void Add_BoundsSignalsPerKindAndIgnoresKindsWithoutRules()
    {
        var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0.1, windowMinutes: 60)], TimeSpan.FromHours(1), 10, maxSignalsPerKind: 3);
        evaluator.Add([.. Enumerable.Range(0, 5).Select(i => Rate(AlertSignalKind.ErrorRate, 0, 1, Min(i)))], Min(5));
        evaluator.Add([Rate(AlertSignalKind.AnomalyRate, 1, 1, Min(5))], Min(5));
        Assert.Equal(3, evaluator.SignalCount);
        Assert.Equal(2, evaluator.DroppedSignals);
        Assert.Equal(1, evaluator.IgnoredSignals);
    }

    [Fact]
    public void Notifications_AnySequence_AlternateFiringAndResolvedPerKey()
    {
        // For any stream of figures and evaluation times: per key, a first firing, then only repeats, then one resolved,
        // and again; never a resolved without a firing before it, never a repeat sooner than the re-notify interval.
        var step = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10], Gen.Int[1, 10], Gen.Int[1, 120]);
        Gen.Select(step.Array[1, 80], Gen.Int[0, 3], Gen.Int[1, 10]).Sample((steps, forMinutes, windowMinutes) =>
        {
            var reNotify = TimeSpan.FromMinutes(7);
            var evaluator = new AlertEvaluator([Rule(AlertSignalKind.ErrorRate, 0.3, windowMinutes, forMinutes)], reNotify, 5);
            var now = T0;
            var firing = new Dictionary<string, DateTimeOffset>();
            foreach (var (key, count, total, seconds) in steps)
            {
                now += TimeSpan.FromSeconds(seconds);
                evaluator.Add([Rate(AlertSignalKind.ErrorRate, Math.Min(count, total), total, now, "k" + key)], now);
                foreach (var n in evaluator.Evaluate(now))
                {
                    var k = n.Alert.Key;
                    var open = firing.TryGetValue(k, out var last);
                    switch (n.Alert.State)
                    {
                        case AlertState.Firing when !n.Repeat && open:
                        case AlertState.Firing when n.Repeat && (!open || now - last < reNotify):
                        case AlertState.Resolved when !open:
                        case AlertState.Pending:
                            return false;
                        case AlertState.Firing:
                            firing[k] = now;
                            break;
                        default:
                            firing.Remove(k);
                            break;
                    }
                }
            }

            return evaluator.Active.Count(a => a.State == AlertState.Firing) == firing.Count;
        }, iter: 300);
    }
}
