namespace StreamML.Storage.Tests.Grains;

/// <summary>A test-only grain whose state lives in the grain storage named <see cref="CounterGrain.StorageName"/>.</summary>
[Alias("streamml.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync(string note);

    Task<(int Count, string Note, bool RecordExists)> GetAsync();

    Task ClearAsync();
}
