using System.Globalization;
using StreamML.Client;
using StreamML.Core.Data;

namespace StreamML.Cli.Commands;

/// <summary>CSV rows turned into events (and labels): every numeric column that is not the entity, id, time or label column is a feature.</summary>
internal sealed record ReplayRows(EventRequest Event, LabelRequest? Label)
{
    public static List<ReplayRows> From(CsvTable table, string defaultEntity, string? entityColumn, string? idColumn, string? timeColumn, string? labelColumn)
    {
        int Index(string? column) => column is null ? -1 : table.ColumnIndex(column);
        var entityIndex = Index(entityColumn);
        var idIndex = Index(idColumn);
        var timeIndex = Index(timeColumn);
        var labelIndex = Index(labelColumn);
        var features = Enumerable.Range(0, table.Header.Count).Where(i => i != entityIndex && i != idIndex && i != timeIndex && i != labelIndex).ToArray();
        if (features.Length == 0)
        {
            throw new CliException($"{table.Source}: no feature columns left after the entity, id, time and label columns");
        }

        var rows = new List<ReplayRows>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var values = new Dictionary<string, double>(features.Length, StringComparer.Ordinal);
            foreach (var f in features)
            {
                values[table.Header[f]] = ParseOrThrow(table, row[f], table.Header[f], r);
            }

            var entity = entityIndex >= 0 ? row[entityIndex] : defaultEntity;
            var id = idIndex >= 0 ? row[idIndex] : $"{defaultEntity}-{r + 1}";
            var time = timeIndex >= 0 ? ParseTime(table, row[timeIndex], table.Header[timeIndex], r) : (DateTimeOffset?)null;
            var label = labelIndex >= 0 ? new LabelRequest(id, entity, ParseOrThrow(table, row[labelIndex], table.Header[labelIndex], r)) : null;
            rows.Add(new ReplayRows(new EventRequest(entity, values, id, time), label));
        }

        return rows;
    }

    private static double ParseOrThrow(CsvTable table, string field, string column, int row)
    {
        try
        {
            return table.ParseNumber(field, column, row);
        }
        catch (CsvFormatException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private static DateTimeOffset ParseTime(CsvTable table, string field, string column, int row)
    {
        if (DateTimeOffset.TryParse(field, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        if (long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            && ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        throw new CliException($"{table.Source}: line {table.LineOf(row)}: column '{column}': '{field}' is not a time (ISO-8601 or epoch milliseconds)");
    }
}
