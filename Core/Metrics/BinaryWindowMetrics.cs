namespace StreamML.Core.Metrics;

/// <summary>
/// Accuracy, log loss and AUC of a binary classifier over its last <see cref="Capacity"/> labelled predictions, exact
/// for that window: the window keeps every pair, so AUC is the Mann–Whitney statistic with ties counted as one half
/// (the trapezoidal area of the ROC curve). A probability of at least 0.5 predicts the positive class. Not thread-safe.
/// </summary>
public sealed class BinaryWindowMetrics
{
    private readonly bool[] _labels;
    private readonly double[] _probabilities;
    private int _next;
    private int _count;
    private int _correct;

    /// <summary>Creates a window of <paramref name="capacity"/> labelled predictions.</summary>
    public BinaryWindowMetrics(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _labels = new bool[capacity];
        _probabilities = new double[capacity];
    }

    /// <summary>Most labelled predictions the window holds.</summary>
    public int Capacity => _labels.Length;

    /// <summary>Labelled predictions in the window.</summary>
    public int Count => _count;

    /// <summary>Adds one labelled prediction, dropping the oldest when the window is full.</summary>
    /// <param name="label">The observed class.</param>
    /// <param name="probability">The predicted probability of the positive class.</param>
    public void Add(bool label, double probability)
    {
        if (double.IsNaN(probability))
        {
            throw new ArgumentException("the probability is NaN", nameof(probability));
        }

        if (_count == _labels.Length)
        {
            _correct -= IsCorrect(_labels[_next], _probabilities[_next]) ? 1 : 0;
        }
        else
        {
            _count++;
        }

        _labels[_next] = label;
        _probabilities[_next] = probability;
        _correct += IsCorrect(label, probability) ? 1 : 0;
        _next = (_next + 1) % _labels.Length;
    }

    /// <summary>Share of correct predictions in the window; NaN when empty.</summary>
    public double Accuracy => _count == 0 ? double.NaN : (double)_correct / _count;

    /// <summary>Mean log loss over the window; NaN when empty.</summary>
    public double LogLoss
    {
        get
        {
            if (_count == 0)
            {
                return double.NaN;
            }

            var sum = 0.0;
            for (var i = 0; i < _count; i++)
            {
                sum += LogLossMath.Term(_labels[i] ? _probabilities[i] : 1 - _probabilities[i]);
            }

            return sum / _count;
        }
    }

    /// <summary>Area under the ROC curve over the window; NaN unless both classes are present. O(n log n).</summary>
    public double Auc
    {
        get
        {
            var order = new int[_count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            var keys = _probabilities.AsSpan(0, _count).ToArray();
            Array.Sort(keys, order);
            return AucOfSorted(keys, order);
        }
    }

    /// <summary>All figures at once.</summary>
    public MetricFigures Figures => new(_count, Accuracy, LogLoss, Auc, double.NaN, double.NaN);

    internal static bool IsCorrect(bool label, double probability) => (probability >= 0.5) == label;

    private double AucOfSorted(double[] sortedProbabilities, int[] order)
    {
        // Walk groups of equal scores: each positive in a group outranks every negative below it and half the ties.
        double positives = 0, negatives = 0, wins = 0;
        for (var start = 0; start < sortedProbabilities.Length;)
        {
            var end = start;
            double groupPositives = 0, groupNegatives = 0;
            while (end < sortedProbabilities.Length && sortedProbabilities[end] == sortedProbabilities[start])
            {
                if (_labels[order[end]])
                {
                    groupPositives++;
                }
                else
                {
                    groupNegatives++;
                }

                end++;
            }

            wins += groupPositives * (negatives + (groupNegatives / 2));
            positives += groupPositives;
            negatives += groupNegatives;
            start = end;
        }

        return positives == 0 || negatives == 0 ? double.NaN : wins / (positives * negatives);
    }
}
