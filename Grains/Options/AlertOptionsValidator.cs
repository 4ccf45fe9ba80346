using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="AlertOptions"/>, every rule and the webhook included, reporting every problem at once.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private const string Section = AlertOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            ValidateRule(options.Rules[i], $"{Section}:Rules:{i}", names, result);
        }

        if (options.ReportInterval < TimeSpan.FromMilliseconds(100) || options.EvaluationInterval < TimeSpan.FromMilliseconds(100))
        {
            result.AddError($"{Section}:ReportInterval and {Section}:EvaluationInterval must be at least 100 ms.");
        }

        if (options.ReNotifyInterval <= TimeSpan.Zero)
        {
            result.AddError($"{Section}:ReNotifyInterval must be positive.");
        }

        if (options.HistorySize is < 0 or > 100_000)
        {
            result.AddError($"{Section}:HistorySize must be between 0 and 100,000.");
        }

        ValidateWebhook(options.Webhook, result);
        return result.Build();
    }

    private static void ValidateRule(AlertRuleOptions rule, string at, HashSet<string> names, ValidateOptionsResultBuilder result)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            result.AddError($"{at}:Name is required.");
        }
        else if (!names.Add(rule.Name))
        {
            result.AddError($"{at}:Name '{rule.Name}' is used by another rule.");
        }

        var known = AlertSignalKinds.TryParse(rule.Kind, out var kind);
        if (!known)
        {
            result.AddError($"{at}:Kind '{rule.Kind}' is not one of {string.Join(", ", AlertSignalKinds.All)}.");
        }

        if (rule.Threshold is not { } threshold || !double.IsFinite(threshold))
        {
            result.AddError($"{at}:Threshold is required and must be a finite number.");
        }
        else if (known && kind.IsRate() && threshold is < 0 or > 1)
        {
            result.AddError($"{at}:Threshold of a {kind.Name()} rule is a fraction of events and must be between 0 and 1.");
        }
        else if (threshold < 0)
        {
            result.AddError($"{at}:Threshold must not be negative.");
        }

        if (rule.Window <= TimeSpan.Zero)
        {
            result.AddError($"{at}:Window must be positive.");
        }

        if (rule.For < TimeSpan.Zero)
        {
            result.AddError($"{at}:For must not be negative.");
        }

        if (!Enum.IsDefined(rule.Severity))
        {
            result.AddError($"{at}:Severity '{rule.Severity}' is not one of info, warning, critical.");
        }
    }

    private static void ValidateWebhook(AlertWebhookOptions webhook, ValidateOptionsResultBuilder result)
    {
        const string At = Section + ":Webhook";
        if (webhook.Url is not null && (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            result.AddError($"{At}:Url '{webhook.Url}' is not an absolute http or https URL.");
        }

        if (webhook.Timeout <= TimeSpan.Zero)
        {
            result.AddError($"{At}:Timeout must be positive.");
        }

        if (webhook.MaxAttempts is < 1 or > 20)
        {
            result.AddError($"{At}:MaxAttempts must be between 1 and 20.");
        }

        if (webhook.RetryDelay < TimeSpan.Zero)
        {
            result.AddError($"{At}:RetryDelay must not be negative.");
        }

        if (webhook.QueueCapacity is < 1 or > 1_000_000)
        {
            result.AddError($"{At}:QueueCapacity must be between 1 and 1,000,000.");
        }
    }
}
