using StreamML.Core.Sources;

namespace StreamML.Storage.Tests.Checkpoints;

[Trait("Category", "BVT")]
public sealed class FileCheckpointStoreTests : CheckpointStoreConformanceTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("streamml-ckpt-").FullName;

    protected override Task<ICheckpointStore> CreateStoreAsync() => Task.FromResult<ICheckpointStore>(new FileCheckpointStore(_root));

    // The files are the whole backend: a new store instance over the folder is what a restarted process sees.
    protected override Task RestartBackendAsync() => Task.CompletedTask;

    [Fact]
    public async Task LoadAsync_LeftoverTempFileFromCrashedWrite_IsIgnoredAndOverwritten()
    {
        var store = new FileCheckpointStore(_root);
        var written = await store.WriteAsync("crash", 0, 12, null, Ct);
        var path = Path.Combine(_root, "crash", "0.checkpoint");
        // A crash between creating the temp file and renaming it leaves a partial temp file behind.
        await File.WriteAllTextAsync(path + ".tmp", "streamml-checkpoint 1\nversion=9", Ct);

        var loaded = await new FileCheckpointStore(_root).LoadAsync("crash", 0, Ct);
        var next = await store.WriteAsync("crash", 0, 13, loaded.Version, Ct);

        Assert.Equal(written, loaded);
        Assert.Equal(13, (await store.LoadAsync("crash", 0, Ct)).Offset);
        Assert.Equal("2", next.Version);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task LoadAsync_FileWrittenBeforePositions_ReadsItsOffset()
    {
        Directory.CreateDirectory(Path.Combine(_root, "old"));
        await File.WriteAllTextAsync(Path.Combine(_root, "old", "0.checkpoint"), "streamml-checkpoint 1\nversion=3\noffset=1816509079808000007\n", Ct);

        var loaded = await new FileCheckpointStore(_root).LoadAsync("old", 0, Ct);

        Assert.Equal(new CheckpointState(1816509079808000007, "3"), loaded);
        Assert.Null(loaded.Position);
    }

    [Fact]
    public async Task LoadAsync_ForeignFile_ThrowsInsteadOfGuessing()
    {
        Directory.CreateDirectory(Path.Combine(_root, "foreign"));
        await File.WriteAllTextAsync(Path.Combine(_root, "foreign", "0.checkpoint"), "offset=5", Ct);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await new FileCheckpointStore(_root).LoadAsync("foreign", 0, Ct));
    }

    [Theory]
    [InlineData("meters", "meters")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("..", "%2E.")]
    [InlineData("é", "%C3%A9")]
    public void EscapeName_UnsafeCharacters_AreEscaped(string name, string expected)
    {
        Assert.Equal(expected, FileCheckpointStore.EscapeName(name));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
