using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using StreamML.Core.Data;
using StreamML.Core.Features;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;
using StreamML.Core.Validation;
using StreamML.Testing.Fuzzing;

namespace StreamML.Core.Tests.Validation;

/// <summary>
/// The edge's decoders under hostile input: every input is decoded or refused with a reason, never an exception.
/// </summary>
[Trait("Category", "BVT")]
public sealed class DecoderFuzzTests
{
    private static readonly string[] EventFields = ["id", "entity", "time", "segment", "features"];
    private static readonly string[] LabelFields = ["id", "entity", "label", "time"];
    private static readonly string[] Features = ["price", "demand", "note"];
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    private static string Refused<T>(DecodeResult<T> result)
        where T : class
    {
        Assert.Null(result.Value);
        Assert.NotEqual(InvalidReason.None, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        return result.Reason.ToString();
    }

    [Fact]
    public void EventDecoder_HostileInput_DecodesOrRefusesWithAReason()
    {
        var schema = new FeatureSchema
        {
            Features = [new() { Name = "price" }, new() { Name = "demand" }, new() { Name = "note", Required = false }],
            MaxIdLength = 32,
        };
        var decoder = new EventDecoder(FeaturePlan.Compile(schema), Clock);

        Fuzz.Run("EventDecoder", Fuzz.From(f => f.Document(EventFields, Features)), 300_000, bytes =>
        {
            var result = decoder.Decode(bytes);
            if (result.Value is not { } e)
            {
                return Refused(result);
            }

            Assert.InRange(e.Entity.Length, 1, schema.MaxIdLength);
            Assert.InRange(e.Id.Length, 1, schema.MaxIdLength);
            Assert.True(float.IsFinite(e.Values[0]) && float.IsFinite(e.Values[1]) && !float.IsInfinity(e.Values[2]));
            Assert.True(e.Segment is null || (e.Segment.Length <= 64 && e.Segment.All(c => char.IsAsciiLetterOrDigit(c) || "-_.:".Contains(c, StringComparison.Ordinal))));
            return Fuzz.Decoded;
        }, Print);
    }

    [Theory]
    [InlineData(ModelTask.BinaryClassification)]
    [InlineData(ModelTask.MulticlassClassification)]
    [InlineData(ModelTask.Regression)]
    public void LabelDecoder_HostileInput_DecodesOrRefusesWithAReason(ModelTask task)
    {
        var decoder = new LabelDecoder(Clock, task: task);
        var kind = task.Kind();

        Fuzz.Run($"LabelDecoder {kind.ShortName}", Fuzz.From(f => f.Document(LabelFields, [])), 50_000, bytes =>
        {
            var result = decoder.Decode(bytes);
            if (result.Value is not { } label)
            {
                return Refused(result);
            }

            Assert.True(kind.AcceptsLabel(label.Label), $"label {label.Label} is outside the {kind.ShortName} range");
            Assert.True(float.IsFinite((float)label.Label));
            Assert.InRange(label.Entity.Length, 1, 256);
            Assert.InRange(label.EventId.Length, 1, 256);
            return Fuzz.Decoded;
        }, Print);
    }

    [Fact]
    public void CsvTable_HostileText_ParsesOrNamesTheProblem()
    {
        string[] columns = ["entity", "time", "price", "label"];

        Fuzz.Run("CsvTable", Fuzz.From(f => f.Csv(columns)), 100_000, text =>
        {
            CsvTable table;
            try
            {
                table = CsvTable.Parse(new StringReader(text), "fuzz.csv");
            }
            catch (CsvFormatException ex)
            {
                Assert.StartsWith("fuzz.csv: ", ex.Message, StringComparison.Ordinal);
                return "refused";
            }

            Assert.All(table.Rows, r => Assert.Equal(table.Header.Count, r.Length));
            var numeric = 0;
            foreach (var column in table.Header)
            {
                try
                {
                    Assert.Equal(table.Rows.Count, table.NumericColumn(column).Length);
                    numeric++;
                }
                catch (CsvFormatException ex)
                {
                    Assert.Contains($"column '{column}'", ex.Message, StringComparison.Ordinal);
                }
            }

            return numeric == table.Header.Count ? "parsed, all numeric" : "parsed";
        });
    }

    private static string Print(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 2_000))) + " (" + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes)";
}
