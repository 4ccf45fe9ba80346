using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StreamML.Client;
using StreamML.Contracts;

namespace StreamML.Cli.Commands;

/// <summary><c>streamml models list|promote|rollback|rollout</c>: a running platform's models, their live figures and rollouts.</summary>
internal static class ModelsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static Command Create()
    {
        var command = new Command("models", "Show a running platform's models and steer their rollouts.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Promote());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(Rollout());
        return command;
    }

    private static Command List()
    {
        var (url, json, apiKey) = Common();
        var command = new Command("list", "Every model with its versions, live figures, routing and rollout.") { url, apiKey, json };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(url)!, parse.GetValue(apiKey), async client =>
        {
            var models = await client.ListModelsAsync(ct).ConfigureAwait(false);
            return parse.GetValue(json) ? JsonSerializer.Serialize(models, Json) : string.Join(Environment.NewLine, models.Select(Describe));
        }, parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command Promote()
    {
        var (url, json, apiKey) = Common();
        var model = ModelOption();
        var version = new Option<int?>("--version") { Description = "The version to make champion (default: the challenger of the rollout under way)." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit trail." };
        var command = new Command("promote", "Make the challenger (or a given version) champion now.") { model, version, reason, url, apiKey, json };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(url)!, parse.GetValue(apiKey), async client =>
        {
            var name = await ModelNameAsync(client, parse.GetValue(model), ct).ConfigureAwait(false);
            var rollout = await client.PromoteAsync(name, parse.GetValue(version), parse.GetValue(reason), ct).ConfigureAwait(false);
            return parse.GetValue(json) ? JsonSerializer.Serialize(rollout, Json) : LastDecision(name, rollout);
        }, parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command Rollback()
    {
        var (url, json, apiKey) = Common();
        var model = ModelOption();
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit trail." };
        var command = new Command("rollback", "Drop the challenger of the rollout under way, or restore the previous champion.") { model, reason, url, apiKey, json };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(url)!, parse.GetValue(apiKey), async client =>
        {
            var name = await ModelNameAsync(client, parse.GetValue(model), ct).ConfigureAwait(false);
            var rollout = await client.RollbackAsync(name, parse.GetValue(reason), ct).ConfigureAwait(false);
            return parse.GetValue(json) ? JsonSerializer.Serialize(rollout, Json) : LastDecision(name, rollout);
        }, parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command Rollout()
    {
        var (url, json, apiKey) = Common();
        var model = ModelOption();
        var version = new Option<int?>("--version") { Description = "Start rolling this version out; without it, show the rollout." };
        var mode = new Option<string?>("--mode") { Description = "canary or shadow (default: the platform's)." };
        var steps = new Option<string?>("--steps") { Description = "Canary shares in percent, e.g. 5,25,50,100." };
        var minLabelled = new Option<long?>("--min-labelled") { Description = "Labelled predictions each side needs per step." };
        var margin = new Option<double?>("--margin") { Description = "How much worse than the champion the challenger may be, relative (0.02 = 2%)." };
        var metric = new Option<string?>("--metric") { Description = "accuracy, log_loss, auc, mae or rmse." };
        var maxLatencyRatio = new Option<double?>("--max-latency-ratio") { Description = "Latency guard: the challenger's scoring p99 over the champion's, at most (0: off)." };
        var maxP99 = new Option<double?>("--max-p99-ms") { Description = "Latency guard: the challenger's highest scoring p99 in milliseconds (0: off)." };
        var command = new Command("rollout", "Show a model's rollout, or start one with --version.") { model, version, mode, steps, minLabelled, margin, metric, maxLatencyRatio, maxP99, url, apiKey, json };
        command.SetAction((parse, ct) =>
        {
            var stepText = parse.GetValue(steps);
            var parsedSteps = stepText is null ? null : ParseSteps(stepText);
            var modeText = parse.GetValue(mode);
            if (modeText is not null && !modeText.Equals("canary", StringComparison.OrdinalIgnoreCase) && !modeText.Equals("shadow", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"--mode must be canary or shadow, got '{modeText}'");
            }

            var start = parse.GetValue(version);
            if (start is null && (parsedSteps is not null || modeText is not null || parse.GetValue(minLabelled) is not null || parse.GetValue(margin) is not null || parse.GetValue(metric) is not null
                || parse.GetValue(maxLatencyRatio) is not null || parse.GetValue(maxP99) is not null))
            {
                throw new CliException("--mode, --steps, --min-labelled, --margin, --metric, --max-latency-ratio and --max-p99-ms need --version (the version to roll out)");
            }

            return RunAsync(parse.GetValue(url)!, parse.GetValue(apiKey), async client =>
            {
                var name = await ModelNameAsync(client, parse.GetValue(model), ct).ConfigureAwait(false);
                var rollout = start is { } v
                    ? await client.StartRolloutAsync(name, new RolloutRequestDto
                    {
                        Version = v,
                        Mode = modeText?.ToLowerInvariant(),
                        Steps = parsedSteps,
                        MinLabelled = parse.GetValue(minLabelled),
                        Margin = parse.GetValue(margin),
                        Metric = parse.GetValue(metric),
                        MaxLatencyRatio = parse.GetValue(maxLatencyRatio),
                        MaxP99Ms = parse.GetValue(maxP99),
                    }, ct).ConfigureAwait(false)
                    : await client.GetRolloutAsync(name, ct).ConfigureAwait(false);
                return parse.GetValue(json) ? JsonSerializer.Serialize(rollout, Json) : Describe(name, rollout);
            }, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    private static (Option<string> Url, Option<bool> Json, Option<string?> ApiKey) Common() =>
        (new Option<string>("--url") { Description = "The silo's HTTP address.", DefaultValueFactory = _ => "http://localhost:8080" },
         new Option<bool>("--json") { Description = "Print JSON instead of text." },
         ApiKeyOption.Create());

    private static Option<string?> ModelOption() => new("--model") { Description = "The model name (default: the platform's only model)." };

    private static async Task<int> RunAsync(string urlText, string? apiKey, Func<StreamMLClient, Task<string>> action, TextWriter output)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--url must be an absolute http or https address, got '{urlText}'");
        }

        // No retries: an operator's command should fail at once with the reason, not wait out a backoff.
        using var client = StreamMLClient.Create(new StreamMLClientOptions { BaseAddress = url, ApiKey = apiKey, MaxRetries = 0 });
        try
        {
            output.WriteLine(await action(client).ConfigureAwait(false));
            return 0;
        }
        catch (StreamMLClientException ex)
        {
            throw new CliException(OneLine(ex.Message), StreamMLCommand.RuntimeError);
        }
    }

    private static async Task<string> ModelNameAsync(StreamMLClient client, string? model, CancellationToken cancellationToken)
    {
        if (model is not null)
        {
            return model;
        }

        var models = await client.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        return models.Count == 1 ? models[0].Name : throw new CliException($"the platform serves {models.Count} models; name one with --model");
    }

    private static double[] ParseSteps(string text)
    {
        try
        {
            return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))];
        }
        catch (FormatException)
        {
            throw new CliException($"--steps must be percentages separated by commas, got '{text}'");
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Describe(ModelDto m)
    {
        var text = new StringBuilder();
        var r = m.Routing;
        text.Append(CultureInfo.InvariantCulture, $"{m.Name}: champion v{r.Champion}");
        if (r.Challenger > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", challenger v{r.Challenger} ({(r.Shadow ? "shadow" : $"canary {r.CanaryPercent:0.##}%")})");
        }

        text.AppendLine();
        foreach (var v in m.Versions)
        {
            text.Append(CultureInfo.InvariantCulture, $"  v{v.Version,-4} {v.Status,-9} {v.Reason,-12} live: {Figures(v.Live)}");
            if (v.LiveShadow.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  shadow: {Figures(v.LiveShadow)}");
            }

            text.AppendLine();
        }

        text.Append(CultureInfo.InvariantCulture, $"  labels: {string.Join(", ", m.Labels.Select(kv => $"{kv.Key} {kv.Value}"))}");
        text.AppendLine();
        text.Append("  " + Describe(m.Name, m.Rollout).ReplaceLineEndings(Environment.NewLine + "  "));
        return text.ToString().TrimEnd();
    }

    private static string Describe(string model, RolloutDto r)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"rollout of {model}: {r.State}");
        if (r.Version is { } version)
        {
            text.Append(CultureInfo.InvariantCulture, $", v{version} over v{r.Champion} ({r.Mode}");
            if (r.Mode == "canary")
            {
                text.Append(CultureInfo.InvariantCulture, $" {r.Percent:0.##}% of {string.Join("/", r.Steps ?? [])}");
            }

            text.Append(CultureInfo.InvariantCulture, $"), gate {r.Metric} margin {r.Margin:0.###} on {r.MinLabelled} labels");
            if (r.MaxLatencyRatio is { } ratio)
            {
                text.Append(CultureInfo.InvariantCulture, $", scoring p99 at most {ratio:0.##}x the champion's");
            }

            if (r.MaxP99Ms is { } ceiling)
            {
                text.Append(CultureInfo.InvariantCulture, $", scoring p99 at most {ceiling:0.###} ms");
            }
        }

        if (r.LastVerdict is not null)
        {
            text.AppendLine().Append("gate: " + r.LastVerdict);
        }

        foreach (var a in r.Audit.TakeLast(10))
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"{a.Time:u} {a.Action,-10} v{a.FromVersion} → v{a.ToVersion} ({a.Actor}): {a.Reason}");
        }

        return text.ToString();
    }

    private static string LastDecision(string model, RolloutDto r) =>
        r.Audit.Count == 0 ? Describe(model, r) : string.Create(CultureInfo.InvariantCulture, $"{model}: {r.Audit[^1].Action} v{r.Audit[^1].FromVersion} → v{r.Audit[^1].ToVersion}: {r.Audit[^1].Reason}");

    private static string Figures(IReadOnlyDictionary<string, double> figures) =>
        figures.Count == 0 ? "-" : string.Join(" ", figures.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:0.####}")));
}
