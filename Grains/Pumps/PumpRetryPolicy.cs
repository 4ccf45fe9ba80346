using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using StreamML.Core.Sources;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// How one pump retries, on Polly with the pump's clock: bounded exponential backoff with jitter from
/// <c>Pump.InitialBackoff</c> up to <c>Pump.MaxBackoff</c>. A group call that fails for a transient reason
/// (<see cref="CallFailures"/>) is retried for as long as the pump runs; one that fails for a permanent reason is given
/// up after <see cref="MaxPermanentFailures"/> such failures, to be dead-lettered. A source operation is retried while
/// the source is unavailable, and the pump reports the source failing meanwhile. Every retry ends when the pump stops.
/// </summary>
internal sealed partial class PumpRetryPolicy
{
    /// <summary>Permanent failures after which a group call is given up and its records dead-lettered.</summary>
    public const int MaxPermanentFailures = 8;

    private static readonly ResiliencePropertyKey<GroupCallAttempts> AttemptsKey = new("streamml.pump.group-call");
    private readonly ResiliencePipeline _calls;
    private readonly ResiliencePipeline _source;
    private readonly PlatformInstruments _instruments;
    private readonly string _sourceName;
    private readonly int _partition;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stateLogInterval;
    private volatile bool _sourceFailing;

    public PumpRetryPolicy(PumpServices services, string source, int partition)
    {
        _instruments = services.Instruments;
        _sourceName = source;
        _partition = partition;
        _logger = services.Logger;
        _time = services.Time;
        _stateLogInterval = services.Options.CheckpointInterval;
        var (options, time) = (services.Options, services.Time);
        _calls = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(WithBackoff(options, new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetryCall(args.Context, args.Outcome.Exception)),
                OnRetry = args =>
                {
                    var attempts = args.Context.Properties.GetValue(AttemptsKey, null!);
                    _instruments.CallRetried(attempts.LastKind);
                    if (attempts.StateNotWritten)
                    {
                        StateFailed(attempts.Group, args.Outcome.Exception!);
                    }
                    else
                    {
                        LogCallRetry(args.Outcome.Exception!, attempts.Group, attempts.LastKind, attempts.PermanentFailures, args.RetryDelay.TotalMilliseconds);
                    }

                    return default;
                },
            }))
            .Build();
        _source = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(WithBackoff(options, new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested && (ex is SourceUnavailableException || CallFailures.IsTransient(ex))),
                OnRetry = args =>
                {
                    if (!_sourceFailing)
                    {
                        _sourceFailing = true;
                        _instruments.SourceFailing(+1);
                    }

                    LogSourceUnavailable(args.Outcome.Exception!, _sourceName, _partition, args.Context.OperationKey ?? "?", args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            }))
            .Build();
    }

    /// <summary>Whether the source failed at its last operation and has not answered since (for readiness).</summary>
    public bool SourceFailing => _sourceFailing;

    /// <summary>
    /// Runs one operation on the source or the checkpoint store (<paramref name="operation"/> names it in the log),
    /// retrying while it fails for a reason that passes; an operation cancelled by <paramref name="cancellationToken"/>
    /// throws.
    /// </summary>
    public async ValueTask<T> SourceAsync<T, TState>(string operation, Func<TState, CancellationToken, ValueTask<T>> action, TState state, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var result = await _source.ExecuteAsync(static (context, s) => s.action(s.state, context.CancellationToken), context, (action, state)).ConfigureAwait(false);
            if (_sourceFailing)
            {
                _sourceFailing = false;
                _instruments.SourceFailing(-1);
                LogSourceRecovered(_sourceName, _partition);
            }

            return result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Stops counting the source as failing: the pump that reads it is ending.</summary>
    public void EndSourceFailing()
    {
        if (_sourceFailing)
        {
            _sourceFailing = false;
            _instruments.SourceFailing(-1);
        }
    }

    /// <summary>
    /// Makes a call to entity group <paramref name="group"/> until it returns, or until it is given up: after
    /// <see cref="MaxPermanentFailures"/> permanent failures (<see cref="GroupCallEnd{T}.Exhausted"/>), or because the
    /// pump stops.
    /// </summary>
    public async Task<GroupCallEnd<T>> CallGroupAsync<T, TState>(long group, Func<TState, ValueTask<T>> attempt, TState state, CancellationToken stopping)
    {
        var attempts = new GroupCallAttempts(group, stopping);

        // The first attempt is made even when the pump is already stopping, as a call queued behind its group's previous
        // one always was; only the waits between attempts end with the stop.
        var context = ResilienceContextPool.Shared.Get(stopping.IsCancellationRequested ? CancellationToken.None : stopping);
        context.Properties.Set(AttemptsKey, attempts);
        try
        {
            var outcome = await _calls.ExecuteOutcomeAsync(
                static async (_, s) =>
                {
                    try
                    {
                        return Outcome.FromResult(await s.attempt(s.state).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<T>(ex);
                    }
                },
                context,
                (attempt, state)).ConfigureAwait(false);
            if (outcome.Exception is null)
            {
                StateWritten(group);
                return new GroupCallEnd<T>(outcome.Result, null, Exhausted: false);
            }

            if (outcome.Exception is OutOfMemoryException)
            {
                outcome.ThrowIfException();
            }

            // Given up while stopping, the failure that counts is the call's, not the cancelled wait's.
            return new GroupCallEnd<T>(default, attempts.LastFailure ?? outcome.Exception, attempts.Exhausted);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Bounded exponential backoff with jitter, for as many attempts as the predicate allows.</summary>
    private static RetryStrategyOptions WithBackoff(PumpOptions options, RetryStrategyOptions retry)
    {
        retry.MaxRetryAttempts = int.MaxValue;
        retry.BackoffType = DelayBackoffType.Exponential;
        retry.UseJitter = true;
        retry.Delay = options.InitialBackoff;
        retry.MaxDelay = options.MaxBackoff;
        return retry;
    }

    private static bool ShouldRetryCall(ResilienceContext context, Exception? failure)
    {
        if (failure is null or OutOfMemoryException)
        {
            return false;
        }

        var attempts = context.Properties.GetValue(AttemptsKey, null!);
        attempts.LastFailure = failure;
        attempts.StateNotWritten = CallFailures.IsStateNotWritten(failure);

        // The group applied the records and only its state write failed: dead-lettering them would drop progress that is
        // in memory, so they are retried, as a transient failure, until storage is back.
        attempts.LastKind = attempts.StateNotWritten ? CallFailure.Transient : CallFailures.Classify(failure);
        if (attempts.LastKind == CallFailure.Permanent && ++attempts.PermanentFailures >= MaxPermanentFailures)
        {
            attempts.Exhausted = true;
            return false;
        }

        // Retrying is safe: the entity skips events whose offsets it has already applied. A transient failure is the
        // platform's, not the records': it is retried for as long as the pump runs.
        return !attempts.Stopping.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}/{Partition} unavailable ({What}); retrying in about {BackoffMs} ms")]
    private partial void LogSourceUnavailable(Exception exception, string source, int partition, string what, double backoffMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}/{Partition} is reachable again")]
    private partial void LogSourceRecovered(string source, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity group {Group} call failed ({Failure}, permanent failures so far {Permanent}); retrying in about {BackoffMs} ms")]
    private partial void LogCallRetry(Exception exception, long group, CallFailure failure, int permanent, double backoffMs);

    /// <summary>What one group call has gone through so far; Polly's predicate counts its permanent failures here.</summary>
    private sealed class GroupCallAttempts(long group, CancellationToken stopping)
    {
        public long Group => group;

        public CancellationToken Stopping => stopping;

        public int PermanentFailures { get; set; }

        public CallFailure LastKind { get; set; }

        public Exception? LastFailure { get; set; }

        public bool StateNotWritten { get; set; }

        public bool Exhausted { get; set; }
    }
}
