using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StreamML.Core.Generator;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>
/// Pumps that stop with an error (a reader that throws, a checkpoint that cannot be read) are started again from their
/// checkpoint, counted, shown as faulted while they wait, and in the end apply every event exactly once.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PumpRestartTests
{
    private const int Events = 6_000;
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
    private static readonly GeneratorOptions Workload = new() { Entities = 64, Partitions = 2, EventsPerSecond = 0, MaxEvents = Events, StartTime = Start };

    [Fact]
    public async Task Pump_ReaderThrowsNTimes_RestartsNTimesAndAppliesEveryEventOnce()
    {
        const int failures = 5;
        var reference = await EndToEndTests.ReferenceCountsAsync(Workload);
        var source = new FlakySource(new GeneratorSource(Workload, TimeProvider.System), failures);
        await using var platform = await StartAsync(services => services.Replace(ServiceDescriptor.Singleton<IEventSource>(source)));

        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(failures, platform.AllSilos<PlatformInstruments>().Sum(i => i.PumpRestartTotal));
        Assert.Equal(failures, platform.AllSilos<PumpHost>().SelectMany(h => h.Status).Where(s => s.Partition == 0).Sum(s => s.Restarts));
        Assert.All(platform.AllSilos<PumpHost>().SelectMany(h => h.Status), s => Assert.False(s.Faulted));
        Assert.Equal(Events, platform.Predictions.Count);
        Assert.All(platform.Predictions.ByEvent.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, (await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 10)).Total);
        foreach (var (entity, count) in reference)
        {
            var snapshot = await platform.Grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(entity, platform.Settings.Entity.Groups)).GetAsync(entity);
            Assert.Equal(count, snapshot.Events);
        }

        // Each restart reopened the partition after its checkpoint, native position included.
        var opened = source.Opened.ToArray();
        Assert.Equal(failures + 1, opened.Length);
        Assert.All(opened.Where(c => c.Offset is not null), c => Assert.Equal(FlakySource.PositionOf(c.Offset!.Value), c.Position));
        var stored = await new FileCheckpointStore(Path.Combine(platform.DataDirectory, "checkpoints")).LoadAsync(source.Name, 0, TestContext.Current.CancellationToken);
        Assert.Equal(FlakySource.PositionOf(stored.Offset!.Value), stored.Position);
    }

    [Fact]
    public async Task Pump_CheckpointCorrupt_ShowsTheCauseWhileWaitingAndResumesOnceRepaired()
    {
        var reference = await EndToEndTests.ReferenceCountsAsync(Workload);
        var store = new CorruptibleCheckpointStore(new InMemoryCheckpointStore()) { Corrupt = true };
        var faults = new FaultSignal();
        await using var platform = await StartAsync(
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<ICheckpointStore>(store));
                services.AddSingleton<ILoggerProvider>(faults);
            },
            restartBackoff: TimeSpan.FromSeconds(5));

        await faults.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var status = platform.AllSilos<PumpHost>().SelectMany(h => h.Status).ToArray();

        var faulted = Assert.Single(status, s => s.Faulted);
        Assert.Equal(0, faulted.Partition);
        Assert.Contains("injected: not a checkpoint", faulted.Fault, StringComparison.Ordinal);
        Assert.Contains("repaired or removed", faulted.Fault, StringComparison.Ordinal);

        store.Corrupt = false;
        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        Assert.True(platform.AllSilos<PlatformInstruments>().Sum(i => i.PumpRestartTotal) >= 1);
        Assert.Equal(Events, platform.Predictions.Count);
        Assert.All(platform.Predictions.ByEvent.Values, n => Assert.Equal(1, n));
        foreach (var (entity, count) in reference)
        {
            var snapshot = await platform.Grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(entity, platform.Settings.Entity.Groups)).GetAsync(entity);
            Assert.Equal(count, snapshot.Events);
        }
    }

    private static Task<PlatformCluster> StartAsync(Action<IServiceCollection> services, TimeSpan? restartBackoff = null) =>
        PlatformCluster.StartAsync(
            s =>
            {
                s.Generator = Workload;
                s.Entity.Groups = 16;
                s.Pump.ReadBatchSize = 100;
                s.Pump.CheckpointInterval = TimeSpan.FromMilliseconds(1);
                s.Pump.InitialRestartBackoff = restartBackoff ?? TimeSpan.FromMilliseconds(1);
                s.Pump.MaxRestartBackoff = restartBackoff ?? TimeSpan.FromMilliseconds(20);
            },
            services: services);

    /// <summary>A checkpoint store whose partition 0 cannot be read while <see cref="Corrupt"/> is set.</summary>
    private sealed class CorruptibleCheckpointStore(ICheckpointStore inner) : ICheckpointStore
    {
        public bool Corrupt { get; set; }

        public ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default) =>
            Corrupt && partition == 0
                ? throw new InvalidDataException("injected: not a checkpoint")
                : inner.LoadAsync(source, partition, cancellationToken);

        public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(source, partition, offset, expectedVersion, cancellationToken);

        public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? position, string? expectedVersion, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(source, partition, offset, position, expectedVersion, cancellationToken);
    }

    /// <summary>Completes once the pump host logs that a pump stopped with an error (after it marked the pump faulted).</summary>
    private sealed class FaultSignal : ILoggerProvider, ILogger
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(PumpHost).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains(" stopped: ", StringComparison.Ordinal))
            {
                Stopped.TrySetResult();
            }
        }

        public void Dispose()
        {
        }
    }
}
