using BenchmarkDotNet.Attributes;
using StreamML.Core.Hashing;

namespace StreamML.Benchmarks;

/// <summary>Cost of the stable hash used for partitioning and canary buckets, against the randomised string hash it replaces.</summary>
[MemoryDiagnoser]
public class EntityHashBenchmarks
{
    private string[] _keys = [];

    [GlobalSetup]
    public void Setup() => _keys = Enumerable.Range(0, 1024).Select(i => $"meter-{i:D6}").ToArray();

    [Benchmark(Baseline = true)]
    public int StringGetHashCode()
    {
        var acc = 0;
        foreach (var k in _keys)
        {
#pragma warning disable RS0030 // the baseline is exactly the banned call
            acc ^= k.GetHashCode(StringComparison.Ordinal);
#pragma warning restore RS0030
        }

        return acc;
    }

    [Benchmark]
    public int CanaryBucket()
    {
        var acc = 0;
        foreach (var k in _keys)
        {
            acc ^= EntityHash.CanaryBucket(k);
        }

        return acc;
    }
}
