using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Silo.Hosting;

namespace StreamML.Silo.Tests;

/// <summary>The real silo host (AddStreamMLSilo + MapStreamML) on a loopback port of its own, its data in a temp folder.</summary>
public sealed class SiloHost : IAsyncDisposable
{
    private SiloHost(WebApplication app, Uri address, string data)
    {
        App = app;
        Address = address;
        DataDirectory = data;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<SiloHost> StartAsync(params string[] settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "streamml-silo-" + Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--StreamML:DataDirectory={data}",
            "--StreamML:ConsoleProgress=false",
            "--StreamML:Source=None",
            $"--StreamML:SiloPort={FreePort()}",
            $"--StreamML:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings.Select(s => "--" + s));
        var builder = WebApplication.CreateBuilder([.. args]);
        builder.AddStreamMLSilo();
        var app = builder.Build();
        app.MapStreamML();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SiloHost(app, new Uri(address), data);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
