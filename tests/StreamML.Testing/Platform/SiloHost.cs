using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;
using StreamML.Testing.Infrastructure;

namespace StreamML.Testing.Platform;

/// <summary>
/// The real silo host (AddStreamMLSilo + MapStreamML) on a loopback port of its own, its data in a temp folder, with a
/// <see cref="PredictionRecorder"/> observing every prediction it makes.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private SiloHost(WebApplication app, Uri address, string data, PredictionRecorder predictions)
    {
        App = app;
        Address = address;
        DataDirectory = data;
        Predictions = predictions;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>The HTTP address the silo listens on.</summary>
    public Uri Address { get; }

    /// <summary>The folder holding state, checkpoints and models.</summary>
    public string DataDirectory { get; }

    /// <summary>A client for the silo's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>Every prediction the silo makes.</summary>
    public PredictionRecorder Predictions { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>Starts a silo; each setting (<c>Section:Key=value</c>) is passed as a command-line argument.</summary>
    public static Task<SiloHost> StartAsync(params string[] settings) => StartAsync(_ => { }, settings);

    /// <summary>
    /// Starts a silo; each setting (<c>Section:Key=value</c>) is passed as a command-line argument, and
    /// <paramref name="configure"/> sees the builder after the StreamML wiring. A silo that fails to start is disposed.
    /// </summary>
    public static async Task<SiloHost> StartAsync(Action<WebApplicationBuilder> configure, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var data = Path.Combine(Path.GetTempPath(), "streamml-silo-" + Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--StreamML:DataDirectory={data}",
            "--StreamML:ConsoleProgress=false",
            "--StreamML:Source=None",
            $"--StreamML:SiloPort={LoopbackPort.GetFree()}",
            $"--StreamML:GatewayPort={LoopbackPort.GetFree()}",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings.Select(s => "--" + s));
        var builder = WebApplication.CreateBuilder([.. args]);
        builder.AddStreamMLSilo();
        var predictions = new PredictionRecorder();
        builder.Services.AddSingleton<IPredictionObserver>(predictions);
        configure(builder);
        var app = builder.Build();
        app.MapStreamML();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SiloHost(app, new Uri(address), data, predictions);
    }

    /// <summary>Waits until the cluster's membership shows this silo active; fails after <paramref name="timeout"/>.</summary>
    public async Task WhenActiveAsync(TimeSpan timeout)
    {
        var membership = Services.GetRequiredService<IClusterMembershipService>();
        var self = Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        using var cts = new CancellationTokenSource(timeout);
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cts.Token))
        {
            if (snapshot.Members.TryGetValue(self, out var member) && member.Status == SiloStatus.Active)
            {
                return;
            }
        }

        throw new InvalidOperationException("the silo stopped before it became active");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
