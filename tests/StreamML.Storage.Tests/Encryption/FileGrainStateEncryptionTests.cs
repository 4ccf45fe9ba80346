namespace StreamML.Storage.Tests.Encryption;

/// <summary>Grain-state encryption on Orleans' file grain storage.</summary>
[Trait("Category", "BVT")]
public sealed class FileGrainStateEncryptionTests : GrainStateEncryptionTests
{
    private const int FileHeaderBytes = 24;
    private readonly string _root = Directory.CreateTempSubdirectory("streamml-encrypted-state-").FullName;
    private readonly Dictionary<(string, GrainId), string> _files = [];

    protected override IEnumerable<(string Key, string? Value)> Backend =>
        [("StreamML:Storage:Provider", "File"), ("StreamML:Storage:File:RootDirectory", _root)];

    /// <summary>The state bytes: the file's content after the file storage's own header (<c>ORLFS001</c> and a 16-byte ETag).</summary>
    protected override async Task<byte[]> ReadStoredAsync(string stateName, GrainId grainId)
    {
        var content = await File.ReadAllBytesAsync(_files[(stateName, grainId)], TestContext.Current.CancellationToken);
        Assert.Equal("ORLFS001"u8.ToArray(), content[..8]);
        return content[FileHeaderBytes..];
    }

    protected override async Task WriteStoredAsync(string stateName, GrainId grainId, byte[] bytes)
    {
        var path = _files[(stateName, grainId)];
        var header = (await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken))[..FileHeaderBytes];
        await File.WriteAllBytesAsync(path, [.. header, .. bytes], TestContext.Current.CancellationToken);
    }

    /// <summary>The file storage names files by a hash; a grain's file is the one its first write created.</summary>
    protected override void OnWritten(string stateName, GrainId grainId)
    {
        if (!_files.ContainsKey((stateName, grainId)))
        {
            _files[(stateName, grainId)] = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Except(_files.Values).Single();
        }
    }
}
