namespace StreamML.Core.Drift.Detectors;

/// <summary>A detector parameter outside the range the detector accepts; <see cref="Requirement"/> says what is accepted.</summary>
internal sealed class DriftParameterException : ArgumentOutOfRangeException
{
    public DriftParameterException(string paramName, object actualValue, string requirement)
        : base(paramName, actualValue, $"{paramName} {requirement}")
    {
        Requirement = requirement;
    }

    /// <summary>What the parameter must be, e.g. "must be at least 1".</summary>
    public string Requirement { get; }

    public static void Check(bool ok, string paramName, object actualValue, string requirement)
    {
        if (!ok)
        {
            throw new DriftParameterException(paramName, actualValue, requirement);
        }
    }
}
