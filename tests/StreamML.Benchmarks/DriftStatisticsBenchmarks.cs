using BenchmarkDotNet.Attributes;
using StreamML.Core.Drift.Detectors;
using StreamML.Core.Drift.Sketches;
using StreamML.Core.Drift.Statistics;

namespace StreamML.Benchmarks;

/// <summary>Drift statistics on 10,000 reference against 10,000 current values, KSWIN updates, sketch inserts and merges.</summary>
[MemoryDiagnoser]
public class DriftStatisticsBenchmarks
{
    private const int Size = 10_000;
    private const int KswinUpdates = 1_000;

    private double[] _reference = [];
    private double[] _current = [];
    private string[] _referenceCategories = [];
    private string[] _currentCategories = [];
    private Kswin _kswin = null!;
    private KllSketch _sketchA = null!;
    private KllSketch _sketchB = null!;
    private FixedBinHistogram _histogramA = null!;
    private FixedBinHistogram _histogramB = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        _reference = Enumerable.Range(0, Size).Select(_ => Normal()).ToArray();
        _current = Enumerable.Range(0, Size).Select(_ => Normal() + 0.05).ToArray();
        string[] names = [.. Enumerable.Range(0, 20).Select(i => $"c{i}")];
        _referenceCategories = Enumerable.Range(0, Size).Select(_ => names[random.Next(20)]).ToArray();
        _currentCategories = Enumerable.Range(0, Size).Select(_ => names[random.Next(18)]).ToArray();
        _kswin = new Kswin(seed: 42);
        foreach (var v in _reference.AsSpan(0, 200))
        {
            _kswin.Update(v);
        }

        _sketchA = new KllSketch(seed: 1);
        _sketchA.AddRange(_reference);
        _sketchB = new KllSketch(seed: 2);
        _sketchB.AddRange(_current);
        _histogramA = FixedBinHistogram.FromReference(_reference);
        _histogramB = new FixedBinHistogram(_histogramA.Edges);
        _histogramB.AddRange(_current);
    }

    [Benchmark(Baseline = true)]
    public double Wasserstein() => DriftStatistics.Wasserstein(_reference, _current).Normed;

    [Benchmark]
    public double KolmogorovSmirnov() => DriftStatistics.KolmogorovSmirnov(_reference, _current).PValue;

    [Benchmark]
    public double PopulationStabilityIndex() => DriftStatistics.PopulationStabilityIndex(_reference, _current).Value;

    [Benchmark]
    public double JensenShannon() => DriftStatistics.JensenShannon(_reference, _current).Value;

    [Benchmark]
    public double ChiSquare20Categories() => DriftStatistics.ChiSquare(_referenceCategories, _currentCategories).PValue;

    [Benchmark]
    public NumericDriftReport AllNumericStatistics() => NumericDriftReport.Compute(_reference, _current);

    /// <summary>1,000 KSWIN updates at River's defaults (each one a KS test of 30 against 30 values).</summary>
    [Benchmark(OperationsPerInvoke = KswinUpdates)]
    public double KswinUpdate()
    {
        var acc = 0.0;
        for (var i = 0; i < KswinUpdates; i++)
        {
            _kswin.Update(_current[i]);
            acc += _kswin.PValue;
        }

        return acc;
    }

    /// <summary>10,000 inserts into an empty KLL sketch (k = 200).</summary>
    [Benchmark(OperationsPerInvoke = Size)]
    public long KllInsert()
    {
        var sketch = new KllSketch();
        sketch.AddRange(_current);
        return sketch.RetainedItems;
    }

    [Benchmark]
    public long KllMerge()
    {
        var merged = new KllSketch(seed: 3);
        merged.Merge(_sketchA);
        merged.Merge(_sketchB);
        return merged.RetainedItems;
    }

    /// <summary>10,000 inserts into a fixed-bin histogram over the reference's Sturges edges.</summary>
    [Benchmark(OperationsPerInvoke = Size)]
    public long HistogramInsert()
    {
        var histogram = new FixedBinHistogram(_histogramA.Edges);
        histogram.AddRange(_current);
        return histogram.Total;
    }

    [Benchmark]
    public long HistogramMerge()
    {
        var merged = new FixedBinHistogram(_histogramA.Edges);
        merged.Merge(_histogramA);
        merged.Merge(_histogramB);
        return merged.Total;
    }

    [Benchmark]
    public double SketchKolmogorovSmirnov() => SketchDriftStatistics.KolmogorovSmirnov(_sketchA, _sketchB).PValue;
}
