using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamML.Core.Data;
using StreamML.Core.Drift.Statistics;

namespace StreamML.Cli.Commands;

/// <summary>
/// <c>streamml stats</c>: data-drift statistics of one numeric column between a reference and a current CSV file, with
/// Evidently's semantics and default thresholds (KS p ≤ 0.05, PSI ≥ 0.1, Jensen–Shannon ≥ 0.1, normed Wasserstein ≥ 0.1).
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var reference = new Option<string>("--reference") { Description = "CSV file with the reference window.", Required = true };
        var current = new Option<string>("--current") { Description = "CSV file with the current window.", Required = true };
        var column = new Option<string>("--column") { Description = "Name of the numeric column to compare.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("stats", "Data-drift statistics (KS, PSI, Jensen–Shannon, Wasserstein) of one column between two CSV files.")
        {
            reference, current, column, json,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(column)!;
            var referenceValues = Load(parse.GetValue(reference)!, name);
            var currentValues = Load(parse.GetValue(current)!, name);
            NumericDriftReport report;
            try
            {
                report = NumericDriftReport.Compute(referenceValues.Values, currentValues.Values);
            }
            catch (ArgumentException)
            {
                var empty = referenceValues.FiniteCount == 0 ? referenceValues : currentValues;
                throw new CliException($"{empty.Path}: column '{name}' has no finite value");
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(ToJson(report));
            }
            else
            {
                WriteText(output, report);
            }

            return 0;
        });
        return command;
    }

    internal static string ToJson(NumericDriftReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("n_reference", report.ReferenceCount);
            writer.WriteNumber("n_current", report.CurrentCount);
            writer.WriteStartObject("ks");
            writer.WriteNumber("statistic", report.Ks.Statistic);
            writer.WriteNumber("pvalue", report.Ks.PValue);
            writer.WriteBoolean("drift", report.Ks.Drift);
            writer.WriteEndObject();
            writer.WriteStartObject("psi");
            writer.WriteNumber("value", report.Psi.Value);
            writer.WriteBoolean("drift", report.Psi.Drift);
            writer.WriteEndObject();
            writer.WriteStartObject("jensenshannon");
            writer.WriteNumber("value", report.JensenShannon.Value);
            writer.WriteBoolean("drift", report.JensenShannon.Drift);
            writer.WriteEndObject();
            writer.WriteStartObject("wasserstein");
            writer.WriteNumber("distance", report.Wasserstein.Distance);
            writer.WriteNumber("normed", report.Wasserstein.Normed);
            writer.WriteBoolean("drift", report.Wasserstein.Drift);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteText(TextWriter output, NumericDriftReport report)
    {
        static string Mark(bool drift) => drift ? "DRIFT" : "ok";
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"values: reference {report.ReferenceCount}, current {report.CurrentCount} (finite)"));
        output.WriteLine(string.Create(c, $"ks:            statistic {report.Ks.Statistic:G6}, p-value {report.Ks.PValue:G6}  {Mark(report.Ks.Drift)} (p <= {DriftThresholds.KolmogorovSmirnov})"));
        output.WriteLine(string.Create(c, $"psi:           {report.Psi.Value:G6}  {Mark(report.Psi.Drift)} (>= {DriftThresholds.PopulationStabilityIndex})"));
        output.WriteLine(string.Create(c, $"jensenshannon: {report.JensenShannon.Value:G6}  {Mark(report.JensenShannon.Drift)} (>= {DriftThresholds.JensenShannon})"));
        output.WriteLine(string.Create(c, $"wasserstein:   {report.Wasserstein.Distance:G6}, normed {report.Wasserstein.Normed:G6}  {Mark(report.Wasserstein.Drift)} (normed >= {DriftThresholds.WassersteinNormed})"));
    }

    private static ColumnValues Load(string path, string column)
    {
        try
        {
            var values = CsvTable.Load(path).NumericColumn(column);
            return new ColumnValues(path, values, values.Count(double.IsFinite));
        }
        catch (CsvFormatException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private sealed record ColumnValues(string Path, double[] Values, int FiniteCount);
}
