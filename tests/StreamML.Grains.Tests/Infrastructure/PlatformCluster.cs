using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;
using StreamML.Storage;

namespace StreamML.Grains.Tests.Infrastructure;

/// <summary>An in-process Orleans cluster wired with the real <c>AddStreamML</c>, its data in a temp folder.</summary>
public sealed class PlatformCluster : IAsyncDisposable
{
    private PlatformCluster(InProcessTestCluster cluster, StreamMLSettings settings, PredictionRecorder recorder, string dataDirectory, bool ownsData)
    {
        Cluster = cluster;
        Settings = settings;
        Predictions = recorder;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
    }

    private readonly bool _ownsData;

    public InProcessTestCluster Cluster { get; }

    public StreamMLSettings Settings { get; }

    public PredictionRecorder Predictions { get; }

    public string DataDirectory { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Starts a cluster; <paramref name="dataDirectory"/> reuses an earlier cluster's data (restart tests).</summary>
    public static async Task<PlatformCluster> StartAsync(
        Action<StreamMLSettings> configure, short silos = 1, string? dataDirectory = null, PredictionRecorder? recorder = null, Action<IServiceCollection>? services = null)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "streamml-test-" + Guid.NewGuid().ToString("N"));
        var settings = new StreamMLSettings { Host = { DataDirectory = dataDirectory, ConsoleProgress = false, GrainStorage = GrainStorageProvider.File } };
        configure(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        recorder ??= new PredictionRecorder();
        var builder = new InProcessTestClusterBuilder(silos);

        // Grain state is keyed by service id: a restarted cluster must be the same service to find its state.
        builder.Options.ServiceId = "streamml-tests";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddStreamML(settings);
            silo.Services.AddSingleton<IPredictionObserver>(recorder);
            services?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PlatformCluster(cluster, settings, recorder, dataDirectory, ownsData);
    }

    public IEnumerable<IServiceProvider> SiloServices => Cluster.Silos.Select(s => Cluster.GetSiloServiceProvider(s.SiloAddress));

    public IEnumerable<T> AllSilos<T>()
        where T : notnull => SiloServices.Select(sp => sp.GetRequiredService<T>());

    /// <summary>Waits until every silo's pumps have finished their finite partitions and every sink has delivered.</summary>
    public async Task WhenSourceDrainedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Task.WhenAll(AllSilos<PumpHost>().Select(h => h.WhenCompletedAsync(cts.Token)));
        await FlushSinksAsync(cts.Token);
    }

    public async Task FlushSinksAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(AllSilos<DeadLetterSink>().Select(s => s.FlushAsync(cancellationToken)));
        await Task.WhenAll(AllSilos<ExampleSink>().Select(s => s.FlushAsync(cancellationToken)));
    }

    /// <summary>Waits (bounded) for a condition that background work makes true; fails with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (_ownsData && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
