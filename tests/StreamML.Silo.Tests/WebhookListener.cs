using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamML.Testing.Infrastructure;

namespace StreamML.Silo.Tests;

/// <summary>A real Kestrel listener on a loopback port that records the POSTs it receives and answers with planned status codes (200 once the plan is used up).</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _plan;
    private readonly Recording<(string ContentType, string Body)> _received = new();

    private WebhookListener(WebApplication app, ConcurrentQueue<int> plan, Uri url)
    {
        _app = app;
        _plan = plan;
        Url = url;
    }

    public Uri Url { get; }

    public IReadOnlyList<(string ContentType, string Body)> Received => _received.Items;

    public static async Task<WebhookListener> StartAsync(params int[] plannedStatusCodes)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var plan = new ConcurrentQueue<int>(plannedStatusCodes);
        WebhookListener? listener = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            listener!._received.Add((context.Request.ContentType ?? "", body));
            context.Response.StatusCode = plan.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener = new WebhookListener(app, plan, new Uri(new Uri(address), "/hook"));
        return listener;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived; fails after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<(string ContentType, string Body)>> WaitForAsync(int count, TimeSpan timeout) => _received.WaitForAsync(count, timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
