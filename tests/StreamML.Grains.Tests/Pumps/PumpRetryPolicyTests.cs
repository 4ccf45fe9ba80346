using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamML.Core.Sources;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>The pump's retry policy on its own: what is retried, for how long, and when it gives up.</summary>
[Trait("Category", "BVT")]
public sealed class PumpRetryPolicyTests : IDisposable
{
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _metrics.Dispose();

    private (PumpRetryPolicy Policy, PlatformInstruments Instruments) Create(TimeProvider time, TimeSpan backoff)
    {
        var instruments = new PlatformInstruments(_metrics.GetRequiredService<IMeterFactory>());
        var options = new PumpOptions { InitialBackoff = backoff, MaxBackoff = backoff * 4 };
        var services = new PumpServices(null!, null!, null!, instruments, options, time, 16, NullLogger.Instance);
        return (new PumpRetryPolicy(services, "test", 3), instruments);
    }

    [Fact]
    public async Task CallGroup_TransientFailuresPastThePermanentLimit_RetriesUntilTheCallReturns()
    {
        var (policy, instruments) = Create(TimeProvider.System, TimeSpan.FromMilliseconds(1));
        var attempts = 0;

        var end = await policy.CallGroupAsync(7, _ => ++attempts <= 20 ? throw new TimeoutException("injected") : ValueTask.FromResult(42), 0, CancellationToken.None);

        Assert.Equal((42, null, false), (end.Result, end.Failure, end.Exhausted));
        Assert.Equal(21, attempts);
        Assert.Equal(20, instruments.CallRetryTotal);
    }

    [Fact]
    public async Task CallGroup_PermanentFailures_GivesUpAfterTheLimitForDeadLettering()
    {
        var (policy, _) = Create(TimeProvider.System, TimeSpan.FromMilliseconds(1));
        var attempts = 0;

        // Transient failures in between do not count towards the limit.
        var end = await policy.CallGroupAsync<int, int>(
            7, _ => ++attempts % 2 == 0 ? throw new TimeoutException("injected") : throw new InvalidOperationException("injected"), 0, CancellationToken.None);

        Assert.True(end.Exhausted);
        Assert.IsType<InvalidOperationException>(end.Failure);
        Assert.Equal((2 * PumpRetryPolicy.MaxPermanentFailures) - 1, attempts);
    }

    [Fact]
    public async Task CallGroup_StopDuringTheWaitOnThePumpsClock_GivesUpWithTheCallsFailure()
    {
        // The fake clock never moves: only the stop can end the wait.
        var (policy, _) = Create(new FakeTimeProvider(), TimeSpan.FromSeconds(1));
        using var stopping = new CancellationTokenSource();
        var attempted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = 0;

        var call = policy.CallGroupAsync<int, int>(
            7,
            _ =>
            {
                attempts++;
                attempted.TrySetResult();
                throw new TimeoutException("injected");
            },
            0,
            stopping.Token);
        await attempted.Task;
        await stopping.CancelAsync();
        var end = await call;

        Assert.Equal(1, attempts);
        Assert.False(end.Exhausted);
        Assert.IsType<TimeoutException>(end.Failure);
    }

    [Fact]
    public async Task CallGroup_PumpAlreadyStopping_MakesTheFirstAttemptButNoRetry()
    {
        var (policy, _) = Create(TimeProvider.System, TimeSpan.FromMilliseconds(1));
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var attempts = 0;

        var applied = await policy.CallGroupAsync(7, _ => ValueTask.FromResult(++attempts), 0, stopping.Token);
        var failed = await policy.CallGroupAsync<int, int>(7, _ => ++attempts > 0 ? throw new TimeoutException("injected") : default, 0, stopping.Token);

        Assert.Equal(1, applied.Result);
        Assert.IsType<TimeoutException>(failed.Failure);
        Assert.False(failed.Exhausted);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Source_UnavailableThenReachable_IsReportedFailingUntilItAnswers()
    {
        var (policy, _) = Create(TimeProvider.System, TimeSpan.FromMilliseconds(1));
        var failingSeen = new List<bool>();

        var read = await policy.SourceAsync(
            "read",
            (_, _) =>
            {
                failingSeen.Add(policy.SourceFailing);
                return failingSeen.Count <= 2 ? throw new SourceUnavailableException("injected") : ValueTask.FromResult(5);
            },
            0,
            CancellationToken.None);

        Assert.Equal(5, read);
        Assert.Equal([false, true, true], failingSeen);
        Assert.False(policy.SourceFailing);
    }

    [Fact]
    public async Task Source_PermanentFailure_IsNotRetried()
    {
        var (policy, _) = Create(TimeProvider.System, TimeSpan.FromMilliseconds(1));
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await policy.SourceAsync<int, int>(
            "read", (_, _) => ++attempts > 0 ? throw new InvalidOperationException("injected") : default, 0, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.False(policy.SourceFailing);
    }
}
