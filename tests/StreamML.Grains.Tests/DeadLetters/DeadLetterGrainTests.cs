using StreamML.GrainInterfaces;
using StreamML.Silo.Hosting;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.DeadLetters;

/// <summary>The dead-letter store stays dirty until a write succeeds, so a failed write is tried again.</summary>
[Trait("Category", "Functional")]
public sealed class DeadLetterGrainTests
{
    [Fact]
    public async Task Persist_WritesFail_AreRetriedUntilTheStoreIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var storages = new List<FaultyGrainStorage>();
        await using var platform = await PlatformCluster.StartAsync(
            s =>
            {
                s.Host.Source = SourceKind.None;
                s.DeadLetter.PersistInterval = TimeSpan.FromMilliseconds(50);
            },
            services: services => FaultyGrainStorage.Decorate(
                services,
                GrainStorageNames.Control,
                id => id.Type.ToString()!.Contains("deadletter", StringComparison.OrdinalIgnoreCase),
                () => new IOException("injected: disk unavailable"),
                storage =>
                {
                    storage.FailNextWrites = 3;
                    storages.Add(storage);
                }));
        var grain = platform.Grains.GetGrain<IDeadLetterGrain>(0);

        await grain.AppendAsync([new DeadLetter { Reason = "MalformedPayload", Message = "not JSON", Source = "test" }]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (storages.Sum(s => s.Written) == 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal(3, storages.Sum(s => s.Injected));
        Assert.Equal(1, (await grain.QueryAsync(null, 0, 10, ct)).Total);
    }
}
