using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using StreamML.Core.Encryption;
using StreamML.Storage.Encryption;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.Encryption;

/// <summary>
/// Encryption at rest of grain state through a real backend, wired by AddStreamMLStorage: the stored bytes hold no
/// plaintext, state round-trips, keys rotate, tampering and swapping are refused, and plain state from before is read.
/// </summary>
public abstract class GrainStateEncryptionTests : IDisposable
{
    protected const string StorageName = "secure";
    private const string StateName = "counter";
    protected static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private readonly List<IHost> _hosts = [];
    private readonly string _marker = "PLAINTEXT-MARKER-" + Guid.NewGuid().ToString("N");

    /// <summary>The backend's settings under <c>StreamML:Storage</c>, with <see cref="StorageName"/> as its only name.</summary>
    protected abstract IEnumerable<(string Key, string? Value)> Backend { get; }

    /// <summary>The bytes the backend keeps for a grain's state.</summary>
    protected abstract Task<byte[]> ReadStoredAsync(string stateName, GrainId grainId);

    /// <summary>Replaces the bytes the backend keeps for a grain's state, behind the storage's back.</summary>
    protected abstract Task WriteStoredAsync(string stateName, GrainId grainId, byte[] bytes);

    [Fact]
    public async Task Write_Encrypted_StoresNoPlaintextAndReadsBack()
    {
        var storage = Storage(("A", KeyA));
        var grain = NewGrain();

        await WriteAsync(storage, grain, State(7));
        var stored = await ReadStoredAsync(StateName, grain);
        var read = await ReadAsync(storage, grain);

        Assert.True(EnvelopeCipher.IsEnvelope(stored));
        Assert.Equal("A", EnvelopeCipher.KeyIdOf(stored));
        Assert.DoesNotContain(_marker, Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal((7, _marker + 7), (read.State!.Count, read.State!.Note));
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Rotation_WrittenWithA_ReadAfterBIsActive_RewrittenWithB_ThenAIsNotNeeded()
    {
        var grain = NewGrain();
        await WriteAsync(Storage(("A", KeyA)), grain, State(1));

        var rotated = Storage(("B", KeyB), ("A", KeyA));
        var readWithBoth = await ReadAsync(rotated, grain);
        var countWrittenWithA = readWithBoth.State!.Count;
        readWithBoth.State!.Count = 2;
        readWithBoth.State!.Note = _marker + 2;
        await WriteAsync(rotated, grain, readWithBoth);
        var keyAfterRewrite = EnvelopeCipher.KeyIdOf(await ReadStoredAsync(StateName, grain));
        var readWithBOnly = await ReadAsync(Storage(("B", KeyB)), grain);

        Assert.Equal(1, countWrittenWithA);
        Assert.Equal("B", keyAfterRewrite);
        Assert.Equal((2, _marker + 2), (readWithBOnly.State!.Count, readWithBOnly.State!.Note));
    }

    [Fact]
    public async Task Read_KeyRemovedFromRing_NamesTheMissingKeyIdButNeverAKey()
    {
        var grain = NewGrain();
        await WriteAsync(Storage(("A", KeyA)), grain, State(1));

        var ex = await Assert.ThrowsAsync<EncryptedDataException>(() => ReadAsync(Storage(("B", KeyB)), grain));

        Assert.Contains("key 'A'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyB, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TamperedByte_IsRefused()
    {
        var storage = Storage(("A", KeyA));
        var grain = NewGrain();
        await WriteAsync(storage, grain, State(3));
        var stored = await ReadStoredAsync(StateName, grain);
        stored[^3] ^= 0x01;
        await WriteStoredAsync(StateName, grain, stored);

        var ex = await Assert.ThrowsAsync<EncryptedDataException>(() => ReadAsync(storage, grain));

        Assert.Contains("failed authentication", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EnvelopeOfAnotherGrain_IsRefused()
    {
        var storage = Storage(("A", KeyA));
        var (victim, other) = (NewGrain(), NewGrain());
        await WriteAsync(storage, victim, State(1));
        await WriteAsync(storage, other, State(1000));
        await WriteStoredAsync(StateName, victim, await ReadStoredAsync(StateName, other));

        var ex = await Assert.ThrowsAsync<EncryptedDataException>(() => ReadAsync(storage, victim));

        Assert.Contains(victim.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PlainStateWrittenBeforeEncryption_IsReadThenRewrittenEncrypted()
    {
        var grain = NewGrain();
        await WriteAsync(Storage(), grain, State(5));
        var plain = await ReadStoredAsync(StateName, grain);

        var storage = Storage(("A", KeyA));
        var read = await ReadAsync(storage, grain);
        await WriteAsync(storage, grain, read);
        var rewritten = await ReadStoredAsync(StateName, grain);

        Assert.Contains(_marker, Encoding.UTF8.GetString(plain), StringComparison.Ordinal);
        Assert.Equal((5, _marker + 5), (read.State!.Count, read.State!.Note));
        Assert.DoesNotContain(_marker, Encoding.UTF8.GetString(rewritten), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PlainStateWhenUnencryptedIsNotAllowed_IsRefused()
    {
        var grain = NewGrain();
        await WriteAsync(Storage(), grain, State(5));

        var ex = await Assert.ThrowsAsync<EncryptedDataException>(() => ReadAsync(Storage([("A", KeyA)], allowUnencrypted: false), grain));

        Assert.Contains("is not encrypted", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Called after each write through the storage, so a backend that names its objects opaquely can find them.</summary>
    protected virtual void OnWritten(string stateName, GrainId grainId)
    {
    }

    private async Task WriteAsync(IGrainStorage storage, GrainId grain, GrainState<CounterState> state)
    {
        await storage.WriteStateAsync(StateName, grain, state);
        OnWritten(StateName, grain);
    }

    private static GrainId NewGrain() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    private GrainState<CounterState> State(int count) => new(new CounterState { Count = count, Note = _marker + count }, null);

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<CounterState>(new CounterState(), null);
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    /// <summary>The <c>StreamML:Encryption</c> settings of a ring whose first key is active.</summary>
    protected static IEnumerable<(string Key, string? Value)> RingSettings(params (string Id, string Key)[] ring) =>
    [
        ("StreamML:Encryption:Enabled", "true"),
        ("StreamML:Encryption:ActiveKeyId", ring[0].Id),
        .. ring.SelectMany((k, i) => new (string, string?)[] { ($"StreamML:Encryption:Keys:{i}:Id", k.Id), ($"StreamML:Encryption:Keys:{i}:Key", k.Key) }),
    ];

    /// <summary>The storage as a silo registers it: plain without keys, else encrypted with the first key active.</summary>
    private IGrainStorage Storage(params (string Id, string Key)[] ring) => Storage(ring, allowUnencrypted: true);

    private IGrainStorage Storage((string Id, string Key)[] ring, bool allowUnencrypted)
    {
        var settings = new List<(string Key, string? Value)>(Backend) { ("StreamML:Storage:Names:0", StorageName) };
        if (ring.Length > 0)
        {
            settings.AddRange(RingSettings(ring));
            settings.Add(("StreamML:Encryption:AllowUnencrypted", allowUnencrypted.ToString()));
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddStreamMLStorage(configuration));
        var host = builder.Build();
        _hosts.Add(host);
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
        Assert.Equal(ring.Length > 0, storage is EncryptingGrainStorage);
        return storage;
    }
}
