namespace StreamML.Core.Metrics;

/// <summary>
/// Mean absolute error and root mean squared error of a regressor over its last <see cref="Capacity"/> labelled
/// predictions, exact for that window (the sums are recomputed from the kept errors, so no rounding accumulates as
/// the window slides). Not thread-safe.
/// </summary>
public sealed class RegressionWindowMetrics
{
    private readonly double[] _errors;
    private int _next;
    private int _count;

    /// <summary>Creates a window of <paramref name="capacity"/> labelled predictions.</summary>
    public RegressionWindowMetrics(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _errors = new double[capacity];
    }

    /// <summary>Most labelled predictions the window holds.</summary>
    public int Capacity => _errors.Length;

    /// <summary>Labelled predictions in the window.</summary>
    public int Count => _count;

    /// <summary>Adds one labelled prediction, dropping the oldest when the window is full.</summary>
    public void Add(double label, double prediction)
    {
        var error = prediction - label;
        if (!double.IsFinite(error))
        {
            throw new ArgumentException("the label and the prediction must be finite");
        }

        _errors[_next] = error;
        _next = (_next + 1) % _errors.Length;
        _count = Math.Min(_count + 1, _errors.Length);
    }

    /// <summary>Mean absolute error; NaN when empty.</summary>
    public double Mae
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < _count; i++)
            {
                sum += Math.Abs(_errors[i]);
            }

            return _count == 0 ? double.NaN : sum / _count;
        }
    }

    /// <summary>Root mean squared error; NaN when empty.</summary>
    public double Rmse
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < _count; i++)
            {
                sum += _errors[i] * _errors[i];
            }

            return _count == 0 ? double.NaN : Math.Sqrt(sum / _count);
        }
    }

    /// <summary>All figures at once.</summary>
    public MetricFigures Figures => new(_count, double.NaN, double.NaN, double.NaN, Mae, Rmse);
}
