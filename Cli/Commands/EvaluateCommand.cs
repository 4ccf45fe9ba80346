using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamML.Cli.Evaluate;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Cli.Commands;

/// <summary><c>streamml evaluate</c>: prequential evaluation of the whole platform on a CSV file (DESIGN.md §8).</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "The CSV file (a header row, numeric columns).", Required = true };
        var label = new Option<string>("--label") { Description = "The label column.", Required = true };
        var entity = new Option<string?>("--entity") { Description = "The entity column; without it the whole file is one entity." };
        var delay = new Option<int>("--label-delay") { Description = "Rows after which each label is fed back.", DefaultValueFactory = _ => 0 };
        var task = new Option<string?>("--task")
        {
            Description = "binary, multiclass or regression; by default the label's values decide (2 values: binary; up to 20 integers or any text: multiclass; other numbers: regression).",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("evaluate", "Run a CSV file through the platform in process, predicting each row before its label is known.")
        {
            input, label, entity, delay, task, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EvaluateOptions(parse.GetValue(input)!, parse.GetValue(label)!, parse.GetValue(entity), parse.GetValue(delay), ParseTask(parse.GetValue(task)));
            if (options.LabelDelay is < 0 or > 4_000)
            {
                throw new CliException("--label-delay must be between 0 and 4000 rows");
            }

            if (!File.Exists(options.Input))
            {
                throw new CliException($"--input: no such file '{options.Input}'");
            }

            var error = parse.InvocationConfiguration.Error;
            var result = await EvaluateRunner.RunAsync(options, message => error.WriteLine("evaluate: " + message), cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(result));
                return 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Rows:N0} rows ({result.Task}, {result.Features} features, label delay {result.LabelDelay}) in {result.Seconds:0.0} s, {result.EventsPerSecond:N0} rows/s"));
            if (result.Accuracy is { } accuracy)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"accuracy {accuracy:0.0000}  kappa-temporal {result.KappaTemporal:0.0000}  kappa {result.Kappa:0.0000}  (no-change {result.NoChangeAccuracy:0.0000})"));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mae {result.Mae:0.######}  rmse {result.Rmse:0.######}"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"versions {result.Versions} (champion v{result.Champion}), retrains {result.Retrains} ({string.Join(", ", result.RetrainTriggers.Select(kv => $"{kv.Key} {kv.Value}"))}; skipped {result.RetrainsSkipped}), drifts {result.Drifts}, promotions {result.Promotions}, rollbacks {result.Rollbacks}, held back {result.HeldBack}"));
            return 0;
        });
        return command;
    }

    private static ModelTask? ParseTask(string? text) =>
        text is null ? null
        : ModelTaskKind.TryParse(text, out var kind) ? kind.Task
        : throw new CliException($"--task must be binary, multiclass or regression, not '{text}'");
}
