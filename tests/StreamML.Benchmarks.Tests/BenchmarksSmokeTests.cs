using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace StreamML.Benchmarks.Tests;

/// <summary>
/// Every benchmark class of StreamML.Benchmarks, found by reflection, runs once through BenchmarkDotNet itself (its
/// validators, setup, a single dry iteration of every case in this process), so a benchmark that no longer builds its
/// state, throws or breaks BenchmarkDotNet's rules fails here rather than on the day someone measures. No figure is
/// asserted: a dry run measures nothing worth comparing.
/// </summary>
public sealed class BenchmarksSmokeTests
{
    public static TheoryData<string> BenchmarkClasses() =>
    [
        .. typeof(EntityHashBenchmarks).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute))))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    [Trait("Category", "BVT")]
    public void BenchmarkClasses_FoundByReflection_IncludeEveryKnownOne()
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            typeof(DriftDetectorBenchmarks).FullName!,
            typeof(DriftStatisticsBenchmarks).FullName!,
            typeof(EntityHashBenchmarks).FullName!,
            typeof(EntityProcessorBenchmarks).FullName!,
        };

        Assert.Superset(known, new HashSet<string>(BenchmarkClasses().Select(row => row.Data), StringComparer.Ordinal));
    }

    [Theory]
    [Trait("Category", "Functional")]
    [MemberData(nameof(BenchmarkClasses))]
    public void Run_DryInProcess_EveryCaseSucceedsWithAMeasurement(string className)
    {
        var type = typeof(EntityHashBenchmarks).Assembly.GetType(className, throwOnError: true)!;
        var log = new AccumulationLogger();
        var artifacts = Directory.CreateTempSubdirectory("streamml-bench-smoke-").FullName;
        try
        {
            var config = ManualConfig.CreateEmpty()
                .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.DontLogOutput))
                .AddLogger(log)
                .WithArtifactsPath(artifacts)
                .WithOptions(ConfigOptions.DisableLogFile);

            var summary = BenchmarkRunner.Run(type, config);

            Assert.False(summary.HasCriticalValidationErrors, log.GetLog());
            Assert.NotEmpty(summary.BenchmarksCases);
            Assert.Equal(summary.BenchmarksCases.Length, summary.Reports.Length);
            Assert.All(summary.Reports, report =>
            {
                Assert.True(report.Success, $"{report.BenchmarkCase.DisplayInfo} failed:{Environment.NewLine}{log.GetLog()}");
                Assert.NotEmpty(report.AllMeasurements);
            });
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
