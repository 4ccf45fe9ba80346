using StreamML.Cli.Commands;
using StreamML.Core.Data;
using StreamML.Testing.Fuzzing;

namespace StreamML.Cli.Tests;

/// <summary>
/// CSV files as <c>streamml replay</c> turns them into events and labels: a hostile file gives rows or one message that
/// names the file, line and column, never an exception of another kind.
/// </summary>
[Trait("Category", "BVT")]
public sealed class ReplayRowsFuzzTests
{
    [Fact]
    public void From_HostileCsv_RowsOrAMessageNamingThePlace()
    {
        string[] columns = ["entity", "id", "time", "power", "label"];

        Fuzz.Run("ReplayRows", Fuzz.From(f => f.Csv(columns)), 75_000, text =>
        {
            try
            {
                var table = CsvTable.Parse(new StringReader(text), "replay.csv");
                var rows = ReplayRows.From(table, "meter", "entity", "id", "time", "label");
                Assert.Equal(table.Rows.Count, rows.Count);
                return "rows";
            }
            catch (Exception ex) when (ex is CsvFormatException or CliException)
            {
                Assert.StartsWith("replay.csv: ", ex.Message, StringComparison.Ordinal);
                return ex.GetType().Name;
            }
        });
    }
}
