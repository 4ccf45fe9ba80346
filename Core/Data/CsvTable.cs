using System.Globalization;

namespace StreamML.Core.Data;

/// <summary>
/// A small, strict CSV reader for numeric streams: a header row, comma-separated fields, optional double quotes.
/// Errors name the file, the line and the column, so a command can report them in one line.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string source, string[] header, List<string[]> rows, List<int> lines)
    {
        Source = source;
        Header = header;
        Rows = rows;
        _lines = lines;
    }

    private readonly List<int> _lines;

    /// <summary>Where the table came from (a path), for messages.</summary>
    public string Source { get; }

    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows, each with exactly <see cref="Header"/>.Count fields.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads a whole file.</summary>
    /// <exception cref="CsvFormatException">The file is missing, empty or malformed.</exception>
    public static CsvTable Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CsvFormatException($"{path}: file not found");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses CSV text from a reader.</summary>
    /// <exception cref="CsvFormatException">The text is empty or malformed.</exception>
    public static CsvTable Parse(TextReader reader, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var headerLine = reader.ReadLine();
        var lineNumber = 1;
        while (headerLine is not null && headerLine.Trim().Length == 0)
        {
            headerLine = reader.ReadLine();
            lineNumber++;
        }

        if (headerLine is null)
        {
            throw new CsvFormatException($"{source}: empty file, expected a header row");
        }

        var header = SplitLine(headerLine, source, lineNumber);
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = header[i].Trim();
            if (header[i].Length == 0)
            {
                throw new CsvFormatException($"{source}: line {lineNumber}: column {i + 1} of the header has no name");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!seen.Add(name))
            {
                throw new CsvFormatException($"{source}: line {lineNumber}: column '{name}' appears twice in the header");
            }
        }

        var rows = new List<string[]>();
        var lines = new List<int>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0 || (line.Trim().Length == 0))
            {
                continue;
            }

            var fields = SplitLine(line, source, lineNumber);
            if (fields.Length != header.Length)
            {
                throw new CsvFormatException($"{source}: line {lineNumber}: expected {header.Length} fields, found {fields.Length}");
            }

            rows.Add(fields);
            lines.Add(lineNumber);
        }

        return new CsvTable(source, header, rows, lines);
    }

    /// <summary>Index of a column by name.</summary>
    /// <exception cref="CsvFormatException">No such column.</exception>
    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new CsvFormatException($"{Source}: no column '{name}' (columns: {string.Join(", ", Header)})");
    }

    /// <summary>The file line a data row came from (1-based), for messages.</summary>
    public int LineOf(int row) => _lines[row];

    /// <summary>Parses every value of a numeric column; <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> are accepted.</summary>
    /// <exception cref="CsvFormatException">The column is missing or a value does not parse.</exception>
    public double[] NumericColumn(string name)
    {
        var index = ColumnIndex(name);
        var values = new double[Rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = ParseNumber(Rows[r][index], name, r);
        }

        return values;
    }

    /// <summary>Parses one field as a number, with a message naming the place when it does not parse.</summary>
    /// <exception cref="CsvFormatException">The value is not a number.</exception>
    public double ParseNumber(string field, string column, int row)
    {
        if (TryParseNumber(field, out var value))
        {
            return value;
        }

        throw new CsvFormatException($"{Source}: line {LineOf(row)}: column '{column}': '{field}' is not a number");
    }

    /// <summary>Parses a number in invariant culture; accepts <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> (and <c>inf</c>, <c>-inf</c>).</summary>
    public static bool TryParseNumber(string field, out double value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var s = field.AsSpan().Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("+infinity", StringComparison.OrdinalIgnoreCase)
            || s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("+inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (s.Equals("-infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("-inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }

        value = 0;
        return false;
    }

    private static string[] SplitLine(string line, string source, int lineNumber)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new CsvFormatException($"{source}: line {lineNumber}: unterminated quoted field");
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
