using System.CommandLine;
using System.Text;
using System.Text.Json;
using StreamML.Core.Data;
using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;

namespace StreamML.Cli.Commands;

/// <summary>
/// <c>streamml drift</c>: runs a concept-drift detector (River semantics and parameter names) over one numeric column
/// of a CSV file and reports the 0-based indices of the updates after which a drift or a warning was flagged.
/// </summary>
internal static class DriftCommand
{
    public static Command Create()
    {
        var detector = new Option<string>("--detector")
        {
            Description = "Detector, by River name: ADWIN, PageHinkley, DDM, EDDM, HDDM_A, KSWIN, or any other registered one.",
            Required = true,
        };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A detector parameter as name=value, with River's parameter names; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var input = new Option<string>("--input") { Description = "CSV file with a header row.", Required = true };
        var column = new Option<string>("--column") { Description = "Numeric column to feed to the detector.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };

        var command = new Command("drift", "Run a concept-drift detector over a CSV column and list where it fired.")
        {
            detector, parameters, input, column, json,
        };

        command.SetAction(parse =>
        {
            var name = parse.GetValue(detector)!;
            var given = ParseParameters(parse.GetValue(parameters) ?? []);
            IDriftDetector instance;
            try
            {
                instance = DriftDetectorFactory.Create(name, given);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }

            double[] values;
            try
            {
                values = CsvTable.Load(parse.GetValue(input)!).NumericColumn(parse.GetValue(column)!);
            }
            catch (CsvFormatException ex)
            {
                throw new CliException(ex.Message);
            }

            var result = Run(instance, values);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(parse.GetValue(json) ? ToJson(result) : ToText(result));
            return 0;
        });
        return command;
    }

    internal static DriftResult Run(IDriftDetector detector, double[] values)
    {
        var drift = new List<int>();
        var warning = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            detector.Update(values[i]);
            if (detector.DriftDetected)
            {
                drift.Add(i);
            }

            if (detector.WarningDetected)
            {
                warning.Add(i);
            }
        }

        return new DriftResult(detector.Name, values.Length, drift, warning);
    }

    private static Dictionary<string, string> ParseParameters(string[] items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw new CliException($"--param expects name=value, got '{item}'");
            }

            var key = item[..eq].Trim();
            if (key.Length == 0)
            {
                throw new CliException($"--param expects name=value, got '{item}'");
            }

            if (!result.TryAdd(key, item[(eq + 1)..]))
            {
                throw new CliException($"--param {key} is given twice");
            }
        }

        return result;
    }

    internal static string ToJson(DriftResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("detector", result.Detector);
            writer.WriteNumber("n", result.N);
            writer.WriteStartArray("drift");
            foreach (var i in result.Drift)
            {
                writer.WriteNumberValue(i);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("warning");
            foreach (var i in result.Warning)
            {
                writer.WriteNumberValue(i);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToText(DriftResult result)
    {
        var text = new StringBuilder();
        text.Append($"{result.Detector} over {result.N} values: ");
        text.Append(Describe(result.Drift, "drift", "drifts"));
        text.Append("; ");
        text.Append(Describe(result.Warning, "warning", "warnings"));
        return text.ToString();
    }

    private static string Describe(List<int> indices, string one, string many)
    {
        const int Shown = 20;
        if (indices.Count == 0)
        {
            return $"no {many}";
        }

        var head = string.Join(", ", indices.Take(Shown));
        var more = indices.Count > Shown ? $" and {indices.Count - Shown} more" : "";
        return $"{indices.Count} {(indices.Count == 1 ? one : many)} at {head}{more}";
    }

    internal sealed record DriftResult(string Detector, int N, List<int> Drift, List<int> Warning);
}
