using StreamML.Core.Entities;
using StreamML.Core.Generator;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Tests.Services;

/// <summary>The training pool's thread: dedicated, one fit at a time, and at the configured lower priority.</summary>
[Trait("Category", "BVT")]
public sealed class TrainingPoolTests
{
    private static TrainingPool Pool(int nice) => new(new PlatformContext(
        Microsoft.Extensions.Options.Options.Create(GeneratorSchema.Create("pool")),
        Microsoft.Extensions.Options.Options.Create(new EntityOptions()),
        Microsoft.Extensions.Options.Options.Create(new ModelOptions { TrainingNice = nice }),
        TimeProvider.System));

    /// <summary>The calling thread's nice value, field 19 of /proc/thread-self/stat (proc(5)).</summary>
    private static int OwnNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(19)]
    public async Task RunAsync_OnLinux_WorkRunsAtTheConfiguredNiceOnItsOwnThread(int nice)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "nice values are read from /proc");
        using var pool = Pool(nice);
        var callerNice = OwnNice();

        var (workNice, threadName) = await pool.RunAsync(_ => (OwnNice(), Thread.CurrentThread.Name), TestContext.Current.CancellationToken);

        // Relative to the priority the thread inherited, capped at the lowest (19).
        Assert.Equal(Math.Min(19, callerNice + nice), workNice);
        Assert.Equal("streamml-training", threadName);
        Assert.Equal(0, pool.PriorityFailures);
        Assert.Equal(callerNice, OwnNice());
    }

    [Fact]
    public async Task RunAsync_NiceZero_WorkKeepsTheCallersPriority()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "nice values are read from /proc");
        using var pool = Pool(0);

        var workNice = await pool.RunAsync(_ => OwnNice(), TestContext.Current.CancellationToken);

        Assert.Equal(OwnNice(), workNice);
    }
}
