using StreamML.Core.Drift;

namespace StreamML.Core.Tests.Drift;

/// <summary>Feeds a stream to a detector and records the indices at which each flag was set after the update.</summary>
internal static class DetectorRun
{
    public static (List<int> Drift, List<int> Warning) Indices(IDriftDetector detector, IEnumerable<double> stream)
    {
        var drift = new List<int>();
        var warning = new List<int>();
        var i = 0;
        foreach (var x in stream)
        {
            detector.Update(x);
            if (detector.DriftDetected)
            {
                drift.Add(i);
            }

            if (detector.WarningDetected)
            {
                warning.Add(i);
            }

            i++;
        }

        return (drift, warning);
    }

    /// <summary>
    /// The lines River's binary-detector docstrings print: a warning only the first time one is seen since the start or
    /// since the last drift (their <c>print_warning</c> flag), and every drift.
    /// </summary>
    public static List<string> DocstringLines(IDriftDetector detector, IEnumerable<double> stream)
    {
        var lines = new List<string>();
        var printWarning = true;
        var i = 0;
        foreach (var x in stream)
        {
            detector.Update(x);
            if (detector.WarningDetected && printWarning)
            {
                lines.Add($"Warning detected at index {i}");
                printWarning = false;
            }

            if (detector.DriftDetected)
            {
                lines.Add($"Change detected at index {i}");
                printWarning = true;
            }

            i++;
        }

        return lines;
    }

    /// <summary>Flags after every update, for comparing two detectors step by step.</summary>
    public static (bool Drift, bool Warning)[] Flags(IDriftDetector detector, IEnumerable<double> stream)
    {
        var flags = new List<(bool, bool)>();
        foreach (var x in stream)
        {
            detector.Update(x);
            flags.Add((detector.DriftDetected, detector.WarningDetected));
        }

        return [.. flags];
    }
}
