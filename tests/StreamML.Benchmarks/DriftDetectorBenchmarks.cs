using BenchmarkDotNet.Attributes;
using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;

namespace StreamML.Benchmarks;

/// <summary>
/// Updates per second of each drift detector on a realistic error stream: 32,768 stationary values, then 32,768 after
/// a change (a 10% error rate rising to 30% for the binary detectors; a loss whose mean steps up for ADWIN and
/// Page–Hinkley). Each invocation feeds the whole stream to a detector that keeps running across invocations, so the
/// figures include detections and the resets River performs after them. Per-update time is reported
/// (OperationsPerInvoke); Allocated must stay at zero.
/// </summary>
[MemoryDiagnoser]
public class DriftDetectorBenchmarks
{
    private const int Half = 32_768;
    private const int Length = 2 * Half;

    private double[] _errors = [];
    private double[] _losses = [];
    private IDriftDetector _adwin = null!;
    private IDriftDetector _adwinClock1 = null!;
    private IDriftDetector _pageHinkley = null!;
    private IDriftDetector _ddm = null!;
    private IDriftDetector _eddm = null!;
    private IDriftDetector _hddmA = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261125);
        _errors = new double[Length];
        _losses = new double[Length];
        for (var i = 0; i < Length; i++)
        {
            var before = i < Half;
            _errors[i] = rng.NextDouble() < (before ? 0.1 : 0.3) ? 1 : 0;

            // A squared-error-like loss: mostly small, occasionally large; its mean rises by half after the change.
            var u = rng.NextDouble();
            _losses[i] = (before ? 1.0 : 1.5) * u * u;
        }

        _adwin = new Adwin();
        _adwinClock1 = new Adwin(clock: 1);
        _pageHinkley = new PageHinkley();
        _ddm = new Ddm();
        _eddm = new Eddm();
        _hddmA = new HddmA();
    }

    private static int Feed(IDriftDetector detector, double[] values)
    {
        var detections = 0;
        foreach (var v in values)
        {
            detector.Update(v);
            if (detector.DriftDetected)
            {
                detections++;
            }
        }

        return detections;
    }

    /// <summary>ADWIN with River's defaults (cut test every 32 updates): the amortised path.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public int Adwin() => Feed(_adwin, _losses);

    /// <summary>ADWIN testing every cut on every update (clock=1): the worst case.</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public int AdwinClock1() => Feed(_adwinClock1, _losses);

    [Benchmark(OperationsPerInvoke = Length)]
    public int PageHinkley() => Feed(_pageHinkley, _losses);

    [Benchmark(OperationsPerInvoke = Length)]
    public int Ddm() => Feed(_ddm, _errors);

    [Benchmark(OperationsPerInvoke = Length)]
    public int Eddm() => Feed(_eddm, _errors);

    [Benchmark(OperationsPerInvoke = Length)]
    public int HddmA() => Feed(_hddmA, _errors);
}
