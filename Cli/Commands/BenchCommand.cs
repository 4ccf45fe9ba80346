using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamML.Cli.Bench;

namespace StreamML.Cli.Commands;

/// <summary><c>streamml bench</c>: the bare loop against the platform end to end, on the same events, in one run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "Events in the measured stream.", DefaultValueFactory = _ => 1_000_000 };
        var entities = new Option<int>("--entities") { Description = "Distinct entities (100000: sparse; 1000: hot).", DefaultValueFactory = _ => 100_000 };
        var partitions = new Option<int>("--partitions") { Description = "Source partitions.", DefaultValueFactory = _ => 8 };
        var trees = new Option<int>("--trees") { Description = "Trees of the FastTree model.", DefaultValueFactory = _ => 100 };
        var redis = new Option<string?>("--redis") { Description = "A redis-server (host:port): also run the platform over Redis Streams and report it against the in-memory path." };
        var retrain = new Option<bool>("--retrain") { Description = "Also run the platform on the same events while retraining runs the whole time, and report it against the plain pass." };
        var trainingWindow = new Option<int?>("--training-window") { Description = "Examples each retraining run reads (default: the platform's Model.TrainingWindow)." };
        var trainingNice = new Option<int?>("--training-nice") { Description = "How much lower than scoring the training thread runs, 0 to 19 (default: the platform's Model.TrainingNice)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("bench", "Measure the platform against a bare loop running the same feature code and model.") { events, entities, partitions, trees, redis, retrain, trainingWindow, trainingNice, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BenchOptions
            {
                Events = parse.GetValue(events),
                Entities = parse.GetValue(entities),
                Partitions = parse.GetValue(partitions),
                Trees = parse.GetValue(trees),
                Redis = parse.GetValue(redis),
                Retrain = parse.GetValue(retrain),
                TrainingWindow = parse.GetValue(trainingWindow),
                TrainingNice = parse.GetValue(trainingNice),
            };
            if (options.Events is < 1_000 or > 1_000_000_000)
            {
                throw new CliException("--events must be between 1000 and 1000000000");
            }

            if (options.Entities is < 1 or > 10_000_000)
            {
                throw new CliException("--entities must be between 1 and 10000000");
            }

            if (options.Partitions is < 1 or > 1_024)
            {
                throw new CliException("--partitions must be between 1 and 1024");
            }

            if (options.Trees is < 1 or > 10_000)
            {
                throw new CliException("--trees must be between 1 and 10000");
            }

            if (options.TrainingWindow is < 20 or > 10_000_000)
            {
                throw new CliException("--training-window must be between 20 and 10000000");
            }

            if (options.TrainingNice is < 0 or > 19)
            {
                throw new CliException("--training-nice must be between 0 and 19");
            }

            if ((options.TrainingWindow is not null || options.TrainingNice is not null) && !options.Retrain)
            {
                throw new CliException("--training-window and --training-nice need --retrain");
            }

            var asJson = parse.GetValue(json);
            var error = parse.InvocationConfiguration.Error;
            var result = await BenchRunner.RunAsync(options, message => error.WriteLine("bench: " + message), cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (asJson)
            {
                output.WriteLine(JsonSerializer.Serialize(result));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Events:N0} events, {result.Entities:N0} entities, {result.Cores} cores, {result.Model}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare loop  {result.BareEventsPerSecond,12:N0} events/s  {result.BareBytesPerEntity,8:N0} bytes/entity"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"platform   {result.PlatformEventsPerSecond,12:N0} events/s  {result.BytesPerEntity,8:N0} bytes/entity  p50 {result.P50Milliseconds:0.###} ms  p99 {result.P99Milliseconds:0.###} ms"));
                if (result.RedisEventsPerSecond is { } redisRate)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"redis      {redisRate,12:N0} events/s  ({result.RedisRatio:0.00} of the in-memory path)"));
                }
                if (result.PlatformRetrainingEventsPerSecond is { } retrainingRate)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retraining {retrainingRate,12:N0} events/s  p50 {result.RetrainingP50Milliseconds:0.###} ms  p99 {result.RetrainingP99Milliseconds:0.###} ms  ({result.RetrainsCompleted} fits completed, {result.RetrainsFailed} failed)"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"platform   {result.PlatformRerunEventsPerSecond,12:N0} events/s  (again after it, warm: retraining runs at {result.RetrainingRatio:0.00} of this)"));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio      {result.Ratio:0.###}"));
            }

            return 0;
        });
        return command;
    }
}
