using System.Net;
using System.Net.Sockets;
using StreamML.Core.Sources;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Silo.Hosting;

/// <summary>
/// The whole platform in this process, driven from code (<c>streamml evaluate</c> and <c>bench</c>, tools): one silo wired
/// by <see cref="StreamMLSiloBuilderExtensions.AddStreamML(ISiloBuilder, StreamMLSettings)"/> with localhost clustering,
/// without the HTTP API. Events and labels go to the grains through <see cref="Grains"/> or through the pumps of a source
/// (<see cref="StartSourceAsync"/>); the silo's queues report on their own timers as in any silo, and
/// <see cref="DrainAsync"/> brings them to rest at once.
/// </summary>
public sealed class InProcessPlatform : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ModelRouter _router;
    private readonly PlatformInstruments _instruments;

    private InProcessPlatform(IHost host)
    {
        _host = host;
        _router = host.Services.GetRequiredService<ModelRouter>();
        _instruments = host.Services.GetRequiredService<PlatformInstruments>();
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    /// <summary>The grains of the platform.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>
    /// Starts a platform with <paramref name="settings"/>. The silo listens on two free loopback ports of its own (the
    /// settings' <c>Host.SiloPort</c> and <c>Host.GatewayPort</c> are not used), so a run never collides with a silo
    /// already on the machine.
    /// </summary>
    /// <param name="settings">The settings, built in code; they must not change once the platform runs.</param>
    /// <param name="logging">Configures the silo's logging (by default the host's: the console, at information level).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <exception cref="StreamMLConfigurationException">The settings are invalid; every problem is listed.</exception>
    public static async Task<InProcessPlatform> StartAsync(StreamMLSettings settings, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder();
        logging?.Invoke(builder.Logging);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreeLoopbackPort(), FreeLoopbackPort());
            silo.AddStreamML(settings);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new InProcessPlatform(host);
    }

    /// <summary>
    /// Completes once the silo has read its model's routing and loaded the versions it names, so no event is scored by a
    /// fallback while a registered champion is still loading.
    /// </summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken = default) => _router.Ready.WaitAsync(cancellationToken);

    /// <summary>
    /// Runs every queue of the silo to its end now: dead letters and labelled examples delivered, drift and live metrics
    /// reported, the retraining run under way waited for, the routing read again (see <see cref="PlatformDrain.DrainAsync"/>).
    /// </summary>
    public Task DrainAsync(CancellationToken cancellationToken = default) => PlatformDrain.DrainAsync([_host.Services], cancellationToken);

    /// <summary>
    /// Starts <paramref name="source"/> through the silo's pumps, one per partition, checkpointing in memory: every
    /// partition is read from its beginning.
    /// </summary>
    /// <returns>The run; disposing it stops the pumps.</returns>
    public async Task<SourceRun> StartSourceAsync(IEventSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var services = _host.Services;
        var pumps = new PumpHost(
            source,
            new InMemoryCheckpointStore(),
            services.GetRequiredService<PartitionPumpFactory>(),
            services.GetRequiredService<IClusterMembershipService>(),
            services.GetRequiredService<ILocalSiloDetails>(),
            _router,
            services.GetRequiredService<ILogger<PumpHost>>());
        var run = new SourceRun(pumps, _instruments, services.GetRequiredService<TimeProvider>());
        try
        {
            await pumps.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return run;
    }

    /// <summary>Reads what the silo has counted since it started.</summary>
    public PlatformFigures ReadFigures()
    {
        var latency = Core.Metrics.LatencyHistogram.NewBuckets();
        _instruments.Latency.CopyTo(latency);
        return new PlatformFigures(_instruments.PredictionTotal, _instruments.FallbackTotal, _instruments.ActiveEntities, _router.Current.Champion?.Info.Version ?? 0, latency);
    }

    /// <summary>Stops the silo.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _host.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
