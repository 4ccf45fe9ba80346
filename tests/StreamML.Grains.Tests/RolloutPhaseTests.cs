using StreamML.Grains.Rollout;

namespace StreamML.Grains.Tests;

[Trait("Category", "BVT")]
public sealed class RolloutPhaseTests
{
    [Fact]
    public void Phase_EveryPhase_IsPersistedUnderTheNameTheApiReports()
    {
        var state = new RolloutState();
        var names = new List<string> { state.PhaseName };
        foreach (var phase in Enum.GetValues<RolloutPhase>())
        {
            state.Phase = phase;
            names.Add(state.PhaseName);
            Assert.Equal(phase, new RolloutState { PhaseName = state.PhaseName }.Phase);
        }

        Assert.Equal(["idle", "idle", "running", "promoted", "rolled_back"], names);
    }
}
