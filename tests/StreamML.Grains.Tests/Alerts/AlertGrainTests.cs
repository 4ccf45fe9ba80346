using Microsoft.Extensions.DependencyInjection;
using StreamML.Core.Alerts;
using StreamML.Core.Events;
using StreamML.GrainInterfaces;
using StreamML.Grains.Alerts;
using StreamML.Grains.Options;
using StreamML.Silo.Hosting;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.Alerts;

[Trait("Category", "Functional")]
public sealed class AlertGrainTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).UtcTicks;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static StreamEvent[] Readings(string entity, int from, int count, float power = float.NaN) =>
        [
            .. Enumerable.Range(from, count).Select(i => new StreamEvent(
                $"{entity}-{i}", entity, T0 + (i * TimeSpan.TicksPerSecond), [float.IsNaN(power) ? 1000 + (i % 7) : power, 230 + (i % 3), 20 + (i % 5), 0.5f])),
        ];

    [Fact]
    public async Task AnomalyRateRule_FiresOnceDeduplicatesAndResolves()
    {
        var sink = new RecordingAlertSink();
        await using var platform = await PlatformCluster.StartAsync(
            s =>
            {
                s.Host.Source = SourceKind.None;
                s.Anomaly.ModelDetector = false;

                // Reports and evaluations are driven by the test; the timers are too slow to interfere.
                s.Alerts.ReportInterval = TimeSpan.FromHours(1);
                s.Alerts.EvaluationInterval = TimeSpan.FromHours(1);
                s.Alerts.Rules.Add(new AlertRuleOptions { Name = "anomalies", Kind = "anomaly_rate", Threshold = 0.1, Window = TimeSpan.FromHours(1), Severity = AlertSeverity.Critical });
            },
            services: s => s.AddSingleton<IAlertSink>(sink));
        var group = platform.Grains.For("meter-a", platform.Settings.Entity.Groups);
        var reporter = platform.AllSilos<AlertReporter>().Single();
        var alerts = platform.Grains.GetGrain<IAlertGrain>(0);

        // 20 ordinary readings (the first 8 are the entity's warm-up) and 5 spikes: 5 anomalies in 25 predictions.
        await group.ScoreAsync([.. Readings("meter-a", 0, 20).Select(e => EventEnvelope.NotFromLog(e))]);
        await group.ScoreAsync([.. Readings("meter-a", 20, 5, power: 9_000).Select(e => EventEnvelope.NotFromLog(e))]);
        await reporter.ReportAsync();

        var fired = Assert.Single(await sink.WaitForAsync(1, Wait));
        Assert.Equal(AlertState.Firing, fired.Alert.State);
        Assert.Equal(AlertSignalKind.AnomalyRate, fired.Alert.Kind);
        Assert.Equal("default", fired.Alert.Key);
        Assert.Equal(AlertSeverity.Critical, fired.Alert.Severity);
        Assert.Equal(0.2, fired.Alert.Value, 9);

        // Still over the threshold: the same alert, not notified again.
        await group.ScoreAsync([.. Readings("meter-a", 25, 2, power: 9_000).Select(e => EventEnvelope.NotFromLog(e))]);
        await reporter.ReportAsync();
        var view = await alerts.GetAsync();
        var active = Assert.Single(view.Active);
        Assert.Equal(AlertState.Firing, active.State);
        Assert.Equal(1, active.Notifications);
        Assert.Equal(7.0 / 27, active.Value, 9);
        Assert.Equal(1, view.Notifications);

        // 300 ordinary readings bring the rate to 7 in 327: resolved, once.
        await group.ScoreAsync([.. Readings("meter-a", 27, 300).Select(e => EventEnvelope.NotFromLog(e))]);
        await reporter.ReportAsync();
        var received = await sink.WaitForAsync(2, Wait);
        Assert.Equal([AlertState.Firing, AlertState.Resolved], received.Select(n => n.Alert.State));
        view = await alerts.GetAsync();
        Assert.Empty(view.Active);
        var resolved = Assert.Single(view.Recent);
        Assert.Equal("anomalies", resolved.Rule);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal(2, view.Notifications);
        Assert.Equal(3, view.Signals);
    }

    [Fact]
    public async Task DeadLetterRateRule_LateEventsFireIt()
    {
        var sink = new RecordingAlertSink();
        await using var platform = await PlatformCluster.StartAsync(
            s =>
            {
                s.Host.Source = SourceKind.None;
                s.Alerts.ReportInterval = TimeSpan.FromHours(1);
                s.Alerts.EvaluationInterval = TimeSpan.FromHours(1);
                s.Alerts.Rules.Add(new AlertRuleOptions { Name = "dead letters", Kind = "deadletter_rate", Threshold = 0.5, Window = TimeSpan.FromHours(1) });
                s.Alerts.Rules.Add(new AlertRuleOptions { Name = "errors", Kind = "error_rate", Threshold = 0.5, Window = TimeSpan.FromHours(1) });
            },
            services: s => s.AddSingleton<IAlertSink>(sink));
        var group = platform.Grains.For("meter-b", platform.Settings.Entity.Groups);
        var reporter = platform.AllSilos<AlertReporter>().Single();

        // One reading a day later, then readings a day earlier: beyond the allowed lateness, they are dead-lettered.
        await group.ScoreAsync([.. Readings("meter-b", 86_400, 1).Select(e => EventEnvelope.NotFromLog(e))]);
        await group.ScoreAsync([.. Readings("meter-b", 0, 4).Select(e => EventEnvelope.NotFromLog(e))]);
        await platform.FlushSinksAsync();
        await reporter.ReportAsync();

        // No model is loaded, so the one scored reading is a fallback: the error rate (fallbacks per prediction) is 1 too.
        var received = await sink.WaitForAsync(2, Wait);
        Assert.Equal(["dead letters", "errors"], received.Select(n => n.Alert.Rule).Order(StringComparer.Ordinal));
        Assert.All(received, n => Assert.Equal(1.0, n.Alert.Value, 9));
        var view = await platform.Grains.GetGrain<IAlertGrain>(0).GetAsync();
        Assert.Equal(2, view.Active.Length);
        Assert.Equal(2, view.Notifications);
    }
}
