using StreamML.Grains.Options;

namespace StreamML.Grains.Pumps;

/// <summary>
/// The wait before a faulted pump starts again: <c>Pump:InitialRestartBackoff</c>, doubled with each restart in a row up
/// to <c>Pump:MaxRestartBackoff</c>, and spread by a random fifth either way (never above the maximum) so that the pumps
/// of a silo that failed together do not start again together.
/// </summary>
internal sealed class RestartBackoff(PumpOptions options)
{
    private int _attempt;

    /// <summary>The next wait, longer than the one before until the maximum.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_attempt++, 30);
        var ticks = Math.Min((double)options.InitialRestartBackoff.Ticks * Math.Pow(2, exponent), options.MaxRestartBackoff.Ticks);
        var jittered = ticks * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromTicks((long)Math.Min(jittered, options.MaxRestartBackoff.Ticks));
    }

    /// <summary>Starts over from the shortest wait.</summary>
    public void Reset() => _attempt = 0;
}
