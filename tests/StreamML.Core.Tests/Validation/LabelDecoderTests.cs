using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;
using StreamML.Core.Validation;

namespace StreamML.Core.Tests.Validation;

[Trait("Category", "BVT")]
public sealed class LabelDecoderTests
{
    private static readonly LabelDecoder Decoder = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("""{"id":"e-1","entity":"m","label":1}""", 1.0)]
    [InlineData("""{"id":"e-1","entity":"m","label":0.25,"time":"2026-11-24T10:00:00Z"}""", 0.25)]
    [InlineData("""{"id":"e-1","entity":"m","label":true}""", 1.0)]
    public void Decode_Valid(string json, double label)
    {
        var result = Decoder.Decode(Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, result.Message);
        Assert.Equal("e-1", result.Value!.EventId);
        Assert.Equal(label, result.Value.Label);
    }

    [Theory]
    [InlineData("""{"entity":"m","label":1}""", InvalidReason.MissingId)]
    [InlineData("""{"id":"e","label":1}""", InvalidReason.MissingEntity)]
    [InlineData("""{"id":"e","entity":"m"}""", InvalidReason.MissingLabel)]
    [InlineData("""{"id":"e","entity":"m","label":"yes"}""", InvalidReason.MissingLabel)]
    [InlineData("""{"id":"e","entity":"m","label":1""", InvalidReason.MalformedPayload)]
    public void Decode_Invalid(string json, InvalidReason reason)
    {
        var result = Decoder.Decode(Encoding.UTF8.GetBytes(json));
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("6", true)]
    [InlineData("999", true)]
    [InlineData("2.5", false)]
    [InlineData("-1", false)]
    [InlineData("1000", false)]
    public void Decode_MulticlassLabel_MustBeAClassIndex(string label, bool valid)
    {
        var decoder = new LabelDecoder(new FakeTimeProvider(), task: ModelTask.MulticlassClassification);

        var result = decoder.Decode(Encoding.UTF8.GetBytes($$"""{"id":"e","entity":"m","label":{{label}}}"""));

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? InvalidReason.None : InvalidReason.InvalidLabel, result.Reason);
        Assert.Equal(valid, result.Message is null);
    }

    [Theory]
    [InlineData(ModelTask.BinaryClassification, "0", true)]
    [InlineData(ModelTask.BinaryClassification, "1", true)]
    [InlineData(ModelTask.BinaryClassification, "false", true)]
    [InlineData(ModelTask.BinaryClassification, "2", false)]
    [InlineData(ModelTask.BinaryClassification, "-1", false)]
    [InlineData(ModelTask.BinaryClassification, "1.0000001", false)]
    [InlineData(ModelTask.Regression, "-12.5", true)]
    [InlineData(ModelTask.Regression, "3e38", true)]
    [InlineData(ModelTask.Regression, "1e39", false)]
    [InlineData(ModelTask.Regression, "-1e300", false)]
    public void Decode_LabelOutsideTheTasksRange_IsAnInvalidLabel(ModelTask task, string label, bool valid)
    {
        var decoder = new LabelDecoder(new FakeTimeProvider(), task: task);

        var result = decoder.Decode(Encoding.UTF8.GetBytes($$"""{"id":"e","entity":"m","label":{{label}}}"""));

        Assert.Equal(valid ? InvalidReason.None : InvalidReason.InvalidLabel, result.Reason);
        Assert.Equal(valid, result.Message is null);
        if (!valid)
        {
            Assert.Contains(task.Kind().LabelRule, result.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("[1]")]
    [InlineData("\"Infinity\"")]
    public void Decode_LabelNotAFiniteNumberOrBoolean_IsAMissingLabel(string label)
    {
        var result = Decoder.Decode(Encoding.UTF8.GetBytes($$"""{"id":"e","entity":"m","label":{{label}}}"""));

        Assert.Equal(InvalidReason.MissingLabel, result.Reason);
    }

    [Fact]
    public void Decode_ArbitraryBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var result = Decoder.Decode(bytes);
            Assert.True(result.IsValid || result.Reason != InvalidReason.None);
        }, iter: 5_000);
    }
}
