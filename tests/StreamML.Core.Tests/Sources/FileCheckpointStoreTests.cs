using StreamML.Core.Sources;

namespace StreamML.Core.Tests.Sources;

[Trait("Category", "BVT")]
public sealed class FileCheckpointStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamml-cp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task WriteLoad_RoundTripsAndSurvivesANewInstance()
    {
        var store = new FileCheckpointStore(_root);
        Assert.Equal(CheckpointState.None, await store.LoadAsync("gen", 3));

        var first = await store.WriteAsync("gen", 3, 100, null);
        var second = await store.WriteAsync("gen", 3, 250, first.Version);

        Assert.Equal(second, await new FileCheckpointStore(_root).LoadAsync("gen", 3));
        Assert.Equal(250, second.Offset);
        Assert.NotEqual(first.Version, second.Version);
    }

    [Fact]
    public async Task Write_StaleVersion_IsRefusedAndLeavesTheStoredCheckpoint()
    {
        var store = new FileCheckpointStore(_root);
        var first = await store.WriteAsync("gen", 0, 10, null);
        await store.WriteAsync("gen", 0, 20, first.Version);

        var ex = await Assert.ThrowsAsync<CheckpointConflictException>(async () => await store.WriteAsync("gen", 0, 15, first.Version));

        Assert.Equal(20, ex.Current!.Value.Offset);
        Assert.Equal(20, (await store.LoadAsync("gen", 0)).Offset);
        await Assert.ThrowsAsync<CheckpointConflictException>(async () => await store.WriteAsync("gen", 0, 30, null));
    }

    [Fact]
    public async Task Write_ConcurrentWritersOfOneVersion_ExactlyOneWins()
    {
        var store = new FileCheckpointStore(_root);
        var start = await store.WriteAsync("gen", 1, 0, null);
        var attempts = Enumerable.Range(1, 16).Select(async i =>
        {
            try
            {
                await store.WriteAsync("gen", 1, i, start.Version);
                return true;
            }
            catch (CheckpointConflictException)
            {
                return false;
            }
        });

        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Paths_KeepNamesThatCouldEscapeTheRootInsideIt()
    {
        var store = new FileCheckpointStore(_root);
        await store.WriteAsync("../etc", 0, 7, null);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "etc", "0.checkpoint")));
        Assert.Equal(7, (await store.LoadAsync("../etc", 0)).Offset);
        Assert.Single(Directory.GetFiles(_root, "*.checkpoint", SearchOption.AllDirectories));
    }
}
