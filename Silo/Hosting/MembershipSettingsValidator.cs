using Microsoft.Extensions.Options;

namespace StreamML.Silo.Hosting;

/// <summary>Validates <see cref="MembershipSettings"/>, reporting every problem at once.</summary>
internal sealed class MembershipSettingsValidator : IValidateOptions<MembershipSettings>
{
    private const string Section = MembershipSettings.SectionName;

    public ValidateOptionsResult Validate(string? name, MembershipSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ProbeTimeout < TimeSpan.FromMilliseconds(100) || options.ProbeTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:ProbeTimeout must be between 100 ms and 5 minutes.");
        }

        if (options.MissedProbesLimit is < 1 or > 100)
        {
            failures.Add($"{Section}:MissedProbesLimit must be between 1 and 100.");
        }

        if (options.ProbedSilos is < 1 or > 100)
        {
            failures.Add($"{Section}:ProbedSilos must be between 1 and 100.");
        }

        if (options.VotesForDeathDeclaration < 1 || options.VotesForDeathDeclaration > options.ProbedSilos)
        {
            failures.Add($"{Section}:VotesForDeathDeclaration must be at least 1 and at most {Section}:ProbedSilos.");
        }

        // A vote that expires before the next missed probes can add to it never reaches a declaration.
        if (options.DeathVoteExpiration <= options.ProbeTimeout * options.MissedProbesLimit)
        {
            failures.Add($"{Section}:DeathVoteExpiration must be longer than ProbeTimeout × MissedProbesLimit.");
        }

        if (options.IAmAliveInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:IAmAliveInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
