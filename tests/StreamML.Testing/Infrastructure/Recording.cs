namespace StreamML.Testing.Infrastructure;

/// <summary>What a test double received, in order, with a bounded wait for a number of items that wakes on each arrival.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Recording<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();
    private readonly ChangeSignal _changed = new();

    /// <summary>A copy of the items received so far.</summary>
    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    /// <summary>Records an item and wakes the waiters.</summary>
    public void Add(T item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }

        _changed.Notify();
    }

    /// <summary>Waits until at least <paramref name="count"/> items arrived and returns them; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan timeout)
    {
        await _changed.WaitUntilAsync(() => Items.Count >= count, timeout, $"{count} {typeof(T).Name} item(s)");
        return Items;
    }
}
