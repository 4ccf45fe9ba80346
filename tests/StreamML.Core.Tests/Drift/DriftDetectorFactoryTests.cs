using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;

namespace StreamML.Core.Tests.Drift;

[Trait("Category", "BVT")]
public sealed class DriftDetectorFactoryTests
{
    private static readonly Dictionary<string, string> None = [];

    private static Dictionary<string, string> P(params (string Name, string Value)[] items) => items.ToDictionary(i => i.Name, i => i.Value);

    [Fact]
    public void Known_ListsRiverDetectorsWithRiverDefaults()
    {
        // Defaults from River 0.26 signatures: ADWIN(delta=0.002, clock=32, max_buckets=5, min_window_length=5,
        // grace_period=10); PageHinkley(min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="both");
        // DDM(warm_start=30, warning_threshold=2.0, drift_threshold=3.0); EDDM(warm_start=30, alpha=0.95, beta=0.9);
        // HDDMA(drift_confidence=0.001, warning_confidence=0.005, two_sided_test=False).
        var known = DriftDetectorFactory.Known.ToDictionary(d => d.Name, d => d.Parameters.Select(p => $"{p.Name}={p.Default}"));
        Assert.Equal(["delta=0.002", "clock=32", "max_buckets=5", "min_window_length=5", "grace_period=10"], known["ADWIN"]);
        Assert.Equal(["min_instances=30", "delta=0.005", "threshold=50.0", "alpha=0.9999", "mode=both"], known["PageHinkley"]);
        Assert.Equal(["warm_start=30", "warning_threshold=2.0", "drift_threshold=3.0"], known["DDM"]);
        Assert.Equal(["warm_start=30", "alpha=0.95", "beta=0.9"], known["EDDM"]);
        Assert.Equal(["drift_confidence=0.001", "warning_confidence=0.005", "two_sided_test=False"], known["HDDM_A"]);
    }

    [Fact]
    public void Create_NoParameters_EqualsConstructorDefaults()
    {
        var adwin = Assert.IsType<Adwin>(DriftDetectorFactory.Create("ADWIN", None));
        Assert.Equal((0.002, 32, 5, 5, 10), (adwin.Delta, adwin.Clock, adwin.MaxBuckets, adwin.MinWindowLength, adwin.GracePeriod));
        var ph = Assert.IsType<PageHinkley>(DriftDetectorFactory.Create("PageHinkley", None));
        Assert.Equal((30, 0.005, 50.0, 1 - 0.0001, PageHinkleyMode.Both), (ph.MinInstances, ph.Delta, ph.Threshold, ph.Alpha, ph.Mode));
        var ddm = Assert.IsType<Ddm>(DriftDetectorFactory.Create("DDM", None));
        Assert.Equal((30, 2.0, 3.0), (ddm.WarmStart, ddm.WarningThreshold, ddm.DriftThreshold));
        var eddm = Assert.IsType<Eddm>(DriftDetectorFactory.Create("EDDM", None));
        Assert.Equal((30, 0.95, 0.9), (eddm.WarmStart, eddm.Alpha, eddm.Beta));
        var hddm = Assert.IsType<HddmA>(DriftDetectorFactory.Create("HDDM_A", None));
        Assert.Equal((0.001, 0.005, false), (hddm.DriftConfidence, hddm.WarningConfidence, hddm.TwoSidedTest));
    }

    [Fact]
    public void Create_DefaultAlphaText_IsRiversOneMinusTenToMinusFour()
    {
        // The spec writes 0.9999; River computes 1 - 0.0001. They must be the same double or indices could differ.
        Assert.Equal(1 - 0.0001, double.Parse("0.9999", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Create_GivenParameters_AreParsedAndApplied()
    {
        var adwin = Assert.IsType<Adwin>(DriftDetectorFactory.Create("adwin", P(("delta", "1e-3"), ("clock", "1"))));
        Assert.Equal((0.001, 1, 5), (adwin.Delta, adwin.Clock, adwin.MaxBuckets));
        var ph = Assert.IsType<PageHinkley>(DriftDetectorFactory.Create("PageHinkley", P(("mode", "down"), ("threshold", "7"))));
        Assert.Equal((PageHinkleyMode.Down, 7.0), (ph.Mode, ph.Threshold));
        Assert.Equal(PageHinkleyMode.Up, Assert.IsType<PageHinkley>(DriftDetectorFactory.Create("PageHinkley", P(("mode", "up")))).Mode);
        foreach (var (text, expected) in new[] { ("True", true), ("true", true), ("1", true), ("False", false), ("false", false), ("0", false) })
        {
            Assert.Equal(expected, Assert.IsType<HddmA>(DriftDetectorFactory.Create("HDDM_A", P(("two_sided_test", text)))).TwoSidedTest);
        }
    }

    [Fact]
    public void Create_UnknownDetector_OneSentenceListingKnown()
    {
        var ex = Assert.Throws<ArgumentException>(() => DriftDetectorFactory.Create("Foo", None));
        Assert.StartsWith("unknown detector 'Foo' (known: ADWIN, PageHinkley, DDM, EDDM, HDDM_A", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Create_UnknownParameter_OneSentenceListingParameters()
    {
        var ex = Assert.Throws<ArgumentException>(() => DriftDetectorFactory.Create("ADWIN", P(("foo", "1"))));
        Assert.Equal("ADWIN has no parameter 'foo' (parameters: delta, clock, max_buckets, min_window_length, grace_period)", ex.Message);
    }

    [Theory]
    [InlineData("ADWIN", "clock", "abc", "ADWIN parameter 'clock' expects an integer, got 'abc'")]
    [InlineData("ADWIN", "clock", "1.5", "ADWIN parameter 'clock' expects an integer, got '1.5'")]
    [InlineData("ADWIN", "clock", "0", "ADWIN parameter 'clock' must be at least 1, got '0'")]
    [InlineData("ADWIN", "delta", "1.5", "ADWIN parameter 'delta' must be greater than 0 and less than 1, got '1.5'")]
    [InlineData("ADWIN", "delta", "NaN", "ADWIN parameter 'delta' must be greater than 0 and less than 1, got 'NaN'")]
    [InlineData("PageHinkley", "mode", "sideways", "PageHinkley parameter 'mode' expects one of up, down, both, got 'sideways'")]
    [InlineData("PageHinkley", "mode", "Up", "PageHinkley parameter 'mode' expects one of up, down, both, got 'Up'")]
    [InlineData("HDDM_A", "two_sided_test", "yes", "HDDM_A parameter 'two_sided_test' expects True, False, true, false, 1 or 0, got 'yes'")]
    [InlineData("EDDM", "beta", "0.99", "EDDM parameter 'alpha' must be greater than or equal to beta (0.99), got '0.95'")]
    [InlineData("DDM", "warm_start", "-1", "DDM parameter 'warm_start' must be at least 0, got '-1'")]
    public void Create_BadValue_OneSentence(string detector, string parameter, string value, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => DriftDetectorFactory.Create(detector, P((parameter, value))));
        Assert.Equal(message, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Register_NewDetector_IsCreatedByNameAndListed()
    {
        DriftDetectorFactory.Register(new DriftDetectorDescriptor(
            "TestOnlyThreshold",
            [new DriftParameterSpec("level", DriftParameterKind.Real, "0.5", "Level above which a drift is reported.")],
            p => new ThresholdDetector(p.GetDouble("level"))));

        Assert.Contains(DriftDetectorFactory.Known, d => d.Name == "TestOnlyThreshold");
        var detector = DriftDetectorFactory.Create("TestOnlyThreshold", P(("level", "2")));
        detector.Update(3);
        Assert.True(detector.DriftDetected);
        Assert.Throws<ArgumentException>(() => DriftDetectorFactory.Register(new DriftDetectorDescriptor("testonlythreshold", [], _ => new ThresholdDetector(0))));
    }

    [Fact]
    public void Register_DuplicateParameter_Throws()
    {
        var spec = new DriftParameterSpec("x", DriftParameterKind.Integer, "1", "x");
        Assert.Throws<ArgumentException>(() => DriftDetectorFactory.Register(new DriftDetectorDescriptor("TestOnlyDuplicate", [spec, spec], _ => new ThresholdDetector(0))));
        Assert.Null(DriftDetectorFactory.Find("TestOnlyDuplicate"));
    }

    private sealed class ThresholdDetector(double level) : IDriftDetector
    {
        public string Name => "TestOnlyThreshold";

        public bool DriftDetected { get; private set; }

        public bool WarningDetected => false;

        public void Update(double value) => DriftDetected = value > level;

        public void Reset() => DriftDetected = false;

        public void WriteState(BinaryWriter writer) => writer.Write(DriftDetected);

        public void ReadState(BinaryReader reader) => DriftDetected = reader.ReadBoolean();
    }
}
