using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using StreamML.Grains;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

public sealed class TracingTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostedEvent_SpansFollowItFromThePartitionReadThroughItsGroupToTheScore()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is StreamMLDiagnostics.GrainsActivitySource or StreamMLDiagnostics.InferenceActivitySource,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await SiloHost.StartAsync();
        var id = "traced-" + Guid.NewGuid().ToString("N");

        var response = await silo.Http.PostAsync("v1/events", Json(
            $"[{{\"id\":\"{id}\",\"entity\":\"m-traced\",\"features\":{{\"power\":1000,\"voltage\":230,\"temperature\":20,\"load\":0.5}}}}]"));
        response.EnsureSuccessStatusCode();
        await silo.Predictions.WaitForEntityAsync("m-traced", 1, TimeSpan.FromSeconds(30));

        // The grain's spans end after the prediction is handed over; wait for the trace to be complete, not for a time.
        (Activity Read, Activity Apply, Activity Score)? trace = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (trace is null)
        {
            trace = Find(stopped, id);
            if (trace is null)
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        var (read, apply, score) = trace.Value;
        Assert.Equal(default, read.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, read.Kind);
        Assert.Equal((read.TraceId, read.SpanId), (apply.TraceId, apply.ParentSpanId));
        Assert.Equal((apply.TraceId, apply.SpanId), (score.TraceId, score.ParentSpanId));
        Assert.Equal(StreamMLDiagnostics.InferenceActivitySource, score.Source.Name);
        Assert.Equal(read.GetTagItem("streamml.group"), apply.GetTagItem("streamml.group"));
        Assert.Equal(1, apply.GetTagItem("streamml.events"));
    }

    [Fact]
    public async Task Exporters_TracingIsRegisteredOnlyWhenOneIsConfigured()
    {
        await using (var plain = await SiloHost.StartAsync())
        {
            Assert.Null(plain.Services.GetService<TracerProvider>());
        }

        // Nothing listens on port 9 of loopback: the exporter's sends fail quietly, the wiring is what is checked.
        await using var otlp = await SiloHost.StartAsync("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9");
        Assert.NotNull(otlp.Services.GetService<TracerProvider>());
    }

    private static (Activity Read, Activity Apply, Activity Score)? Find(IEnumerable<Activity> stopped, string eventId)
    {
        var all = stopped.ToList();
        var read = all.FirstOrDefault(a => a.OperationName == "streamml.partition.read" && (string?)a.GetTagItem("streamml.event.id") == eventId);
        var apply = read is null ? null : all.FirstOrDefault(a => a.OperationName == "streamml.group.apply" && a.ParentSpanId == read.SpanId);
        var score = apply is null ? null : all.FirstOrDefault(a => a.OperationName == "streamml.score" && a.ParentSpanId == apply.SpanId);
        return score is null ? null : (read!, apply!, score);
    }
}
