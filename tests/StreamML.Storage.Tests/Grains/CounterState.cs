namespace StreamML.Storage.Tests.Grains;

[GenerateSerializer]
[Alias("streamml.tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public string Note { get; set; } = string.Empty;
}
