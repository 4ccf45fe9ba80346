using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamML.Core.Drift.Monitoring;
using StreamML.Core.Generator;
using StreamML.Core.Sources;

namespace StreamML.Cli.Commands;

/// <summary>
/// <c>streamml drift-bench</c>: how fast the platform's default drift monitor notices the generator's injected data
/// drift (events after the change) and how often it raises a false alarm on stationary streams. The monitor is fed
/// exactly as the silos feed it: one sample per <c>--report</c> events, evaluated after each.
/// </summary>
internal static class DriftBenchCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Streams per case (different seeds).", DefaultValueFactory = _ => 5 };
        var events = new Option<int>("--events") { Description = "Events per stream.", DefaultValueFactory = _ => 400_000 };
        var report = new Option<int>("--report") { Description = "Events per report to the monitor.", DefaultValueFactory = _ => 1_000 };
        var magnitude = new Option<double>("--magnitude") { Description = "Size of the injected data drift, in units of the features' spread.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("drift-bench", "Detection delay and false alarms of the default drift monitor on generated streams.")
        {
            runs, events, report, magnitude, json,
        };
        command.SetAction(parse =>
        {
            var r = parse.GetValue(runs);
            var n = parse.GetValue(events);
            var every = parse.GetValue(report);
            var size = parse.GetValue(magnitude);
            if (r is < 1 or > 100 || n is < 10_000 or > 100_000_000 || every is < 100 or > 1_000_000 || !(size > 0))
            {
                throw new CliException("--runs must be 1..100, --events 10000..100000000, --report 100..1000000 and --magnitude positive");
            }

            var result = Run(r, n, every, size);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(result));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"data drift of {size} spread after {result["change_at_event"]:N0} events: detected in {result["detected"]} of {r} streams, delay mean {result["mean_delay_events"]:N0} / max {result["max_delay_events"]:N0} events"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"stationary: {result["false_alarms"]} false alarms over {result["stationary_events"]:N0} events"));
            }

            return 0;
        });
        return command;
    }

    private static Dictionary<string, object> Run(int runs, int events, int every, double magnitude)
    {
        const double rate = 10_000;
        var changeAt = events / 2;
        var delays = new List<long>();
        long falseAlarms = 0, stationaryEvents = 0, earlyAlarms = 0;
        for (var run = 0; run < runs; run++)
        {
            var drifting = Stream(run, events, rate, new DriftInjection { Kind = DriftInjectionKind.Data, At = TimeSpan.FromSeconds(changeAt / rate), Magnitude = magnitude });
            var first = Detect(drifting, every, out var before);
            earlyAlarms += before(changeAt);
            if (first is { } index && index >= changeAt)
            {
                delays.Add(index - changeAt);
            }

            var stationary = Stream(run + 1_000, events, rate, null);
            Detect(stationary, every, out var all);
            falseAlarms += all(long.MaxValue);
            stationaryEvents += events;
        }

        var monitor = new DriftMonitorOptions();
        return new Dictionary<string, object>
        {
            ["monitor"] = $"PSI >= {monitor.PsiThreshold} on {monitor.Consecutive} evaluations in a row, reference {monitor.ReferenceSize}, window {monitor.WindowSize}",
            ["runs"] = runs,
            ["change_at_event"] = (long)changeAt,
            ["magnitude"] = magnitude,
            ["detected"] = delays.Count,
            ["mean_delay_events"] = delays.Count == 0 ? -1 : Math.Round(delays.Average(), 0),
            ["max_delay_events"] = delays.Count == 0 ? -1 : delays.Max(),
            ["alarms_before_change"] = earlyAlarms,
            ["false_alarms"] = falseAlarms,
            ["stationary_events"] = stationaryEvents,
        };
    }

    /// <summary>Feeds the stream's features to a default monitor; returns the event index of the first detection.</summary>
    private static long? Detect(IEnumerable<float[]> stream, int every, out Func<long, long> detectionsBefore)
    {
        var monitor = new DriftMonitor(new DriftMonitorOptions());
        var names = GeneratorSchema.Features;
        var batch = names.Select(_ => new List<float>(every)).ToArray();
        var at = new List<long>();
        long index = 0;
        foreach (var values in stream)
        {
            for (var f = 0; f < names.Count; f++)
            {
                batch[f].Add(values[f]);
            }

            if (++index % every == 0)
            {
                for (var f = 0; f < names.Count; f++)
                {
                    monitor.Add(1, names[f], DriftKind.Data, batch[f].ToArray());
                    batch[f].Clear();
                }

                at.AddRange(monitor.Evaluate(index * TimeSpan.TicksPerMillisecond).Select(_ => index));
            }
        }

        detectionsBefore = limit => at.LongCount(i => i < limit);
        return at.Count == 0 ? null : at.Min();
    }

    private static IEnumerable<float[]> Stream(int seed, int events, double rate, DriftInjection? drift)
    {
        var options = new GeneratorOptions
        {
            Entities = 1_000,
            Partitions = 1,
            Seed = seed,
            EventsPerSecond = 0,
            NominalEventsPerSecond = rate,
            MaxEvents = events,
            LabelFraction = 0,
            StartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Drifts = drift is null ? [] : [drift],
        };
        var source = new GeneratorSource(options, TimeProvider.System);
        var reader = source.OpenAsync(0, null).AsTask().GetAwaiter().GetResult();
        var buffer = new SourceRecord[4_096];
        int n;
        while ((n = reader.ReadAsync(buffer).AsTask().GetAwaiter().GetResult()) >= 0)
        {
            for (var i = 0; i < n; i++)
            {
                if (buffer[i].Event is { } e)
                {
                    yield return e.Values;
                }
            }
        }
    }
}
