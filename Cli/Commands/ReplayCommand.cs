using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using StreamML.Client;
using StreamML.Core.Data;

namespace StreamML.Cli.Commands;

/// <summary><c>streamml replay</c>: streams a CSV file into a running silo over the HTTP API, with a progress bar.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "CSV file with a header row.", Required = true };
        var entity = new Option<string?>("--entity") { Description = "Column holding the entity id (default: every row belongs to one entity named after the file)." };
        var id = new Option<string?>("--id") { Description = "Column holding the event id (default: <file>-<row>)." };
        var time = new Option<string?>("--time") { Description = "Column holding the event time, ISO-8601 or epoch milliseconds (default: the silo's receiving time)." };
        var label = new Option<string?>("--label") { Description = "Column holding a label, sent as a label after its event instead of as a feature." };
        var url = new Option<string>("--url") { Description = "The silo's HTTP address.", DefaultValueFactory = _ => "http://localhost:8080" };
        var batch = new Option<int>("--batch") { Description = "Events per request.", DefaultValueFactory = _ => 500 };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary instead of a progress bar." };
        var apiKey = ApiKeyOption.Create();
        var command = new Command("replay", "Stream a CSV file into a running silo: every numeric column becomes a feature.")
        {
            input, entity, id, time, label, url, apiKey, batch, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(input)!, parse.GetValue(entity), parse.GetValue(id), parse.GetValue(time), parse.GetValue(label),
            parse.GetValue(url)!, parse.GetValue(apiKey), parse.GetValue(batch), parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo input, string? entityColumn, string? idColumn, string? timeColumn, string? labelColumn, string urlText, string? apiKey, int batchSize, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--url must be an absolute http or https address, got '{urlText}'");
        }

        if (batchSize is < 1 or > 100_000)
        {
            throw new CliException("--batch must be between 1 and 100000");
        }

        CsvTable table;
        try
        {
            table = CsvTable.Load(input.FullName);
        }
        catch (CsvFormatException ex)
        {
            throw new CliException(ex.Message);
        }

        List<ReplayRows> rows;
        try
        {
            rows = ReplayRows.From(table, Path.GetFileNameWithoutExtension(input.Name), entityColumn, idColumn, timeColumn, labelColumn);
        }
        catch (CsvFormatException ex)
        {
            throw new CliException(ex.Message);
        }

        using var client = StreamMLClient.Create(new StreamMLClientOptions { BaseAddress = url, ApiKey = apiKey });
        var totals = new ReplayTotals();
        var watch = Stopwatch.StartNew();
        async Task SendAllAsync(Action<int>? progress)
        {
            for (var start = 0; start < rows.Count; start += batchSize)
            {
                var slice = rows.Skip(start).Take(batchSize).ToList();
                try
                {
                    var result = await client.SendEventsAsync(slice.Select(r => r.Event), cancellationToken).ConfigureAwait(false);
                    totals.Accepted += result.Accepted;
                    totals.Rejected += result.Rejected;
                    if (totals.FirstError is null && result.Errors.Count > 0)
                    {
                        var e = result.Errors[0];
                        totals.FirstError = $"row {start + e.Index + 1}: {e.Reason}: {e.Message}";
                    }

                    var labels = slice.Where(r => r.Label is not null).Select(r => r.Label!).ToList();
                    if (labels.Count > 0)
                    {
                        var labelled = await client.SendLabelsAsync(labels, cancellationToken).ConfigureAwait(false);
                        totals.Labels += labelled.Matched + labelled.Unmatched + labelled.Duplicates + labelled.Expired;
                    }
                }
                catch (StreamMLClientException ex)
                {
                    throw new CliException(ex.Message, StreamMLCommand.RuntimeError);
                }

                progress?.Invoke(slice.Count);
            }
        }

        if (json || Console.IsOutputRedirected)
        {
            await SendAllAsync(null).ConfigureAwait(false);
        }
        else
        {
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"replaying {input.Name}", maxValue: rows.Count);
                await SendAllAsync(n => task.Increment(n)).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                rows = rows.Count,
                accepted = totals.Accepted,
                rejected = totals.Rejected,
                labels = totals.Labels,
                seconds = Math.Round(seconds, 3),
                events_per_s = Math.Round(rows.Count / Math.Max(seconds, 1e-9), 1),
                first_error = totals.FirstError,
            }));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed {rows.Count:N0} rows in {seconds:0.0}s: {totals.Accepted:N0} accepted, {totals.Rejected:N0} rejected, {totals.Labels:N0} labels"));
            if (totals.FirstError is not null)
            {
                output.WriteLine("first rejection: " + totals.FirstError);
            }
        }

        return 0;
    }

    private sealed class ReplayTotals
    {
        public long Accepted { get; set; }

        public long Rejected { get; set; }

        public long Labels { get; set; }

        public string? FirstError { get; set; }
    }
}
