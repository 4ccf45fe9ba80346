using StreamML.Client;

namespace StreamML.Silo.Tests.Samples;

/// <summary>
/// The SDK sample of the README. Everything between the markers is the README's csharp block, word for word
/// (ReadmeSampleTests checks it), so the sample users copy is one that compiles and runs.
/// </summary>
internal static class ReadmeSample
{
    public static async Task RunAsync(Uri platform, string? apiKey, CancellationToken cancellationToken)
    {
        // README sample begins
        using var client = StreamMLClient.Create(new StreamMLClientOptions { BaseAddress = platform, ApiKey = apiKey });

        var features = new Dictionary<string, double> { ["power"] = 1010, ["voltage"] = 229.5, ["temperature"] = 21, ["load"] = 0.5 };
        var scored = await client.ScoreAsync([new EventRequest("meter-42", features, Id: "e-1")], cancellationToken);
        var prediction = scored.Predictions[0];
        Console.WriteLine($"e-1 scored {prediction.Score} by model v{prediction.Version} ({prediction.Route})");

        var labels = await client.SendLabelsAsync([new LabelRequest("e-1", "meter-42", Label: 1)], cancellationToken);
        Console.WriteLine($"labels matched: {labels.Matched}");

        var entity = await client.GetEntityAsync("meter-42", cancellationToken);
        Console.WriteLine($"meter-42: {entity?.Events} events, {entity?.Labels} labels");
        // README sample ends
    }
}
