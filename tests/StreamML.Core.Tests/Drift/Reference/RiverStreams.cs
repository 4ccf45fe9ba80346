namespace StreamML.Core.Tests.Drift.Reference;

/// <summary>The input streams of River's drift docstrings and tests, regenerated value for value.</summary>
internal static class RiverStreams
{
    private static readonly double[] Bits = [0, 1];
    private static readonly double[] FourToSeven = [4, 5, 6, 7];

    /// <summary>
    /// <c>rng = random.Random(12345); rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)</c>: the stream
    /// of the ADWIN and PageHinkley class docstrings (River 0.26 river/drift/adwin.py, river/drift/page_hinkley.py).
    /// </summary>
    public static double[] DocstringTwoDistributions()
    {
        var rng = new PythonRandom(12345);
        return [.. rng.Choices(Bits, 1000), .. rng.Choices(FourToSeven, 1000)];
    }

    /// <summary>
    /// <c>rng = random.Random(42); rng.choices([0, 1], k=1000) + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])</c>:
    /// the stream of the DDM, EDDM and HDDMA class docstrings (River 0.26 river/drift/binary/*.py).
    /// </summary>
    public static double[] DocstringErrorRateRise()
    {
        var rng = new PythonRandom(42);
        return [.. rng.Choices(Bits, 1000), .. rng.Choices(Bits, [0.3, 0.7], 1000)];
    }

    /// <summary>
    /// <c>rng = random.Random(42)</c>, then <c>choices([0, 1], k=1000)</c>, <c>choices(range(4, 8), k=1000)</c> twice over:
    /// the stream of <c>test_multiple_drifts</c> in River's river/drift/test_adwin_regression.py.
    /// </summary>
    public static double[] AdwinRegressionFourSegments()
    {
        var rng = new PythonRandom(42);
        return [.. rng.Choices(Bits, 1000), .. rng.Choices(FourToSeven, 1000), .. rng.Choices(Bits, 1000), .. rng.Choices(FourToSeven, 1000)];
    }

    /// <summary>
    /// <c>np.random.seed(12345); np.concatenate((np.random.randint(2, size=1000), np.random.randint(8, size=1000)))</c>:
    /// <c>data_stream_1</c> of River 0.26 tests/drift/test_drift_detectors.py.
    /// </summary>
    public static double[] NumpyStream1()
    {
        var np = new NumpyRandomState(12345);
        return [.. np.RandInt(2, 1000), .. np.RandInt(8, 1000)];
    }

    /// <summary>
    /// <c>np.random.seed(12345)</c>, 1000 scalar draws of <c>np.random.binomial(1, 0.2)</c> then 1000 of
    /// <c>np.random.binomial(1, 0.8)</c>: <c>data_stream_2</c> of River 0.26 tests/drift/test_drift_detectors.py.
    /// </summary>
    public static double[] NumpyStream2()
    {
        var np = new NumpyRandomState(12345);
        var result = new double[2000];
        for (var i = 0; i < 1000; i++)
        {
            result[i] = np.Binomial(1, 0.2);
        }

        for (var i = 1000; i < 2000; i++)
        {
            result[i] = np.Binomial(1, 0.8);
        }

        return result;
    }

    /// <summary>
    /// <c>np.random.seed(12345)</c>, then <c>np.random.normal(mu, 0.1, 500) &gt; 0</c> for mu = 0, 0.25, 0, 0.25, as
    /// 0/1: <c>data_stream_3</c> of River 0.26 tests/drift/test_drift_detectors.py.
    /// </summary>
    public static double[] NumpyStream3()
    {
        var np = new NumpyRandomState(12345);
        var result = new List<double>(2000);
        foreach (var mu in new[] { 0.0, 0.25, 0.0, 0.25 })
        {
            result.AddRange(np.Normal(mu, 0.1, 500).Select(v => v > 0 ? 1.0 : 0.0));
        }

        return [.. result];
    }
}
