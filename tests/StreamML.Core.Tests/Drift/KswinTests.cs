using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;

namespace StreamML.Core.Tests.Drift;

[Trait("Category", "BVT")]
public sealed class KswinTests
{
    private static List<int> DriftIndices(IDriftDetector detector, IEnumerable<double> stream)
    {
        var indices = new List<int>();
        var i = 0;
        foreach (var value in stream)
        {
            detector.Update(value);
            if (detector.DriftDetected)
            {
                indices.Add(i);
            }

            i++;
        }

        return indices;
    }

    /// <summary>River's docstring stream: rng = random.Random(12345); rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000).</summary>
    private static double[] DocstringStream()
    {
        var random = PythonRandom.FromSeed(12345);
        var values = new double[2000];
        for (var i = 0; i < 1000; i++)
        {
            values[i] = Math.Floor(random.NextDouble() * 2.0);
        }

        for (var i = 1000; i < 2000; i++)
        {
            values[i] = 4 + Math.Floor(random.NextDouble() * 4.0);
        }

        return values;
    }

    /// <summary>
    /// River's test stream data_stream_1: np.random.seed(12345); concatenate(randint(2, size=1000), randint(8, size=1000)).
    /// Legacy randint with a power-of-two range masks one 32-bit word per value (mask 1, then 7), never rejecting.
    /// </summary>
    private static double[] RiverTestStream()
    {
        var random = PythonRandom.FromNumpyLegacySeed(12345);
        var values = new double[2000];
        for (var i = 0; i < 1000; i++)
        {
            values[i] = random.NextUInt32() & 1u;
        }

        for (var i = 1000; i < 2000; i++)
        {
            values[i] = random.NextUInt32() & 7u;
        }

        return values;
    }

    [Fact]
    public void Update_RiverDocstringExample_DriftAt1016()
    {
        // river/drift/kswin.py docstring (River 0.21+): KSWIN(alpha=0.0001, seed=42) → "Change detected at index 1016, input value: 6".
        var stream = DocstringStream();
        var indices = DriftIndices(new Kswin(alpha: 0.0001, seed: 42), stream);
        Assert.Equal([1016], indices);
        Assert.Equal(6.0, stream[1016]);
    }

    [Fact]
    public void Update_RiverTestStream_DriftAt1042()
    {
        // river/drift/test_drift_detectors.py, test_kswin: KSWIN(alpha=0.0001, window_size=200, stat_size=100, seed=42) → [1042].
        var indices = DriftIndices(new Kswin(alpha: 0.0001, windowSize: 200, statSize: 100, seed: 42), RiverTestStream());
        Assert.Equal([1042], indices);
    }

    [Fact]
    public void Constructor_Defaults_AreRiverDefaults()
    {
        var kswin = new Kswin();
        Assert.Equal(0.005, kswin.Alpha);
        Assert.Equal(100, kswin.WindowSize);
        Assert.Equal(30, kswin.StatSize);
        Assert.Null(kswin.Seed);
        Assert.Equal("KSWIN", kswin.Name);
        Assert.Equal("0.005", Kswin.DefaultParameters["alpha"]);
        Assert.Equal("100", Kswin.DefaultParameters["window_size"]);
        Assert.Equal("30", Kswin.DefaultParameters["stat_size"]);
        Assert.Equal("None", Kswin.DefaultParameters["seed"]);
    }

    [Theory]
    [InlineData(-0.1, 100, 30)]
    [InlineData(1.1, 100, 30)]
    [InlineData(0.005, -10, 30)]
    [InlineData(0.005, 10, 30)]
    [InlineData(0.005, 100, 51)]
    [InlineData(0.005, 100, 0)]
    public void Constructor_OutOfRange_Throws(double alpha, int windowSize, int statSize)
    {
        // The first four are River's test_kswin_coverage cases; the last two fail in River on the first full window.
        Assert.Throws<ArgumentOutOfRangeException>(() => new Kswin(alpha, windowSize, statSize));
    }

    [Fact]
    public void FromParameters_RiverNames_BuildsSameDetector()
    {
        var kswin = Kswin.FromParameters(new Dictionary<string, string> { ["alpha"] = "0.0001", ["seed"] = "42" });
        Assert.Equal([1016], DriftIndices(kswin, DocstringStream()));
        Assert.Throws<ArgumentException>(() => Kswin.FromParameters(new Dictionary<string, string> { ["delta"] = "1" }));
        Assert.Throws<ArgumentException>(() => Kswin.FromParameters(new Dictionary<string, string> { ["window_size"] = "ten" }));
    }

    [Fact]
    public void Constructor_InitialWindow_TestsFromTheFirstUpdate()
    {
        // River: window=... fills the deque, so a full window is tested on the very next update.
        var kswin = new Kswin(windowSize: 10, statSize: 3, seed: 1, window: Enumerable.Range(0, 12).Select(i => (double)i));
        Assert.Equal(0, kswin.PValue);
        kswin.Update(100);
        Assert.Equal(1, kswin.Count);
        Assert.NotEqual(0, kswin.PValue);
    }

    [Fact]
    public void Reset_ClearsWindowAndFlags()
    {
        var kswin = new Kswin(alpha: 0.0001, seed: 42);
        foreach (var v in DocstringStream().Take(1017))
        {
            kswin.Update(v);
        }

        Assert.True(kswin.DriftDetected);
        kswin.Reset();
        Assert.False(kswin.DriftDetected);
        Assert.Equal(0, kswin.PValue);
        Assert.Equal(0, kswin.Count);
    }

    [Fact]
    public void ReadState_MidStream_ContinuesWithIdenticalFlags()
    {
        var stream = DocstringStream();
        var original = new Kswin(alpha: 0.0001, seed: 42);
        foreach (var v in stream.Take(900))
        {
            original.Update(v);
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.WriteState(writer);
        }

        // Same parameters (the seed is one: a reset after drift re-seeds from it), but a detector that has drawn
        // other samples: the window, the counters and the generator's position must all come from the state.
        var restored = new Kswin(alpha: 0.0001, seed: 42);
        foreach (var v in stream.Skip(1500).Take(333))
        {
            restored.Update(v);
        }

        buffer.Position = 0;
        using (var reader = new BinaryReader(buffer))
        {
            restored.ReadState(reader);
        }

        var flagsOriginal = new List<bool>();
        var flagsRestored = new List<bool>();
        var pOriginal = new List<double>();
        var pRestored = new List<double>();
        foreach (var v in stream.Skip(900))
        {
            original.Update(v);
            restored.Update(v);
            flagsOriginal.Add(original.DriftDetected);
            flagsRestored.Add(restored.DriftDetected);
            pOriginal.Add(original.PValue);
            pRestored.Add(restored.PValue);
        }

        Assert.Equal(flagsOriginal, flagsRestored);
        Assert.Equal(pOriginal, pRestored);
        Assert.Contains(true, flagsRestored);
    }

    [Fact]
    public void ReadState_WrongOrTruncatedData_ThrowsInvalidData()
    {
        var kswin = new Kswin(seed: 1);
        using var other = new MemoryStream();
        using (var writer = new BinaryWriter(other, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("ADWIN/1");
        }

        other.Position = 0;
        Assert.Throws<InvalidDataException>(() => kswin.ReadState(new BinaryReader(other)));

        using var truncated = new MemoryStream();
        using (var writer = new BinaryWriter(truncated, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            new Kswin(seed: 1).WriteState(writer);
        }

        var bytes = truncated.ToArray()[..^10];
        Assert.Throws<InvalidDataException>(() => kswin.ReadState(new BinaryReader(new MemoryStream(bytes))));
        Assert.Throws<InvalidDataException>(() => new Kswin(windowSize: 50, statSize: 10).ReadState(new BinaryReader(new MemoryStream(truncated.ToArray()))));
    }

    [Fact]
    public void Update_AfterWarmUp_AllocatesNothing()
    {
        var kswin = new Kswin(alpha: 1e-300, seed: 3);
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            kswin.Update(random.NextDouble());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5000; i++)
        {
            kswin.Update(random.NextDouble());
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(kswin.DriftDetected);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Update_ThroughDriftAndReset_AllocatesNothing()
    {
        var stream = DocstringStream();
        var kswin = new Kswin(alpha: 0.0001, seed: 42);
        foreach (var v in stream.AsSpan(0, 500))
        {
            kswin.Update(v);
        }

        var drifts = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var v in stream.AsSpan(500))
        {
            kswin.Update(v);
            drifts += kswin.DriftDetected ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1, drifts);
        Assert.Equal(0, allocated);
    }
}
