namespace StreamML.Storage.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState(stateName: "counter", storageName: CounterGrain.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public const string StorageName = "store";

    public async Task<int> IncrementAsync(string note)
    {
        state.State.Count++;
        state.State.Note = note;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<(int Count, string Note, bool RecordExists)> GetAsync() =>
        Task.FromResult((state.State.Count, state.State.Note, state.RecordExists));

    public Task ClearAsync() => state.ClearStateAsync();
}
