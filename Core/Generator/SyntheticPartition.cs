using StreamML.Core.Events;
using StreamML.Core.Sources;

namespace StreamML.Core.Generator;

/// <summary>
/// The deterministic record sequence of one generator partition: events for the meters it owns, interleaved with
/// their labels once the label delay has passed in event time. Offset k is the same record on every run.
/// </summary>
internal sealed class SyntheticPartition
{
    private readonly SyntheticWorld _world;
    private readonly int[] _entities;
    private readonly long _startTicks;
    private readonly double _ticksPerEvent;
    private readonly long _labelDelayTicks;
    private readonly long _maxEvents;
    private readonly Queue<PendingLabel> _pending = new();
    private readonly string _idPrefix;
    private Xoshiro _rng;

    public SyntheticPartition(SyntheticWorld world, int partition, long startTicks)
    {
        _world = world;
        Partition = partition;
        _entities = world.Owned[partition];
        _startTicks = startTicks;
        var options = world.Options;
        _ticksPerEvent = TimeSpan.TicksPerSecond / (options.EffectiveRate / options.Partitions);
        _labelDelayTicks = options.LabelDelay.Ticks;
        _idPrefix = "g" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-";
        _rng = new Xoshiro(Xoshiro.Mix((ulong)options.Seed, (ulong)partition + 1));
        if (_entities.Length == 0)
        {
            _maxEvents = 0;
        }
        else if (options.MaxEvents is { } total)
        {
            // Events are shared out by partition index; a partition that owns no entity gets none.
            var active = world.Owned.Count(o => o.Length > 0);
            var rank = world.Owned.Take(partition).Count(o => o.Length > 0);
            _maxEvents = (total / active) + (rank < total % active ? 1 : 0);
        }
        else
        {
            _maxEvents = long.MaxValue;
        }
    }

    public int Partition { get; }

    /// <summary>Events this partition will produce (long.MaxValue when endless).</summary>
    public long MaxEvents => _maxEvents;

    /// <summary>Events produced so far.</summary>
    public long EventsProduced { get; private set; }

    /// <summary>Offset of the next record.</summary>
    public long NextOffset { get; private set; }

    /// <summary>Whether every event and label has been produced.</summary>
    public bool Ended => EventsProduced >= _maxEvents && _pending.Count == 0;

    /// <summary>Event time of the next event.</summary>
    public long NextEventTicks => _startTicks + (long)(EventsProduced * _ticksPerEvent);

    /// <summary>
    /// Writes up to <paramref name="buffer"/>.Length records, producing at most <paramref name="eventBudget"/> new
    /// events. Labels due by the next event's time go first.
    /// </summary>
    public int Fill(Span<SourceRecord> buffer, long eventBudget)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var eventsLeft = EventsProduced < _maxEvents;
            if (_pending.Count > 0 && (!eventsLeft || _pending.Peek().DueTicks <= NextEventTicks))
            {
                var label = _pending.Dequeue();
                buffer[filled++] = new SourceRecord
                {
                    Offset = NextOffset++,
                    Label = new LabelEvent(label.EventId, _world.Ids[label.Entity], label.Label, label.DueTicks),
                };
                continue;
            }

            if (!eventsLeft || eventBudget <= 0)
            {
                break;
            }

            var offset = NextOffset++;
            buffer[filled++] = new SourceRecord { Offset = offset, Event = NextEvent() };
            eventBudget--;
        }

        return filled;
    }

    /// <summary>Skips records up to and including <paramref name="offset"/> (regenerates them, so the sequence stays the same).</summary>
    public void SkipThrough(long offset)
    {
        Span<SourceRecord> scratch = new SourceRecord[256];
        while (NextOffset <= offset && !Ended)
        {
            var want = (int)Math.Min(scratch.Length, offset - NextOffset + 1);
            if (Fill(scratch[..want], long.MaxValue) == 0)
            {
                break;
            }
        }
    }

    private StreamEvent NextEvent()
    {
        var index = EventsProduced++;
        var time = _startTicks + (long)(index * _ticksPerEvent);
        var elapsed = TimeSpan.FromTicks(time - _startTicks);
        var e = _entities[_rng.NextInt(_entities.Length)];
        var shift = _world.DataShift(elapsed);

        var spike = _rng.NextDouble() < 0.05 ? 1.5 + (2.5 * _rng.NextDouble()) : 1.0;
        var power = _world.BasePower[e] * spike * (1 + (0.08 * _rng.NextGaussian()));
        var voltage = _world.BaseVoltage[e] + ((1 + (0.5 * shift)) * _rng.NextGaussian()) - (spike > 1 ? 3 : 0);
        var temperatureDeviation = (3 * _rng.NextGaussian()) + (4 * shift) + (spike > 1 ? 5 : 0);
        var temperature = _world.BaseTemperature[e] + temperatureDeviation;
        var load = Math.Clamp(_world.BaseLoad[e] + (0.1 * _rng.NextGaussian()) + (0.1 * shift), 0, 1);

        var concept = _world.Concept(elapsed, ref _rng);
        var logit = SyntheticWorld.FaultLogit(concept, (power / _world.BasePower[e]) - 1, temperatureDeviation, load);
        var label = _rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        var id = _idPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_world.Options.LabelFraction >= 1 || _rng.NextDouble() < _world.Options.LabelFraction)
        {
            _pending.Enqueue(new PendingLabel(time + _labelDelayTicks, id, e, label));
        }

        return new StreamEvent(id, _world.Ids[e], time, [(float)power, (float)voltage, (float)temperature, (float)load]);
    }

    private readonly record struct PendingLabel(long DueTicks, string EventId, int Entity, int Label);
}
