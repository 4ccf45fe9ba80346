using System.Text;
using System.Text.Json;
using StreamML.Core.Events;
using StreamML.Core.Privacy;

namespace StreamML.Core.Tests.Privacy;

[Trait("Category", "BVT")]
public sealed class PseudonymiserTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static Pseudonymiser Create(params string[] fields) => new(Key, fields);

    [Fact]
    public void Pseudonymise_Rfc4231LargeKeyVector_IsTheFirst128BitsInLowercaseHex()
    {
        // RFC 4231 §4.7 (test case 6): a 131-byte key of 0xaa, HMAC-SHA-256 = 60e431591ee0b67f0d8a26aacbf5b77f8e0bc621...
        var pseudonymiser = new Pseudonymiser(Enumerable.Repeat((byte)0xaa, 131).ToArray(), []);

        var pseudonym = pseudonymiser.Pseudonymise("Test Using Larger Than Block-Size Key - Hash Key First");

        Assert.Equal("60e431591ee0b67f0d8a26aacbf5b77f", pseudonym);
    }

    [Fact]
    public void Pseudonymise_SameKey_IsStable_OtherKey_Differs()
    {
        var other = new Pseudonymiser([.. Key.Select(b => (byte)(b ^ 0x5a))], []);

        Assert.Equal(Create().Pseudonymise("meter-42"), Create().Pseudonymise("meter-42"));
        Assert.NotEqual(Create().Pseudonymise("meter-42"), Create().Pseudonymise("meter-43"));
        Assert.NotEqual(Create().Pseudonymise("meter-42"), other.Pseudonymise("meter-42"));
        Assert.Matches("^[0-9a-f]{32}$", Create().Pseudonymise(new string('é', 2_000)));
    }

    [Fact]
    public void None_KeepsEveryValue()
    {
        var e = new StreamEvent("e-1", "meter-42", 1, [1f], "nsw");

        Assert.False(Pseudonymiser.None.Enabled);
        Assert.Equal("meter-42", Pseudonymiser.None.Pseudonymise("meter-42"));
        Assert.Same(e, Pseudonymiser.None.Apply(e));
    }

    [Fact]
    public void Ctor_ShortKey_Throws() => Assert.Throws<ArgumentException>(() => new Pseudonymiser(new byte[31], []));

    [Fact]
    public void Apply_Event_ReplacesEntityAlways_AndIdAndSegmentWhenConfigured()
    {
        var e = new StreamEvent("e-1", "meter-42", 7, [1f, 2f], "nsw");

        var entityOnly = Create().Apply(e);
        var all = Create("id", "segment").Apply(e);

        Assert.Equal((Create().Pseudonymise("meter-42"), "e-1", "nsw"), (entityOnly.Entity, entityOnly.Id, entityOnly.Segment));
        Assert.Equal((Create().Pseudonymise("meter-42"), Create().Pseudonymise("e-1"), Create().Pseudonymise("nsw")), (all.Entity, all.Id, all.Segment));
        Assert.Equal((7L, e.Values), (all.TimeTicks, all.Values));
    }

    [Fact]
    public void Apply_Label_JoinsTheEventsPseudonyms()
    {
        var pseudonymiser = Create("id");
        var e = pseudonymiser.Apply(new StreamEvent("e-1", "meter-42", 7, [1f]));

        var label = pseudonymiser.Apply(new LabelEvent("e-1", "meter-42", 1, 9));

        Assert.Equal((e.Id, e.Entity, 1.0, 9L), (label.EventId, label.Entity, label.Label, label.TimeTicks));
    }

    [Fact]
    public void Protect_Json_PseudonymisesCoveredFieldsAtAnyDepth_AndKeepsTheRest()
    {
        var pseudonymiser = Create("email");
        var payload = """{"id":"e-9","entity":"meter-42","email":"ann@example.org","features":{"power":"x"},"who":{"email":"bob@example.org","n":3},"entity2":12}""";

        var kept = pseudonymiser.Protect(Encoding.UTF8.GetBytes(payload), 4_096);

        var json = JsonDocument.Parse(kept.Text!).RootElement;
        Assert.Equal(pseudonymiser.Pseudonymise("meter-42"), json.GetProperty("entity").GetString());
        Assert.Equal(pseudonymiser.Pseudonymise("ann@example.org"), json.GetProperty("email").GetString());
        Assert.Equal(pseudonymiser.Pseudonymise("bob@example.org"), json.GetProperty("who").GetProperty("email").GetString());
        Assert.Equal("x", json.GetProperty("features").GetProperty("power").GetString());
        Assert.Equal(3, json.GetProperty("who").GetProperty("n").GetInt32());
        Assert.Equal((pseudonymiser.Pseudonymise("meter-42"), "e-9"), (kept.Entity, kept.EventId));
        Assert.DoesNotContain("meter-42", kept.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", kept.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_NumberOrObjectEntity_IsPseudonymisedOrDropped()
    {
        var pseudonymiser = Create();

        var number = pseudonymiser.Protect("""{"entity":4242}"""u8, 4_096);
        var nested = pseudonymiser.Protect("""{"entity":{"name":"ann"}}"""u8, 4_096);

        Assert.Equal(pseudonymiser.Pseudonymise("4242"), number.Entity);
        Assert.DoesNotContain("4242", number.Text, StringComparison.Ordinal);
        Assert.Equal("""{"entity":null}""", nested.Text);
    }

    [Theory]
    [InlineData("meter-42 is not json")]
    [InlineData("""{"entity":"meter-42","features":""")]
    [InlineData("""{"entity":"meter-42"} trailing""")]
    public void Protect_NotJson_DropsThePayload_KeepsWhatWasRecognised(string payload)
    {
        var pseudonymiser = Create();

        var kept = pseudonymiser.Protect(Encoding.UTF8.GetBytes(payload), 4_096);

        Assert.Null(kept.Text);
        Assert.True(kept.Entity is null || kept.Entity == pseudonymiser.Pseudonymise("meter-42"));
    }

    [Fact]
    public void Protect_Disabled_KeepsThePayloadAsItCame_TruncatedAndRecognised()
    {
        var payload = """{"id":"e-1", "entity":"meter-42","features":{"power":"x"}}""";

        var kept = Pseudonymiser.None.Protect(Encoding.UTF8.GetBytes(payload), 20);
        var broken = Pseudonymiser.None.Protect("not json"u8, 100);

        Assert.Equal(payload[..20], kept.Text);
        Assert.Equal(("meter-42", "e-1"), (kept.Entity, kept.EventId));
        Assert.Equal(("not json", null, null), (broken.Text, broken.Entity, broken.EventId));
    }

    [Fact]
    public void TryDecodeKey_AcceptsBase64OfAtLeast32Bytes()
    {
        Assert.True(Pseudonymiser.TryDecodeKey(Convert.ToBase64String(Key), out var key));
        Assert.Equal(Key, key);
        Assert.False(Pseudonymiser.TryDecodeKey(Convert.ToBase64String(new byte[31]), out _));
        Assert.False(Pseudonymiser.TryDecodeKey("not base64!", out _));
        Assert.False(Pseudonymiser.TryDecodeKey(null, out _));
    }
}
