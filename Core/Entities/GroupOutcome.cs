using System.Runtime.InteropServices;
using StreamML.Core.Events;

namespace StreamML.Core.Entities;

/// <summary>
/// What one batch of an <see cref="EntityGroupProcessor"/> came to, handed to its host in one piece: the counts (scored,
/// replays skipped, refused as late, fallbacks, canary share), the predictions with the events and feature vectors they
/// were made from, the late events to dead-letter, the label outcomes and the joined labelled predictions, and how long
/// the events took. The processor owns one and refills it at every batch, so batches of a few events allocate nothing
/// for it: read it before the next batch.
/// </summary>
public sealed class GroupOutcome
{
    /// <summary>Events' worth of buffers an outcome keeps between batches.</summary>
    private const int KeptEvents = 8;

    private readonly int _width;
    private readonly List<StreamEvent> _events = [];
    private readonly List<Prediction> _predictions = [];
    private readonly List<LateRejection> _late = [];
    private readonly List<LabelledPrediction> _labelled = [];
    private readonly List<LabelOutcome> _labelOutcomes = [];
    private float[] _features = [];

    internal GroupOutcome(int width)
    {
        _width = width;
    }

    /// <summary>Events scored (late ones within the allowed lateness included).</summary>
    public int Scored => _predictions.Count;

    /// <summary>Scored events that got the fallback because no model was ready.</summary>
    public int Fallbacks { get; private set; }

    /// <summary>Events skipped as replays of offsets their entity had applied.</summary>
    public int Duplicates { get; internal set; }

    /// <summary>Events refused as later than the allowed lateness (see <see cref="LateRejections"/>).</summary>
    public int Late => _late.Count;

    /// <summary>Entities that came into the group with this batch.</summary>
    public int NewEntities { get; internal set; }

    /// <summary>Events of entities in the canary share.</summary>
    public int CanaryRouted { get; internal set; }

    /// <summary>Events of entities in the canary share that the challenger did not serve (it was not loaded).</summary>
    public int CanaryMissed { get; internal set; }

    /// <summary>How long the batch's events took: features and scoring, not what the host does with the outcome.</summary>
    public TimeSpan ProcessingTime { get; internal set; }

    /// <summary>What the batch's labels came to.</summary>
    public LabelCounts Labels { get; internal set; }

    /// <summary>
    /// The predictions, in event order; writable so the host can complete each one (a silo-wide anomaly score, say) before
    /// sending it on.
    /// </summary>
    public Span<Prediction> Predictions => CollectionsMarshal.AsSpan(_predictions);

    /// <summary>The late events, in event order.</summary>
    public ReadOnlySpan<LateRejection> LateRejections => CollectionsMarshal.AsSpan(_late);

    /// <summary>
    /// The labels joined with their predictions, in label order, with their class probabilities (multiclass) and errors;
    /// their feature vectors are views into the entities' memory, valid until the next batch.
    /// </summary>
    public IReadOnlyList<LabelledPrediction> Labelled => _labelled;

    /// <summary>What became of each label of the batch, in label order.</summary>
    public ReadOnlySpan<LabelOutcome> LabelOutcomes => CollectionsMarshal.AsSpan(_labelOutcomes);

    /// <summary>The event the <paramref name="index"/>-th prediction was made for.</summary>
    public StreamEvent EventOf(int index) => _events[index];

    /// <summary>The feature vector the <paramref name="index"/>-th prediction was made from.</summary>
    public ReadOnlySpan<float> FeaturesOf(int index) => _features.AsSpan(index * _width, _width);

    /// <summary>
    /// Empties the outcome and gives back buffers that grew past <see cref="KeptEvents"/> events: a group holds on to
    /// room for a small batch between batches, not to the largest batch it ever saw (with hundreds of groups per silo
    /// that room would outweigh the entities' own state).
    /// </summary>
    internal void Release()
    {
        Reset();
        if (_predictions.Capacity > KeptEvents)
        {
            _events.Capacity = Math.Min(_events.Capacity, KeptEvents);
            _predictions.Capacity = KeptEvents;
            _features = new float[KeptEvents * _width];
        }

        if (_labelled.Capacity > KeptEvents)
        {
            _labelled.Capacity = KeptEvents;
            _labelOutcomes.Capacity = Math.Min(_labelOutcomes.Capacity, KeptEvents);
        }

        if (_late.Capacity > KeptEvents)
        {
            _late.Capacity = KeptEvents;
        }
    }

    internal void Reset()
    {
        _events.Clear();
        _predictions.Clear();
        _late.Clear();
        _labelled.Clear();
        _labelOutcomes.Clear();
        Fallbacks = Duplicates = NewEntities = CanaryRouted = CanaryMissed = 0;
        ProcessingTime = TimeSpan.Zero;
        Labels = default;
    }

    internal void AddScored(StreamEvent e, in Prediction prediction, ReadOnlySpan<float> features)
    {
        var offset = _predictions.Count * _width;
        if (_features.Length < offset + _width)
        {
            Array.Resize(ref _features, Math.Max(offset + _width, _features.Length * 2));
        }

        features.CopyTo(_features.AsSpan(offset, _width));
        _events.Add(e);
        _predictions.Add(prediction);
        Fallbacks += prediction.IsFallback ? 1 : 0;
    }

    internal void AddLate(in LateRejection rejection) => _late.Add(rejection);

    internal void AddLabelled(in LabelledPrediction joined) => _labelled.Add(joined);

    internal void AddLabelOutcome(LabelOutcome outcome) => _labelOutcomes.Add(outcome);
}
