using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StreamML.Silo.Hosting;

namespace StreamML.Silo.Tests;

/// <summary>
/// Membership and shutdown settings reach Orleans and the host: by default a pause of several seconds (a long GC, a
/// frozen process) never evicts a silo, and every value can be configured and is checked at start.
/// </summary>
[Trait("Category", "BVT")]
public sealed class MembershipSettingsTests
{
    private static async Task<(ClusterMembershipOptions Membership, HostOptions Host)> WiredAsync(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(["--StreamML:Source=None", .. args]);
        builder.AddStreamMLSilo();
        await using var app = builder.Build();
        return (app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value, app.Services.GetRequiredService<IOptions<HostOptions>>().Value);
    }

    [Fact]
    public async Task Defaults_TolerateAnEightSecondPause()
    {
        var (membership, host) = await WiredAsync();

        Assert.Equal(
            (TimeSpan.FromSeconds(5), 3, 3, 2, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)),
            (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.NumProbedSilos, membership.NumVotesForDeathDeclaration,
             membership.DeathVoteExpirationTimeout, membership.IAmAliveTablePublishTimeout));

        // A silo is voted dead only after missing MissedProbesLimit probes in a row, so a pause shorter than the span of
        // all but one of them cannot be.
        Assert.True(membership.ProbeTimeout * (membership.NumMissedProbesLimit - 1) > TimeSpan.FromSeconds(8));
        Assert.Equal(TimeSpan.FromSeconds(60), host.ShutdownTimeout);
    }

    [Fact]
    public async Task ConfiguredValues_ReachOrleansAndTheHost()
    {
        var (membership, host) = await WiredAsync(
            "--StreamML:Membership:ProbeTimeout=00:00:02",
            "--StreamML:Membership:MissedProbesLimit=5",
            "--StreamML:Membership:ProbedSilos=4",
            "--StreamML:Membership:VotesForDeathDeclaration=3",
            "--StreamML:Membership:DeathVoteExpiration=00:05:00",
            "--StreamML:Membership:IAmAliveInterval=00:00:20",
            "--StreamML:ShutdownTimeout=00:02:00");

        Assert.Equal(
            (TimeSpan.FromSeconds(2), 5, 4, 3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(20)),
            (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.NumProbedSilos, membership.NumVotesForDeathDeclaration,
             membership.DeathVoteExpirationTimeout, membership.IAmAliveTablePublishTimeout));
        Assert.Equal(TimeSpan.FromMinutes(2), host.ShutdownTimeout);
    }

    [Fact]
    public void ReadValidated_InconsistentValues_AreListedAtOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StreamML:Source"] = "None",
            ["StreamML:Membership:ProbeTimeout"] = "00:00:00",
            ["StreamML:Membership:MissedProbesLimit"] = "0",
            ["StreamML:Membership:ProbedSilos"] = "2",
            ["StreamML:Membership:VotesForDeathDeclaration"] = "3",
            ["StreamML:Membership:DeathVoteExpiration"] = "00:00:01",
            ["StreamML:ShutdownTimeout"] = "00:00:00",
        }).Build();

        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(configuration));

        Assert.Equal(
            [
                "StreamML:ShutdownTimeout must be positive.",
                "StreamML:Membership:ProbeTimeout must be between 100 ms and 5 minutes.",
                "StreamML:Membership:MissedProbesLimit must be between 1 and 100.",
                "StreamML:Membership:VotesForDeathDeclaration must be at least 1 and at most StreamML:Membership:ProbedSilos.",
            ],
            ex.Problems);
    }
}
