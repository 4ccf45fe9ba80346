namespace StreamML.Core.Metrics;

/// <summary>
/// Accuracy and log loss of a multiclass classifier over its last <see cref="Capacity"/> labelled predictions, exact
/// for that window. A prediction is the class probabilities; the predicted class is the most probable one (the lowest
/// index among equals). Not thread-safe.
/// </summary>
public sealed class MulticlassWindowMetrics
{
    private readonly bool[] _correct;
    private readonly double[] _logLoss;
    private int _next;
    private int _count;
    private int _correctCount;

    /// <summary>Creates a window of <paramref name="capacity"/> labelled predictions.</summary>
    public MulticlassWindowMetrics(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _correct = new bool[capacity];
        _logLoss = new double[capacity];
    }

    /// <summary>Most labelled predictions the window holds.</summary>
    public int Capacity => _correct.Length;

    /// <summary>Labelled predictions in the window.</summary>
    public int Count => _count;

    /// <summary>Adds one labelled prediction, dropping the oldest when the window is full.</summary>
    /// <param name="label">The observed class, 0 to K-1.</param>
    /// <param name="probabilities">The predicted probability of each of the K classes.</param>
    public void Add(int label, ReadOnlySpan<double> probabilities)
    {
        if ((uint)label >= (uint)probabilities.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"the label must be a class index below {probabilities.Length}");
        }

        var predicted = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[predicted])
            {
                predicted = k;
            }
        }

        if (_count == _correct.Length)
        {
            _correctCount -= _correct[_next] ? 1 : 0;
        }
        else
        {
            _count++;
        }

        _correct[_next] = predicted == label;
        _logLoss[_next] = LogLossMath.Term(probabilities[label]);
        _correctCount += predicted == label ? 1 : 0;
        _next = (_next + 1) % _correct.Length;
    }

    /// <summary>Share of correct predictions; NaN when empty.</summary>
    public double Accuracy => _count == 0 ? double.NaN : (double)_correctCount / _count;

    /// <summary>Mean log loss; NaN when empty.</summary>
    public double LogLoss
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < _count; i++)
            {
                sum += _logLoss[i];
            }

            return _count == 0 ? double.NaN : sum / _count;
        }
    }

    /// <summary>All figures at once (AUC is not defined here).</summary>
    public MetricFigures Figures => new(_count, Accuracy, LogLoss, double.NaN, double.NaN, double.NaN);
}
