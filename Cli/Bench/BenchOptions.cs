namespace StreamML.Cli.Bench;

/// <summary>What <c>streamml bench</c> measures.</summary>
internal sealed record BenchOptions
{
    /// <summary>Events in the measured stream.</summary>
    public long Events { get; init; } = 1_000_000;

    /// <summary>Distinct entities: many sparse ones make nearly every event its own grain call; few hot ones amortise calls.</summary>
    public int Entities { get; init; } = 100_000;

    /// <summary>Source partitions.</summary>
    public int Partitions { get; init; } = 8;

    /// <summary>Trees of the FastTree model both paths score with.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Seed of the generator.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Also run a second platform pass on the same events while retraining runs the whole time.</summary>
    public bool Retrain { get; init; }

    /// <summary>Most examples each retraining run reads; null keeps the platform's default (<c>Model.TrainingWindow</c>).</summary>
    public int? TrainingWindow { get; init; }

    /// <summary>How much lower than scoring the training thread runs (<c>Model.TrainingNice</c>); null keeps the platform's default.</summary>
    public int? TrainingNice { get; init; }

    /// <summary>A redis-server to run the platform over Redis Streams too, e.g. 127.0.0.1:6379; null skips that path.</summary>
    public string? Redis { get; init; }
}
