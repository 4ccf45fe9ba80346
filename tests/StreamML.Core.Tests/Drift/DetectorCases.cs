using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;
using StreamML.Core.Tests.Drift.Reference;

namespace StreamML.Core.Tests.Drift;

/// <summary>One detector configuration with a stream on which it reports drifts, for tests that run every detector.</summary>
public sealed record DetectorCase(string Label, Func<IDriftDetector> Create, Func<double[]> Stream, bool Binary)
{
    public override string ToString() => Label;

    public static IEnumerable<DetectorCase> All()
    {
        yield return new("ADWIN", () => new Adwin(), RiverStreams.AdwinRegressionFourSegments, false);
        yield return new("ADWIN clock=1", () => new Adwin(clock: 1), RiverStreams.NumpyStream1, false);
        yield return new("PageHinkley both", () => new PageHinkley(), RiverStreams.NumpyStream3, true);
        yield return new("PageHinkley up", () => new PageHinkley(mode: PageHinkleyMode.Up), RiverStreams.NumpyStream3, true);
        yield return new("DDM", () => new Ddm(), RiverStreams.DocstringErrorRateRise, true);
        yield return new("EDDM", () => new Eddm(alpha: 0.8, beta: 0.75), RiverStreams.DocstringErrorRateRise, true);
        yield return new("HDDM_A", () => new HddmA(), RiverStreams.DocstringErrorRateRise, true);
        yield return new("HDDM_A two-sided", () => new HddmA(twoSidedTest: true), RiverStreams.NumpyStream3, true);
    }

    public static TheoryData<DetectorCase> Data()
    {
        var data = new TheoryData<DetectorCase>();
        foreach (var c in All())
        {
            data.Add(c);
        }

        return data;
    }
}
