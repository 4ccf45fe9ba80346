using StreamML.Core.Drift.Detectors;
using StreamML.Core.Tests.Drift.Reference;

namespace StreamML.Core.Tests.Drift;

/// <summary>
/// Index-for-index agreement with what River documents. Sources (River 0.26.1, online-ml/river):
/// the class docstrings of river/drift/adwin.py, river/drift/page_hinkley.py, river/drift/binary/ddm.py,
/// river/drift/binary/eddm.py and river/drift/binary/hddm_a.py; tests/drift/test_drift_detectors.py (0.26 moved the
/// tests out of river/drift); and river/drift/test_adwin_regression.py. Each input stream is regenerated exactly
/// (see <see cref="RiverStreams"/> and <see cref="ReferenceGeneratorTests"/>).
/// </summary>
[Trait("Category", "BVT")]
public sealed class RiverConformanceTests
{
    // --- ADWIN ---

    [Fact]
    public void Adwin_DocstringStream_DriftAt1023()
    {
        // river/drift/adwin.py docstring: "Change detected at index 1023, input value: 4".
        var stream = RiverStreams.DocstringTwoDistributions();
        var (drift, warning) = DetectorRun.Indices(new Adwin(), stream);
        Assert.Equal([1023], drift);
        Assert.Empty(warning);
        Assert.Equal(4, stream[1023]);
    }

    [Fact]
    public void Adwin_TestDriftDetectorsStream1_DriftAt1023()
    {
        // tests/drift/test_drift_detectors.py test_adwin: expected_indices = [1023];
        // also river/drift/test_adwin_regression.py test_basic_drift_at_expected_index.
        var (drift, _) = DetectorRun.Indices(new Adwin(), RiverStreams.NumpyStream1());
        Assert.Equal([1023], drift);
    }

    [Fact]
    public void Adwin_RegressionFourSegments_DriftsAt1023_2015_3007()
    {
        // river/drift/test_adwin_regression.py test_multiple_drifts: detected == [1023, 2015, 3007].
        var (drift, _) = DetectorRun.Indices(new Adwin(), RiverStreams.AdwinRegressionFourSegments());
        Assert.Equal([1023, 2015, 3007], drift);
    }

    [Fact]
    public void Adwin_ConstantStream_NoDriftIn5000()
    {
        // test_adwin_regression.py test_no_drift_constant_stream.
        var (drift, _) = DetectorRun.Indices(new Adwin(), Enumerable.Repeat(1.0, 5000));
        Assert.Empty(drift);
    }

    [Fact]
    public void Adwin_GracePeriod100Clock1_NoDetectionWithin100()
    {
        // test_adwin_regression.py test_grace_period: 50 zeros then 50 × 1000 with grace_period=100, clock=1.
        var (drift, _) = DetectorRun.Indices(new Adwin(clock: 1, gracePeriod: 100), [.. Enumerable.Repeat(0.0, 50), .. Enumerable.Repeat(1000.0, 50)]);
        Assert.Empty(drift);
    }

    [Fact]
    public void Adwin_StatisticsOfShortSequence_MatchRiver()
    {
        // test_adwin_regression.py test_total_and_estimation / rust_src/adwin.rs estimation_after_short_sequence.
        var adwin = new Adwin();
        foreach (var v in new[] { 1.0, 2.0, 3.0, 4.0, 5.0 })
        {
            adwin.Update(v);
        }

        Assert.Equal(5, adwin.Width);
        Assert.Equal(15, adwin.Total);
        Assert.Equal(3, adwin.Estimation);
        Assert.Equal(10, adwin.Variance, 9);
    }

    [Fact]
    public void Adwin_UpdateAfterDrift_StartsNewWindow()
    {
        // test_adwin_regression.py test_reset_on_drift_detected: 500 zeros, then 100.0 until a drift (clock=1);
        // the next update leaves a window of width 1.
        var adwin = new Adwin(clock: 1);
        for (var i = 0; i < 500; i++)
        {
            adwin.Update(0.0);
        }

        var found = false;
        for (var i = 0; i < 500 && !found; i++)
        {
            adwin.Update(100.0);
            found = adwin.DriftDetected;
        }

        Assert.True(found);
        adwin.Update(50.0);
        Assert.Equal(1, adwin.Width);
    }

    // --- PageHinkley ---

    [Fact]
    public void PageHinkley_DocstringStream_DriftAt1006()
    {
        // river/drift/page_hinkley.py docstring: "Change detected at index 1006, input value: 5".
        var stream = RiverStreams.DocstringTwoDistributions();
        var (drift, warning) = DetectorRun.Indices(new PageHinkley(), stream);
        Assert.Equal([1006], drift);
        Assert.Empty(warning);
        Assert.Equal(5, stream[1006]);
    }

    [Theory]
    [InlineData(PageHinkleyMode.Up, new[] { 588, 1681 })]
    [InlineData(PageHinkleyMode.Down, new[] { 1172 })]
    [InlineData(PageHinkleyMode.Both, new[] { 588, 1097, 1585 })]
    public void PageHinkley_TestDriftDetectorsStream3_MatchesRiverPerMode(PageHinkleyMode mode, int[] expected)
    {
        // tests/drift/test_drift_detectors.py test_page_hinkley.
        var (drift, _) = DetectorRun.Indices(new PageHinkley(mode: mode), RiverStreams.NumpyStream3());
        Assert.Equal(expected, drift);
    }

    // --- DDM ---

    [Fact]
    public void Ddm_DocstringStream_WarningChangeWarning()
    {
        // river/drift/binary/ddm.py docstring output.
        var lines = DetectorRun.DocstringLines(new Ddm(), RiverStreams.DocstringErrorRateRise());
        Assert.Equal(["Warning detected at index 1084", "Change detected at index 1334", "Warning detected at index 1492"], lines);
    }

    [Fact]
    public void Ddm_TestDriftDetectorsStream2_DriftAt1049()
    {
        // tests/drift/test_drift_detectors.py test_ddm: expected_indices = [1049].
        var (drift, _) = DetectorRun.Indices(new Ddm(), RiverStreams.NumpyStream2());
        Assert.Equal([1049], drift);
    }

    [Fact]
    public void Ddm_AllOnes_NoDrift()
    {
        // tests/drift/test_drift_detectors.py test_ddm: np.ones(1000) gives [].
        var (drift, _) = DetectorRun.Indices(new Ddm(), Enumerable.Repeat(1.0, 1000));
        Assert.Empty(drift);
    }

    // --- EDDM ---

    [Fact]
    public void Eddm_DocstringStream_WarningThenChange()
    {
        // river/drift/binary/eddm.py docstring, EDDM(alpha=0.8, beta=0.75).
        var lines = DetectorRun.DocstringLines(new Eddm(alpha: 0.8, beta: 0.75), RiverStreams.DocstringErrorRateRise());
        Assert.Equal(["Warning detected at index 1059", "Change detected at index 1278"], lines);
    }

    [Fact]
    public void Eddm_TestDriftDetectorsStream2_DriftAt1059()
    {
        // tests/drift/test_drift_detectors.py test_eddm: EDDM(alpha=0.9, beta=0.8), expected_indices = [1059].
        var (drift, _) = DetectorRun.Indices(new Eddm(alpha: 0.9, beta: 0.8), RiverStreams.NumpyStream2());
        Assert.Equal([1059], drift);
    }

    // --- HDDM_A ---

    [Fact]
    public void HddmA_DocstringStream_WarningThenChange()
    {
        // river/drift/binary/hddm_a.py docstring output.
        var lines = DetectorRun.DocstringLines(new HddmA(), RiverStreams.DocstringErrorRateRise());
        Assert.Equal(["Warning detected at index 451", "Change detected at index 1206"], lines);
    }

    [Fact]
    public void HddmA_TestDriftDetectorsStream2_DriftAt1047()
    {
        // tests/drift/test_drift_detectors.py test_hddm_a: expected_indices = [1047].
        var (drift, _) = DetectorRun.Indices(new HddmA(), RiverStreams.NumpyStream2());
        Assert.Equal([1047], drift);
    }

    [Fact]
    public void HddmA_TwoSidedStream3_DriftsAt531_1015_1545()
    {
        // tests/drift/test_drift_detectors.py test_hddm_a: HDDMA(two_sided_test=True), expected [531, 1015, 1545].
        var (drift, _) = DetectorRun.Indices(new HddmA(twoSidedTest: true), RiverStreams.NumpyStream3());
        Assert.Equal([531, 1015, 1545], drift);
    }
}
