using System.Text.Json;
using StreamML.Testing.Infrastructure;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

/// <summary><c>streamml bench</c> at a small size: every path runs and reports its figures (timings are never asserted).</summary>
[Trait("Category", "Functional")]
public sealed class BenchCommandTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Bench_SmallRunWithRedis_ReportsEveryPath()
    {
        var (code, output, error) = await RunAsync(
            "bench", "--events", "20000", "--entities", "500", "--partitions", "2", "--trees", "5", "--redis", redis.Endpoint, "--json");

        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20_000, result.GetProperty("events").GetInt64());
        Assert.True(result.GetProperty("bare_events_per_s").GetDouble() > 0);
        Assert.True(result.GetProperty("platform_events_per_s").GetDouble() > 0);
        Assert.True(result.GetProperty("redis_events_per_s").GetDouble() > 0);
        // Heap growth over 500 entities is within the collector's noise (it can even shrink): only that it is a number.
        Assert.True(double.IsFinite(result.GetProperty("bytes_per_entity").GetDouble()));
        Assert.Equal(0, result.GetProperty("fallback_predictions").GetInt64());
        Assert.Equal(500, result.GetProperty("active_entities").GetInt64());
    }

    [Fact]
    public async Task Bench_Retrain_ReportsBothPassesConsistently()
    {
        // A small training window keeps each fit short (a fraction of a second), and training at the scoring threads'
        // priority keeps it from waiting for idle cores on a busy machine, so fits usually complete within the pass. (That
        // the platform's default lowers the training thread's priority is tested on the training pool itself.)
        var (code, output, error) = await RunAsync(
            "bench", "--events", "100000", "--entities", "500", "--partitions", "2", "--trees", "5", "--retrain", "--training-window", "300", "--training-nice", "0", "--json");

        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        var plain = result.GetProperty("platform_events_per_s").GetDouble();
        var rerun = result.GetProperty("platform_rerun_events_per_s").GetDouble();
        var retraining = result.GetProperty("platform_retraining_events_per_s").GetDouble();
        Assert.True(plain > 0 && rerun > 0 && retraining > 0, output);
        Assert.Equal(retraining / rerun, result.GetProperty("retraining_ratio").GetDouble(), 0.0001);
        // A fit was under way during the pass; whether one also completed within it depends on how busy the machine is.
        var during = result.GetProperty("retrains_during_pass").GetInt32();
        Assert.True(during >= 1, output);
        Assert.InRange(result.GetProperty("retrains_completed").GetInt32(), 0, during);
        Assert.Equal(0, result.GetProperty("retrains_failed").GetInt32());
        Assert.True(result.GetProperty("platform_retraining_p99_ms").GetDouble() >= result.GetProperty("platform_retraining_p50_ms").GetDouble());
        Assert.True(result.GetProperty("p99_ms").GetDouble() >= result.GetProperty("p50_ms").GetDouble());

        // The documented contract stays as it was.
        foreach (var field in new[] { "bare_events_per_s", "platform_events_per_s", "ratio", "p50_ms", "p99_ms", "bytes_per_entity" })
        {
            Assert.True(result.TryGetProperty(field, out _), field);
        }

        Assert.Equal(0, result.GetProperty("fallback_predictions").GetInt64());
    }

    [Fact]
    public async Task Bench_WithoutRetrain_OmitsTheRetrainingFields()
    {
        var (code, output, error) = await RunAsync("bench", "--events", "5000", "--entities", "100", "--partitions", "1", "--trees", "3", "--json");

        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.True(result.GetProperty("platform_events_per_s").GetDouble() > 0);
        Assert.False(result.TryGetProperty("retraining_ratio", out _));
        Assert.False(result.TryGetProperty("retrains_completed", out _));
    }

    [Fact]
    public async Task Bench_TrainingWindowWithoutRetrain_ExitsWithOneLine()
    {
        var (code, _, error) = await RunAsync("bench", "--training-window", "500");

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Contains("need --retrain", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Bench_BadArguments_ExitWithOneLine()
    {
        var (code, _, error) = await RunAsync("bench", "--events", "10");

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Contains("--events", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
