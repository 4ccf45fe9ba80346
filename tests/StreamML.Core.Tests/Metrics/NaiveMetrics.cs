namespace StreamML.Core.Tests.Metrics;

/// <summary>Textbook definitions, written for clarity rather than speed, that the windowed metrics must agree with.</summary>
internal static class NaiveMetrics
{
    public static double Accuracy(IReadOnlyList<(bool Label, double P)> xs) => xs.Count(x => (x.P >= 0.5) == x.Label) / (double)xs.Count;

    public static double LogLoss(IReadOnlyList<(bool Label, double P)> xs) =>
        xs.Average(x => -Math.Log(Math.Clamp(x.Label ? x.P : 1 - x.P, 1e-15, 1 - 1e-15)));

    /// <summary>AUC as the probability that a random positive outscores a random negative, ties counting one half: every pair.</summary>
    public static double Auc(IReadOnlyList<(bool Label, double P)> xs)
    {
        var pos = xs.Where(x => x.Label).Select(x => x.P).ToList();
        var neg = xs.Where(x => !x.Label).Select(x => x.P).ToList();
        if (pos.Count == 0 || neg.Count == 0)
        {
            return double.NaN;
        }

        var wins = 0.0;
        foreach (var p in pos)
        {
            foreach (var n in neg)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / (pos.Count * (double)neg.Count);
    }

    public static double Mae(IReadOnlyList<(double Label, double Prediction)> xs) => xs.Average(x => Math.Abs(x.Prediction - x.Label));

    public static double Rmse(IReadOnlyList<(double Label, double Prediction)> xs) => Math.Sqrt(xs.Average(x => (x.Prediction - x.Label) * (x.Prediction - x.Label)));
}
