namespace StreamML.Silo.Hosting;

/// <summary>
/// How silos decide that one of them is dead (<c>StreamML:Membership</c>). Every silo probes <see cref="ProbedSilos"/> others every <see cref="ProbeTimeout"/>; a silo that missed
/// <see cref="MissedProbesLimit"/> probes in a row is suspected, and declared dead once
/// <see cref="VotesForDeathDeclaration"/> silos suspect it within <see cref="DeathVoteExpiration"/>. A pause shorter
/// than (<see cref="MissedProbesLimit"/> − 1) × <see cref="ProbeTimeout"/> (10 s by default) never evicts a silo.
/// </summary>
public sealed class MembershipSettings
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "StreamML:Membership";

    /// <summary>How often a silo probes each silo it watches, and how long it waits for the answer.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Probes in a row a silo may miss before the prober votes it dead.</summary>
    /// <value>The default value is 3.</value>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many other silos each silo probes.</summary>
    /// <value>The default value is 3.</value>
    public int ProbedSilos { get; set; } = 3;

    /// <summary>Votes that declare a silo dead (fewer when the cluster has fewer silos to vote).</summary>
    /// <value>The default value is 2.</value>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a vote counts.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a silo writes its heartbeat to the membership table (for diagnostics and for silos that start).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(30);
}
