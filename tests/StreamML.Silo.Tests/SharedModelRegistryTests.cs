using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Grains.Services;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Models;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>
/// Silos on separate data directories sharing one PostgreSQL for membership, grain state and the model store: a
/// version registered on one silo serves on every silo, and still serves after that silo has left the cluster.
/// </summary>
[Trait("Category", "Functional")]
public sealed class SharedModelRegistryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Three silos opening connections at once on a busy machine: the fixture's 5 s connect timeout is too tight.
    private string Database => postgres.ConnectionString + ";Timeout=60;Command Timeout=120";

    private Task<SiloHost> StartSiloAsync(string clusterId) => SiloHost.StartAsync(
        $"StreamML:ClusterId={clusterId}",
        "StreamML:Clustering:Provider=AdoNet",
        $"StreamML:Clustering:AdoNet:ConnectionString={Database}",
        "StreamML:GrainStorage=AdoNet",
        $"StreamML:Storage:AdoNet:ConnectionString={Database}",
        "StreamML:Model:Store:Provider=PostgreSql",
        $"StreamML:Model:Store:PostgreSql:ConnectionString={Database}");

    /// <summary>Scores a few events through the silo's HTTP API and returns the model version of each prediction.</summary>
    private static async Task<int[]> ScoreAsync(SiloHost silo, string tag)
    {
        var events = string.Join(",", Enumerable.Range(0, 4).Select(i =>
            $"{{\"id\":\"{tag}{i}\",\"entity\":\"{tag}-{i}\",\"features\":{{\"power\":{i},\"voltage\":230,\"temperature\":20,\"load\":0.5}}}}"));
        using var response = await silo.Http.PostAsync("v1/score", new StringContent($"[{events}]", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return [.. body.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("version").GetInt32())];
    }

    /// <summary>Has the silo's router read the routing and its cache load the version from the store, as serving it would.</summary>
    private static async Task LoadAsync(SiloHost silo, string model, int version)
    {
        await silo.Services.GetRequiredService<ModelRouter>().RefreshAsync();
        await silo.Services.GetRequiredService<ModelCache>().GetAsync(model, version, Ct);
    }

    [Fact]
    public async Task VersionRegisteredOnOneSilo_ServesOnEverySilo_AndAfterThatSiloLeaves()
    {
        var clusterId = "registry-" + Guid.NewGuid().ToString("N")[..8];
        string model;
        SiloHost? trainer = await StartSiloAsync(clusterId);
        SiloHost? peer = null;
        try
        {
            await trainer.WhenActiveAsync(Patience);

            // The only silo: the version is fitted in its process and written by its registry to the shared store.
            model = await TestModels.RegisterAsync(trainer.Services, 1);
            Assert.False(Directory.Exists(Path.Combine(trainer.DataDirectory, "models")));

            peer = await StartSiloAsync(clusterId);
            await peer.WhenActiveAsync(Patience);
            await LoadAsync(peer, model, 1);
            await LoadAsync(trainer, model, 1);
            Assert.All(await ScoreAsync(peer, "p"), v => Assert.Equal(1, v));
            Assert.All(await ScoreAsync(trainer, "t"), v => Assert.Equal(1, v));

            await trainer.DisposeAsync();
            trainer = null;

            // The registry and the entity groups that lived on the trainer activate on the peer from the shared state.
            await LoadAsync(peer, model, 1);
            Assert.All(await ScoreAsync(peer, "q"), v => Assert.Equal(1, v));
        }
        finally
        {
            if (trainer is not null)
            {
                await trainer.DisposeAsync();
            }

            if (peer is not null)
            {
                await peer.DisposeAsync();
            }
        }

        // A silo that joins once the trainer is gone never saw the version: it finds the routing in the shared grain
        // state and the artefact in the shared store.
        await using var late = await StartSiloAsync(clusterId);
        await late.WhenActiveAsync(Patience);
        await LoadAsync(late, model, 1);
        Assert.All(await ScoreAsync(late, "l"), v => Assert.Equal(1, v));
    }
}
