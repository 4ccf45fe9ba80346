namespace StreamML.Core.Models;

/// <summary>Z-score normalisation with statistics frozen from training data; missing values become the training mean.</summary>
internal sealed class Normalization
{
    private readonly float[] _mean;
    private readonly float[] _inverseStd;

    public Normalization(IReadOnlyList<ColumnStatistics> columns)
    {
        _mean = new float[columns.Count];
        _inverseStd = new float[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            _mean[i] = (float)columns[i].Mean;
            _inverseStd[i] = columns[i].StdDev > 0 ? (float)(1.0 / columns[i].StdDev) : 1f;
        }
    }

    public int Width => _mean.Length;

    public void Apply(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            values[i] = float.IsFinite(v) ? (v - _mean[i]) * _inverseStd[i] : 0f;
        }
    }

    public static IReadOnlyList<ColumnStatistics> Compute(IReadOnlyList<float[]> rows, int count, int width)
    {
        var result = new ColumnStatistics[width];
        for (var c = 0; c < width; c++)
        {
            long n = 0;
            double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var r = 0; r < count; r++)
            {
                double v = rows[r][c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                n++;
                var delta = v - mean;
                mean += delta / n;
                m2 += delta * (v - mean);
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            result[c] = n == 0
                ? new ColumnStatistics(0, 0, 0, 0, 0)
                : new ColumnStatistics(mean, Math.Sqrt(m2 / n), min, max, n);
        }

        return result;
    }
}
