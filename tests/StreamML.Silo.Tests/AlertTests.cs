using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;
using StreamML.Grains.Alerts;
using StreamML.Grains.Options;
using StreamML.Silo.Hosting;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

[Trait("Category", "Functional")]
public sealed class AlertTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static AlertNotification Firing() => new(
        new Alert
        {
            Rule = "anomalies",
            Kind = AlertSignalKind.AnomalyRate,
            Key = "default",
            Severity = AlertSeverity.Critical,
            Threshold = 0.1,
            Value = 0.25,
            State = AlertState.Firing,
            Since = DateTimeOffset.UnixEpoch,
            FiredAt = DateTimeOffset.UnixEpoch,
            NotifiedAt = DateTimeOffset.UnixEpoch,
            Notifications = 1,
        },
        Repeat: false);

    private static WebhookAlertSink Sink(Uri url, int maxAttempts = 3) => new(
        Options.Create(new AlertOptions { Webhook = new AlertWebhookOptions { Url = url.ToString(), MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(20) } }),
        TimeProvider.System);

    [Fact]
    public async Task Webhook_Notification_IsPostedAsJson()
    {
        await using var listener = await WebhookListener.StartAsync();
        using var sink = Sink(listener.Url);

        await sink.DeliverAsync(Firing(), CancellationToken.None);

        var (contentType, body) = Assert.Single(listener.Received);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("firing", json.GetProperty("event").GetString());
        Assert.False(json.GetProperty("repeat").GetBoolean());
        var alert = json.GetProperty("alert");
        Assert.Equal("anomalies", alert.GetProperty("rule").GetString());
        Assert.Equal("anomaly_rate", alert.GetProperty("kind").GetString());
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal("firing", alert.GetProperty("state").GetString());
        Assert.Equal(0.25, alert.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Webhook_ServerErrorThenSuccess_IsRetried()
    {
        await using var listener = await WebhookListener.StartAsync(503, 500);
        using var sink = Sink(listener.Url);

        await sink.DeliverAsync(Firing(), CancellationToken.None);

        Assert.Equal(3, listener.Received.Count);
        Assert.Equal(3, sink.Attempts);
    }

    [Fact]
    public async Task Webhook_KeepsFailing_GivesUpAfterMaxAttempts()
    {
        await using var listener = await WebhookListener.StartAsync(500, 500, 500, 500);
        using var sink = Sink(listener.Url, maxAttempts: 2);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => sink.DeliverAsync(Firing(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(2, listener.Received.Count);
    }

    [Fact]
    public async Task Webhook_ClientError_IsNotRetried()
    {
        await using var listener = await WebhookListener.StartAsync(400);
        using var sink = Sink(listener.Url);

        await Assert.ThrowsAsync<HttpRequestException>(() => sink.DeliverAsync(Firing(), CancellationToken.None));
        Assert.Single(listener.Received);
    }

    [Fact]
    public async Task GetAlerts_AnomalyRateRuleOnARealSilo_FiresToTheWebhookAndIsListed()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var silo = await SiloHost.StartAsync(
            "StreamML:Anomaly:ModelDetector=false",
            "StreamML:Alerts:ReportInterval=01:00:00",
            "StreamML:Alerts:Rules:0:Name=anomalies",
            "StreamML:Alerts:Rules:0:Kind=anomaly_rate",
            "StreamML:Alerts:Rules:0:Threshold=0.1",
            "StreamML:Alerts:Rules:0:Window=01:00:00",
            "StreamML:Alerts:Rules:0:Severity=critical",
            $"StreamML:Alerts:Webhook:Url={listener.Url}");

        var empty = JsonDocument.Parse(await silo.Http.GetStringAsync("v1/alerts")).RootElement;
        Assert.Empty(empty.GetProperty("active").EnumerateArray());
        Assert.Equal(["anomalies"], empty.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));

        var readings = string.Join(",", Enumerable.Range(0, 24).Select(i =>
            $"{{\"id\":\"a{i}\",\"entity\":\"m-a\",\"features\":{{\"power\":{(i < 20 ? 1000 + (i % 7) : 9000)},\"voltage\":{230 + (i % 3)},\"temperature\":{20 + (i % 5)},\"load\":0.5}}}}"));
        var scored = await silo.Http.PostAsync("v1/score", new StringContent($"[{readings}]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        await silo.Services.GetRequiredService<AlertReporter>().ReportAsync();

        var (_, body) = Assert.Single(await listener.WaitForAsync(1, Wait));
        Assert.Equal("anomalies", JsonDocument.Parse(body).RootElement.GetProperty("alert").GetProperty("rule").GetString());

        var alerts = JsonDocument.Parse(await silo.Http.GetStringAsync("v1/alerts")).RootElement;
        var active = Assert.Single(alerts.GetProperty("active").EnumerateArray().ToList());
        Assert.Equal("firing", active.GetProperty("state").GetString());
        Assert.Equal("anomaly_rate", active.GetProperty("kind").GetString());
        Assert.Equal(4.0 / 24, active.GetProperty("value").GetDouble(), 9);
        Assert.Equal(1, active.GetProperty("notifications").GetInt32());
        Assert.Empty(alerts.GetProperty("recent").EnumerateArray());
    }
}

[Trait("Category", "BVT")]
public sealed class AlertConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value))).Build();

    [Fact]
    public void ReadValidated_GoodRules_AreParsed()
    {
        var settings = StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Alerts:Rules:0:Name", "p99"),
            ("Alerts:Rules:0:Kind", "latency_p99"),
            ("Alerts:Rules:0:Threshold", "250"),
            ("Alerts:Rules:0:For", "00:02:00"),
            ("Alerts:Rules:1:Name", "drift"),
            ("Alerts:Rules:1:Kind", "DRIFT"),
            ("Alerts:Rules:1:Threshold", "1"),
            ("Alerts:Rules:1:Severity", "Critical"),
            ("Alerts:Webhook:Url", "https://hooks.example/alerts")));

        var rules = settings.Alerts.ToRules();
        Assert.Equal(
            [
                new AlertRule("p99", AlertSignalKind.LatencyP99, 250, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2), AlertSeverity.Warning),
                new AlertRule("drift", AlertSignalKind.Drift, 1, TimeSpan.FromMinutes(5), TimeSpan.Zero, AlertSeverity.Critical),
            ],
            rules);
    }

    [Fact]
    public void ReadValidated_BadRulesAndWebhook_ListsEveryProblem()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Alerts:Rules:0:Name", "a"),
            ("Alerts:Rules:0:Kind", "cpu"),
            ("Alerts:Rules:0:Threshold", "1"),
            ("Alerts:Rules:1:Name", "a"),
            ("Alerts:Rules:1:Kind", "error_rate"),
            ("Alerts:Rules:1:Threshold", "5"),
            ("Alerts:Rules:1:Window", "00:00:00"),
            ("Alerts:Rules:1:Severity", "loud"),
            ("Alerts:Rules:2:Kind", "drift"),
            ("Alerts:Webhook:Url", "ftp://nowhere"),
            ("Alerts:Webhook:MaxAttempts", "0"),
            ("Anomaly:ModelThreshold", "2"))));

        Assert.True(ex.Problems.Count == 10, string.Join(Environment.NewLine, ex.Problems));
        Assert.Contains(ex.Problems, p => p.StartsWith("Anomaly.ModelThreshold", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:0:Kind 'cpu'", StringComparison.Ordinal) && p.Contains("anomaly_rate", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:1:Name 'a' is used", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:1:Threshold of a error_rate rule", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:1:Window", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:1:Severity 'loud'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:2:Name is required", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Rules:2:Threshold is required", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Webhook:Url 'ftp://nowhere'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Alerts:Webhook:MaxAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_InvalidAlertsAndAnomaly_RefusesWithEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<StreamMLConfigurationException>(() => SiloHost.StartAsync(
            "StreamML:Alerts:Rules:0:Name=x", "StreamML:Alerts:Rules:0:Kind=anomaly_rate", "StreamML:Anomaly:EntityThreshold=-1", "StreamML:Anomaly:Height=0"));

        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("Rules:0:Threshold", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("Anomaly.EntityThreshold", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("Anomaly.Height", StringComparison.Ordinal));
    }
}
