using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;

namespace StreamML.Core.Tests.Drift;

[Trait("Category", "BVT")]
public sealed class DetectorStateTests
{
    public static TheoryData<DetectorCase> Cases => DetectorCase.Data();

    internal static byte[] Save(IDriftDetector detector)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            detector.WriteState(writer);
        }

        return stream.ToArray();
    }

    internal static void Load(IDriftDetector detector, byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        detector.ReadState(reader);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTrip_AtCutsIncludingRightAfterEachDrift_SameFlagsOnTheRest(DetectorCase c)
    {
        var stream = c.Stream();
        var expected = DetectorRun.Flags(c.Create(), stream);
        var drifts = Enumerable.Range(0, expected.Length).Where(i => expected[i].Drift).ToList();
        Assert.NotEmpty(drifts);

        // A cut at index k means: k + 1 values were fed, then the state was saved and restored.
        var cuts = new SortedSet<int> { 0, 1, 17, 31, 32, 33, stream.Length / 2, stream.Length - 2 };
        foreach (var d in drifts)
        {
            cuts.Add(d);
            cuts.Add(d + 1);
            cuts.Add(d - 1);
        }

        foreach (var cut in cuts.Where(k => k >= 0 && k < stream.Length - 1))
        {
            var original = c.Create();
            foreach (var x in stream[..(cut + 1)])
            {
                original.Update(x);
            }

            var restored = c.Create();
            Load(restored, Save(original));
            Assert.Equal(original.DriftDetected, restored.DriftDetected);
            Assert.Equal(original.WarningDetected, restored.WarningDetected);

            var rest = stream[(cut + 1)..];
            Assert.Equal(expected[(cut + 1)..], DetectorRun.Flags(restored, rest));
            Assert.Equal(expected[(cut + 1)..], DetectorRun.Flags(original, rest));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadState_EveryTruncation_ThrowsInvalidData(DetectorCase c)
    {
        var detector = c.Create();
        foreach (var x in c.Stream()[..700])
        {
            detector.Update(x);
        }

        var state = Save(detector);
        for (var length = 0; length < state.Length; length++)
        {
            var fresh = c.Create();
            Assert.Throws<InvalidDataException>(() => Load(fresh, state[..length]));
        }
    }

    [Fact]
    public void ReadState_ForeignOrGarbage_ThrowsInvalidData()
    {
        var adwin = Save(new Adwin());
        Assert.Throws<InvalidDataException>(() => Load(new Ddm(), adwin));
        Assert.Throws<InvalidDataException>(() => Load(new PageHinkley(), Save(new HddmA())));
        Assert.Throws<InvalidDataException>(() => Load(new Eddm(), Save(new Ddm())));
        Assert.Throws<InvalidDataException>(() => Load(new HddmA(), Save(new Eddm())));
        Assert.Throws<InvalidDataException>(() => Load(new Adwin(), Save(new PageHinkley())));
        Assert.Throws<InvalidDataException>(() => Load(new Adwin(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));

        var wrongVersion = (byte[])adwin.Clone();
        wrongVersion[4 + 1 + "ADWIN".Length] = 99;
        var ex = Assert.Throws<InvalidDataException>(() => Load(new Adwin(), wrongVersion));
        Assert.Contains("version 99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadState_OtherParameters_ThrowsInvalidData()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Load(new Adwin(clock: 1), Save(new Adwin())));
        Assert.Contains("clock=32", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Load(new PageHinkley(mode: PageHinkleyMode.Up), Save(new PageHinkley())));
        Assert.Throws<InvalidDataException>(() => Load(new Ddm(warmStart: 10), Save(new Ddm())));
        Assert.Throws<InvalidDataException>(() => Load(new Eddm(beta: 0.8), Save(new Eddm())));
        Assert.Throws<InvalidDataException>(() => Load(new HddmA(twoSidedTest: true), Save(new HddmA())));
    }

    [Fact]
    public void ReadState_CorruptFlagByte_ThrowsInvalidData()
    {
        var state = Save(new Ddm());
        state[^1] = 7; // the warning flag
        Assert.Throws<InvalidDataException>(() => Load(new Ddm(), state));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadState_Rejected_LeavesDetectorUnchanged(DetectorCase c)
    {
        var stream = c.Stream();
        var detector = c.Create();
        foreach (var x in stream[..900])
        {
            detector.Update(x);
        }

        var before = Save(detector);
        Assert.Throws<InvalidDataException>(() => Load(detector, before[..(before.Length - 1)]));
        Assert.Equal(before, Save(detector));
    }
}
