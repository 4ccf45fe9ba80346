namespace StreamML.Core.Metrics;

/// <summary>
/// Prequential agreement statistics of a classifier over every prediction seen: accuracy, Cohen's kappa (agreement
/// beyond what the marginal class frequencies give by chance) and kappa-temporal (agreement beyond the no-change
/// classifier, which predicts the previous true label; the first prediction has no previous label and counts as a
/// no-change miss). Both kappas are 0 when their baseline is perfect. Classes are small non-negative integers. Not
/// thread-safe.
/// </summary>
public sealed class PrequentialKappa
{
    private readonly Dictionary<int, long> _trueCounts = [];
    private readonly Dictionary<int, long> _predictedCounts = [];
    private long _count;
    private long _correct;
    private long _noChangeCorrect;
    private int? _previousTrue;

    /// <summary>Predictions seen.</summary>
    public long Count => _count;

    /// <summary>Adds one prediction with its true class.</summary>
    public void Update(int trueClass, int predictedClass)
    {
        _count++;
        _correct += trueClass == predictedClass ? 1 : 0;
        _noChangeCorrect += _previousTrue == trueClass ? 1 : 0;
        _previousTrue = trueClass;
        _trueCounts[trueClass] = _trueCounts.GetValueOrDefault(trueClass) + 1;
        _predictedCounts[predictedClass] = _predictedCounts.GetValueOrDefault(predictedClass) + 1;
    }

    /// <summary>Share of correct predictions; 0 when none were seen.</summary>
    public double Accuracy => _count == 0 ? 0 : (double)_correct / _count;

    /// <summary>Accuracy of the no-change classifier on the same stream.</summary>
    public double NoChangeAccuracy => _count == 0 ? 0 : (double)_noChangeCorrect / _count;

    /// <summary>Cohen's kappa.</summary>
    public double CohenKappa
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var chance = 0.0;
            foreach (var (c, trueCount) in _trueCounts)
            {
                chance += (double)trueCount / _count * ((double)_predictedCounts.GetValueOrDefault(c) / _count);
            }

            return Kappa(Accuracy, chance);
        }
    }

    /// <summary>Kappa-temporal.</summary>
    public double KappaTemporal => _count == 0 ? 0 : Kappa(Accuracy, NoChangeAccuracy);

    private static double Kappa(double observed, double baseline) => baseline >= 1 ? 0 : (observed - baseline) / (1 - baseline);
}
