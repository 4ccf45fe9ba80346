using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Alerts;

/// <summary>
/// The cluster's alert evaluator. Its state is in memory only: a new activation starts with no alerts, and rebuilds
/// them from the signals that keep arriving within a report interval, at the cost of notifying a still-firing alert
/// once more.
/// </summary>
internal sealed class AlertGrain(IOptions<AlertOptions> options, AlertDispatcher dispatcher, PlatformContext context) : Grain, IAlertGrain
{
    private readonly AlertEvaluator _evaluator = new(options.Value.ToRules(), options.Value.ReNotifyInterval, options.Value.HistorySize);
    private long _signals;
    private long _notifications;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_evaluator.Rules.Count > 0)
        {
            // Kept alive by its timer: pending alerts must reach their for-duration, and windows must slide, with or without signals.
            var period = options.Value.EvaluationInterval;
            this.RegisterGrainTimer(static (grain, _) => grain.EvaluateAsync(), this, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    Task IAlertGrain.SignalAsync(AlertSignal[] signals)
    {
        _evaluator.Add(signals, context.Time.GetUtcNow());
        _signals += signals.Length;
        return EvaluateAsync();
    }

    Task<AlertsView> IAlertGrain.GetAsync() => Task.FromResult(new AlertsView
    {
        Active = [.. _evaluator.Active],
        Recent = [.. _evaluator.Recent],
        Rules = [.. _evaluator.Rules.Select(r => r.Name)],
        Signals = _signals,
        Notifications = _notifications,
    });

    private Task EvaluateAsync()
    {
        foreach (var notification in _evaluator.Evaluate(context.Time.GetUtcNow()))
        {
            dispatcher.Publish(notification);
            _notifications++;
        }

        return Task.CompletedTask;
    }
}
