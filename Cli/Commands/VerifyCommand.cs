using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace StreamML.Cli.Commands;

/// <summary>
/// <c>streamml verify</c>: reads every entity of a reference written by <c>streamml produce</c> from a running silo
/// and reports how many events were lost and how many counted twice (by event count and by the sum of <c>x</c>).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "A silo's HTTP address.", DefaultValueFactory = _ => "http://localhost:8080" };
        var reference = new Option<FileInfo>("--reference") { Description = "The reference file of streamml produce.", Required = true };
        var column = new Option<string>("--sum-column") { Description = "The entity feature holding the all-time sum of x.", DefaultValueFactory = _ => "all.x.sum" };
        var apiKey = ApiKeyOption.Create();
        var command = new Command("verify", "Compare entity state in a running silo with a streamml produce reference; exit 1 on any difference.")
        {
            url, reference, column, apiKey,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(url)!, parse.GetValue(reference)!, parse.GetValue(column)!, parse.GetValue(apiKey), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string urlText, FileInfo referenceFile, string column, string? apiKey, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url))
        {
            throw new CliException($"--url must be an absolute http address, got '{urlText}'");
        }

        if (!referenceFile.Exists)
        {
            throw new CliException($"reference file {referenceFile.FullName} does not exist");
        }

        Dictionary<string, long[]> reference;
        try
        {
            reference = JsonSerializer.Deserialize<Dictionary<string, long[]>>(await File.ReadAllTextAsync(referenceFile.FullName, cancellationToken).ConfigureAwait(false))
                ?? throw new CliException("the reference file is empty");
        }
        catch (JsonException ex)
        {
            throw new CliException($"the reference file is not a streamml produce reference: {ex.Message}");
        }

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add(ApiKeyOption.Header, apiKey);
        }

        long expected = 0, lost = 0, duplicated = 0, sumMismatches = 0, missing = 0;
        string? firstMismatch = null;
        foreach (var (entity, want) in reference)
        {
            expected += want[0];
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(new Uri($"v1/entities/{Uri.EscapeDataString(entity)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new CliException($"could not reach {url}: {ex.Message}", StreamMLCommand.RuntimeError);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    missing++;
                    lost += want[0];
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new CliException($"{url} answered {(int)response.StatusCode} for entity {entity}", StreamMLCommand.RuntimeError);
                }

                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                var root = body.RootElement;
                var events = root.GetProperty("events").GetInt64();
                var sum = root.GetProperty("features").TryGetProperty(column, out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : double.NaN;
                lost += Math.Max(0, want[0] - events);
                duplicated += Math.Max(0, events - want[0]);
                if (sum != want[1])
                {
                    sumMismatches++;
                    firstMismatch ??= string.Create(CultureInfo.InvariantCulture, $"{entity}: {events} events (want {want[0]}), {column} {sum} (want {want[1]})");
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"entities\":{reference.Count},\"events\":{expected},\"lost\":{lost},\"duplicated\":{duplicated},\"sum_mismatches\":{sumMismatches},\"missing_entities\":{missing}}}"));
        if (firstMismatch is not null)
        {
            error.WriteLine("first mismatch: " + firstMismatch);
        }

        return lost == 0 && duplicated == 0 && sumMismatches == 0 ? 0 : StreamMLCommand.RuntimeError;
    }
}
