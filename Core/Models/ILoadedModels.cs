namespace StreamML.Core.Models;

/// <summary>The model versions already loaded in this process, looked up without starting a load (for scoring again at a label).</summary>
public interface ILoadedModels
{
    /// <summary>Returns <paramref name="version"/> of <paramref name="model"/> if it is loaded, otherwise null.</summary>
    ScoringModel? TryGetLoaded(string model, int version);
}
