using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces.Rollout;

namespace StreamML.Grains.Rollout;

/// <summary>The rollout's log messages.</summary>
internal sealed partial class RolloutGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: {Mode} rollout of version {Version} started ({Actor})")]
    private partial void LogStarted(string model, int version, RolloutMode mode, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: version {Version} steps up to {Percent}%: {Reason}")]
    private partial void LogStep(string model, int version, double percent, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: version {Version} promoted over version {Previous} ({Actor}): {Reason}")]
    private partial void LogPromoted(string model, int version, int previous, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: version {Version} rolled back to version {Champion} ({Actor}): {Reason}")]
    private partial void LogRolledBack(string model, int version, int champion, string actor, string reason);
}
