using StreamML.Core.Events;
using StreamML.Core.Metrics;

namespace StreamML.Core.Entities;

/// <summary>Labels: joined with the predictions their entities remember, and judged by the model's task.</summary>
public sealed partial class EntityGroupProcessor
{
    private void ApplyLabels(ReadOnlySpan<LabelEnvelope> labels)
    {
        int matched = 0, unmatched = 0, duplicates = 0, expired = 0;
        foreach (ref readonly var envelope in labels)
        {
            var label = envelope.Label;
            if (!_entities.TryGetValue(label.Entity, out var slot))
            {
                unmatched++;
                _outcome.AddLabelOutcome(LabelOutcome.Unmatched);
                continue;
            }

            var outcome = slot.Processor.ApplyLabel(label, out var joined);
            _outcome.AddLabelOutcome(outcome);
            switch (outcome)
            {
                case LabelOutcome.Matched:
                    MarkChanged(slot.Chunk);
                    matched++;
                    if (_task.UsesClassProbabilities)
                    {
                        joined = WithClassProbabilities(joined);
                    }

                    _outcome.AddLabelled(joined with { Entity = label.Entity, Error = _task.ErrorOf(joined.Label, joined.Score, joined.Probability) });
                    break;
                case LabelOutcome.Duplicate:
                    duplicates++;
                    break;
                case LabelOutcome.Expired:
                    expired++;
                    break;
                default:
                    unmatched++;
                    break;
            }
        }

        _outcome.Labels = new LabelCounts(matched, unmatched, duplicates, expired);
    }

    /// <summary>
    /// A multiclass prediction remembers its class and that class's probability; its log loss and AUC need every class's
    /// probability, which the version that served it (and the shadow version) gives when scored again on the remembered
    /// features. A version no longer loaded in this process leaves them unknown: accuracy still counts.
    /// </summary>
    private LabelledPrediction WithClassProbabilities(in LabelledPrediction joined)
    {
        var served = ClassesOf(joined.ModelVersion, joined.Features.Span);
        var shadow = joined.ShadowVersion > 0 ? ClassesOf(joined.ShadowVersion, joined.Features.Span) : null;
        return joined with
        {
            Probability = served?.Of(joined.Label) ?? float.NaN,
            ShadowProbability = shadow?.Of(joined.Label) ?? float.NaN,
            ServedClasses = served,
            ShadowClasses = shadow,
        };
    }

    private ClassProbabilities? ClassesOf(int version, ReadOnlySpan<float> features)
    {
        if (version <= 0 || _loaded.TryGetLoaded(_model, version) is not { } model)
        {
            return null;
        }

        var scorer = model.Rent();
        try
        {
            return scorer.ClassProbabilitiesOf(features);
        }
        finally
        {
            model.Return(scorer);
        }
    }
}
