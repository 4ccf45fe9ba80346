using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Metrics;

/// <summary>
/// Mergeable sums of one model version's labelled predictions: counts, correct predictions, log-loss, absolute and
/// squared error sums, and for binary classifiers a histogram of predicted probabilities per class
/// (<see cref="AucBins"/> equal bins over [0, 1]). Silos build these per label batch and merge them; the AUC read from
/// the histograms is exact except for pairs whose probabilities share a bin, which count as ties (one half), so it is
/// within 1/<see cref="AucBins"/>-wide rounding of the scores of the exact window AUC. Not thread-safe.
/// </summary>
public sealed class MetricAggregate
{
    /// <summary>Probability bins of the AUC histograms.</summary>
    public const int AucBins = 256;

    /// <summary>Most classes a multiclass model may have for its one-versus-rest AUC to be kept (each costs two histograms).</summary>
    public const int MaxAucClasses = 32;

    private long[]? _positives;
    private long[]? _negatives;
    private static readonly IReadOnlyDictionary<int, (long[] Positives, long[] Negatives)> NoClassBins =
        new Dictionary<int, (long[] Positives, long[] Negatives)>().AsReadOnly();

    private SortedDictionary<int, (long[] Positives, long[] Negatives)>? _classBins;
    private readonly ModelTaskKind _kind;

    /// <summary>Creates empty sums for a model of <paramref name="task"/>.</summary>
    public MetricAggregate(ModelTask task)
    {
        Task = task;
        _kind = task.Kind();
    }

    /// <summary>The model's task.</summary>
    public ModelTask Task { get; }

    /// <summary>Labelled predictions added.</summary>
    public long Count { get; private set; }

    /// <summary>Correct class predictions (classification).</summary>
    public long Correct { get; private set; }

    /// <summary>Sum of log-loss terms (classification).</summary>
    public double LogLossSum { get; private set; }

    /// <summary>
    /// Labelled predictions whose log-loss term is in <see cref="LogLossSum"/>: every one for a binary classifier; for a
    /// multiclass one, those whose probability of the observed class was known.
    /// </summary>
    public long LogLossCount { get; private set; }

    /// <summary>Sum of absolute errors (regression).</summary>
    public double AbsoluteErrorSum { get; private set; }

    /// <summary>Sum of squared errors (regression).</summary>
    public double SquaredErrorSum { get; private set; }

    /// <summary>Positives per probability bin (binary), empty otherwise.</summary>
    public ReadOnlySpan<long> Positives => _positives;

    /// <summary>Negatives per probability bin (binary), empty otherwise.</summary>
    public ReadOnlySpan<long> Negatives => _negatives;

    /// <summary>
    /// Multiclass: per class, the histograms of the probability given to it on predictions whose label was that class
    /// (positives) and on the others (negatives); empty unless class probabilities were added.
    /// </summary>
    public IReadOnlyDictionary<int, (long[] Positives, long[] Negatives)> ClassBins =>
        _classBins ?? NoClassBins;

    /// <summary>Whether nothing was added.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Rebuilds sums from their parts (the wire form).</summary>
    /// <remarks>
    /// A null <c>logLossCount</c> means the log-loss sum covers every prediction of a binary classifier, none otherwise;
    /// <c>classBins</c> are the multiclass histograms of <see cref="ClassBins"/>.
    /// </remarks>
    public static MetricAggregate FromParts(
        ModelTask task, long count, long correct, double logLossSum, double absoluteErrorSum, double squaredErrorSum, long[]? positives, long[]? negatives,
        long? logLossCount = null, IReadOnlyDictionary<int, (long[] Positives, long[] Negatives)>? classBins = null)
    {
        if (positives is not null && positives.Length != AucBins || negatives is not null && negatives.Length != AucBins
            || classBins is not null && classBins.Values.Any(b => b.Positives.Length != AucBins || b.Negatives.Length != AucBins))
        {
            throw new ArgumentException($"AUC histograms must have {AucBins} bins");
        }

        if (classBins is not null && classBins.Count > MaxAucClasses)
        {
            throw new ArgumentException($"at most {MaxAucClasses} classes keep AUC histograms, got {classBins.Count}");
        }

        return new MetricAggregate(task)
        {
            Count = count,
            Correct = correct,
            LogLossSum = logLossSum,
            LogLossCount = logLossCount ?? task.Kind().LogLossCountOf(count),
            AbsoluteErrorSum = absoluteErrorSum,
            SquaredErrorSum = squaredErrorSum,
            _positives = positives is { Length: > 0 } ? positives : null,
            _negatives = negatives is { Length: > 0 } ? negatives : null,
            _classBins = classBins is { Count: > 0 } ? new SortedDictionary<int, (long[], long[])>(classBins.ToDictionary(kv => kv.Key, kv => kv.Value)) : null,
        };
    }

    /// <summary>
    /// Adds one labelled prediction. Binary classification reads <paramref name="probability"/> (of class 1); multiclass
    /// reads <paramref name="score"/> (the predicted class) and <paramref name="probability"/> (the probability the model
    /// gave the observed class, NaN when not known); regression reads <paramref name="score"/>. Predictions without a
    /// usable output (NaN) are not added.
    /// </summary>
    /// <returns>Whether the prediction was added.</returns>
    public bool Add(double label, float score, float probability)
    {
        if (!_kind.AddTo(this, label, score, probability))
        {
            return false;
        }

        Count++;
        return true;
    }

    /// <summary>Adds the error of a predicted quantity to the absolute and squared error sums.</summary>
    internal void AddError(double error)
    {
        AbsoluteErrorSum += Math.Abs(error);
        SquaredErrorSum += error * error;
    }

    /// <summary>Counts a class prediction, right or wrong.</summary>
    internal void AddClassOutcome(bool correct) => Correct += correct ? 1 : 0;

    /// <summary>Adds the log-loss term of the probability a prediction gave the observed class.</summary>
    internal void AddLogLoss(double probabilityOfObserved)
    {
        LogLossSum += LogLossMath.Term(probabilityOfObserved);
        LogLossCount++;
    }

    /// <summary>Adds a binary prediction's probability of class 1 to the histogram of its observed class.</summary>
    internal void AddProbabilityBin(bool positive, float probability)
    {
        var bin = Math.Clamp((int)(probability * AucBins), 0, AucBins - 1);
        (positive ? _positives ??= new long[AucBins] : _negatives ??= new long[AucBins])[bin]++;
    }

    /// <summary>
    /// Multiclass: adds the probabilities one prediction gave every class to the one-versus-rest AUC histograms, after
    /// the prediction itself was added with <see cref="Add"/>. A label the model does not know counts as a positive of its
    /// class at probability 0. Nothing is kept for models of more than <see cref="MaxAucClasses"/> classes.
    /// </summary>
    public void AddClassProbabilities(double label, ClassProbabilities probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!_kind.UsesClassProbabilities || probabilities.Classes.Length > MaxAucClasses || !double.IsFinite(label))
        {
            return;
        }

        var observed = (int)Math.Round(label);
        var known = false;
        for (var k = 0; k < probabilities.Probabilities.Length && k < probabilities.Classes.Length; k++)
        {
            var c = (int)probabilities.Classes[k];
            var positive = c == observed;
            known |= positive;
            var bins = BinsOf(c);
            if (bins is { } b)
            {
                (positive ? b.Positives : b.Negatives)[Math.Clamp((int)(probabilities.Probabilities[k] * AucBins), 0, AucBins - 1)]++;
            }
        }

        if (!known && BinsOf(observed) is { } unseen)
        {
            unseen.Positives[0]++;
        }
    }

    private (long[] Positives, long[] Negatives)? BinsOf(int c)
    {
        _classBins ??= [];
        if (!_classBins.TryGetValue(c, out var bins))
        {
            if (_classBins.Count >= MaxAucClasses)
            {
                return null;
            }

            bins = (new long[AucBins], new long[AucBins]);
            _classBins.Add(c, bins);
        }

        return bins;
    }

    /// <summary>Adds every prediction of <paramref name="other"/> (same task) to these sums.</summary>
    public void Merge(MetricAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Task != Task)
        {
            throw new ArgumentException($"cannot merge {other.Task} sums into {Task} sums", nameof(other));
        }

        Count += other.Count;
        Correct += other.Correct;
        LogLossSum += other.LogLossSum;
        LogLossCount += other.LogLossCount;
        AbsoluteErrorSum += other.AbsoluteErrorSum;
        SquaredErrorSum += other.SquaredErrorSum;
        AddBins(ref _positives, other._positives);
        AddBins(ref _negatives, other._negatives);
        if (other._classBins is null)
        {
            return;
        }

        foreach (var (c, bins) in other._classBins)
        {
            if (BinsOf(c) is { } mine)
            {
                for (var b = 0; b < AucBins; b++)
                {
                    mine.Positives[b] += bins.Positives[b];
                    mine.Negatives[b] += bins.Negatives[b];
                }
            }
        }
    }

    /// <summary>A copy of these sums.</summary>
    public MetricAggregate Clone()
    {
        var copy = new MetricAggregate(Task);
        copy.Merge(this);
        return copy;
    }

    /// <summary>The figures these sums give.</summary>
    public MetricFigures Figures()
    {
        if (Count == 0)
        {
            return MetricFigures.Empty;
        }

        return _kind.FiguresOf(this);
    }

    /// <summary>The AUC of a binary classifier from its probability histograms; NaN unless both classes were seen.</summary>
    internal double BinaryAuc() => _positives is null || _negatives is null ? double.NaN : Auc(_positives, _negatives);

    /// <summary>The mean one-versus-rest AUC over the classes seen both as the label and not; NaN when none was.</summary>
    internal double MacroAuc()
    {
        if (_classBins is null)
        {
            return double.NaN;
        }

        double sum = 0;
        var classes = 0;
        foreach (var (positives, negatives) in _classBins.Values)
        {
            var auc = Auc(positives, negatives);
            if (double.IsFinite(auc))
            {
                sum += auc;
                classes++;
            }
        }

        return classes == 0 ? double.NaN : sum / classes;
    }

    private static double Auc(long[] positiveBins, long[] negativeBins)
    {
        double positives = 0, negatives = 0, wins = 0;
        for (var b = 0; b < AucBins; b++)
        {
            wins += positiveBins[b] * (negatives + (negativeBins[b] / 2.0));
            positives += positiveBins[b];
            negatives += negativeBins[b];
        }

        return positives == 0 || negatives == 0 ? double.NaN : wins / (positives * negatives);
    }

    private static void AddBins(ref long[]? into, long[]? from)
    {
        if (from is null)
        {
            return;
        }

        into ??= new long[AucBins];
        for (var b = 0; b < AucBins; b++)
        {
            into[b] += from[b];
        }
    }
}
