namespace StreamML.Core.Drift.Statistics;

/// <summary>How <see cref="KolmogorovSmirnov.TwoSample(ReadOnlySpan{double}, ReadOnlySpan{double}, KsMethod)"/> computes the p-value.</summary>
public enum KsMethod
{
    /// <summary>Exact when both samples have at most 10,000 values, asymptotic otherwise (scipy's <c>method="auto"</c>).</summary>
    Auto,

    /// <summary>The exact distribution of the two-sample statistic; falls back to asymptotic where it cannot be computed.</summary>
    Exact,

    /// <summary>The one-sample Kolmogorov distribution at the effective sample size <c>round(n1 n2 / (n1 + n2))</c>.</summary>
    Asymptotic,
}
