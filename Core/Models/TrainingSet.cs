namespace StreamML.Core.Models;

/// <summary>Labelled feature vectors in event-time order, as retraining reads them.</summary>
public sealed class TrainingSet
{
    /// <summary>Creates a set; every row must have <paramref name="width"/> values.</summary>
    public TrainingSet(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
    }

    private readonly List<float[]> _rows = [];
    private readonly List<float> _labels = [];
    private readonly List<long> _times = [];

    /// <summary>Feature vector length.</summary>
    public int Width { get; }

    /// <summary>Number of examples.</summary>
    public int Count => _rows.Count;

    /// <summary>The feature vectors.</summary>
    public IReadOnlyList<float[]> Rows => _rows;

    /// <summary>The labels, one per row.</summary>
    public IReadOnlyList<float> Labels => _labels;

    /// <summary>The event times (UTC ticks), one per row.</summary>
    public IReadOnlyList<long> Times => _times;

    /// <summary>Adds an example; the vector is copied.</summary>
    public void Add(ReadOnlySpan<float> features, float label, long timeTicks)
    {
        if (features.Length != Width)
        {
            throw new ArgumentException($"expected {Width} features, got {features.Length}", nameof(features));
        }

        _rows.Add(features.ToArray());
        _labels.Add(label);
        _times.Add(timeTicks);
    }
}
