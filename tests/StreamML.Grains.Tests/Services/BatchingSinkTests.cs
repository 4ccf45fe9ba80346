using Microsoft.Extensions.Logging.Abstractions;
using StreamML.Grains.Services;

namespace StreamML.Grains.Tests.Services;

/// <summary>A batching sink's flush completes when the delivery loop has delivered what was queued before it.</summary>
[Trait("Category", "BVT")]
public sealed class BatchingSinkTests
{
    [Fact]
    public void FlushAsync_NothingQueued_CompletesAtOnce()
    {
        using var sink = new HeldSink();

        Assert.True(sink.FlushAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task FlushAsync_DeliveryHeld_CompletesOnceEverythingQueuedIsDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sink = new HeldSink();
        await sink.StartAsync(ct);
        await sink.WriteAsync(1, ct);
        await sink.WriteAsync(2, ct);
        await sink.Entered.Task.WaitAsync(ct);

        var flush = sink.FlushAsync(ct);
        Assert.False(flush.IsCompleted);

        sink.Release.SetResult();
        await flush.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(2, sink.Delivered);
        await sink.StopAsync(ct);
    }

    [Fact]
    public async Task FlushAsync_CancelledWhileDeliveryHeld_StopsWaiting()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sink = new HeldSink();
        await sink.StartAsync(ct);
        await sink.WriteAsync(1, ct);
        await sink.Entered.Task.WaitAsync(ct);
        using var cancel = new CancellationTokenSource();

        var flush = sink.FlushAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush);
        Assert.Equal(0, sink.Delivered);
        sink.Release.SetResult();
        await sink.FlushAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        await sink.StopAsync(ct);
    }

    /// <summary>A sink whose grain holds every delivery until <see cref="Release"/> is set.</summary>
    private sealed class HeldSink() : BatchingSink<int>(100, TimeProvider.System, NullLogger.Instance)
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task DeliverAsync(int[] batch)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }
}
