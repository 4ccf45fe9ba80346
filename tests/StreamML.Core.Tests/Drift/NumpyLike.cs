namespace StreamML.Core.Tests.Drift;

/// <summary>Test inputs built the way the reference tests build them with numpy, so the doubles are the same bits.</summary>
internal static class NumpyLike
{
    /// <summary>numpy.linspace(start, stop, num): start + i * ((stop − start) / (num − 1)), the last value set to stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var values = new double[num];
        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++)
        {
            values[i] = (i * step) + start;
        }

        values[^1] = stop;
        return values;
    }

    public static double[] Add(double[] values, double delta) => values.Select(v => v + delta).ToArray();

    public static double[] Repeat(params (double Value, int Count)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Value, r.Count)).ToArray();

    public static void AssertRelative(double expected, double actual, double tolerance = 1e-9)
    {
        if (expected == actual)
        {
            return;
        }

        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"expected {expected:R}, got {actual:R} (relative tolerance {tolerance})");
    }
}
