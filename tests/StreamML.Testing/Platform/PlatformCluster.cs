using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using StreamML.GrainInterfaces;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;
using StreamML.Storage;

namespace StreamML.Testing.Platform;

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

    /// <summary>The Orleans test cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The settings every silo runs with.</summary>
    public StreamMLSettings Settings { get; }

    /// <summary>Every prediction the silos make.</summary>
    public PredictionRecorder Predictions { get; }

    /// <summary>The folder holding state, checkpoints and models.</summary>
    public string DataDirectory { get; }

    /// <summary>The cluster client's grain factory.</summary>
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

    /// <summary>Each silo's service provider.</summary>
    public IEnumerable<IServiceProvider> SiloServices => Cluster.Silos.Select(s => Cluster.GetSiloServiceProvider(s.SiloAddress));

    /// <summary>The <typeparamref name="T"/> service of each silo.</summary>
    public IEnumerable<T> AllSilos<T>()
        where T : notnull => SiloServices.Select(sp => sp.GetRequiredService<T>());

    /// <summary>Waits until every silo's pumps have finished their finite partitions and every sink has delivered.</summary>
    public async Task WhenSourceDrainedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Task.WhenAll(AllSilos<PumpHost>().Select(h => h.WhenCompletedAsync(cts.Token)));
        await FlushSinksAsync(cts.Token);
    }

    /// <summary>Waits until every silo's dead-letter and example sinks delivered what was queued before the call.</summary>
    public async Task FlushSinksAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(AllSilos<DeadLetterSink>().Select(s => s.FlushAsync(cancellationToken)));
        await Task.WhenAll(AllSilos<ExampleSink>().Select(s => s.FlushAsync(cancellationToken)));
    }

    /// <summary>
    /// Waits for the model's retraining run under way to end (at once when none is), then has every silo's router read
    /// the routing it left, so the version it made serves at once. Fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<RetrainingStatus> WhenRetrainingIdleAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        RetrainingStatus status;
        try
        {
            status = await PlatformDrain.WhenRetrainingIdleAsync(Grains, Settings.Schema.Model, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"the retraining run of {Settings.Schema.Model} did not end within {timeout.TotalSeconds:0} s");
        }

        await RefreshRoutersAsync();
        return status;
    }

    /// <summary>
    /// Runs every silo's queues to their end now (<see cref="PlatformDrain.DrainAsync"/>): sinks delivered, drift and
    /// metrics reported, the retraining run under way waited for, the routing read again. Fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await PlatformDrain.DrainAsync([.. SiloServices], cts.Token);
    }

    /// <summary>Has every silo's router read the routing now instead of at its next refresh.</summary>
    public async Task RefreshRoutersAsync()
    {
        foreach (var router in AllSilos<ModelRouter>())
        {
            await router.RefreshAsync();
        }
    }

    /// <summary>Sends what each silo's metrics aggregator gathered to the rollout grains now, one silo after the other.</summary>
    public async Task FlushMetricsAsync()
    {
        foreach (var metrics in AllSilos<MetricsAggregator>())
        {
            await metrics.FlushAsync();
        }
    }

    /// <summary>Sends what each silo's drift aggregator gathered to the drift monitors now, one silo after the other.</summary>
    public async Task ReportDriftAsync()
    {
        foreach (var drift in AllSilos<DriftAggregator>())
        {
            await drift.ReportAsync();
        }
    }

    /// <inheritdoc />
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
