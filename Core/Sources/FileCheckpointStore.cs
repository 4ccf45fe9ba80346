using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamML.Core.Sources;

/// <summary>
/// Checkpoints in a folder, one small file per source partition (<c>{root}/{source}/{partition}.checkpoint</c> holding
/// the offset and a version counter). A write goes to a temporary file that is renamed over the old one, so a crash
/// leaves the old or the new checkpoint, never half of one; writers in one process are serialised per partition, so a
/// stale expected version is always detected.
/// </summary>
public sealed partial class FileCheckpointStore : ICheckpointStore
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Creates a store under <paramref name="root"/> (created when missing).</summary>
    public FileCheckpointStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder the store lives in.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public async ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default)
    {
        var path = PathOf(source, partition);
        if (!File.Exists(path))
        {
            return CheckpointState.None;
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
    }

    /// <inheritdoc />
    public async ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var path = PathOf(source, partition);
        var gate = _locks.GetOrAdd(path, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = File.Exists(path) ? Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path) : CheckpointState.None;
            if (!string.Equals(current.Version, expectedVersion, StringComparison.Ordinal))
            {
                throw new CheckpointConflictException($"checkpoint {source}/{partition} is at version {current.Version ?? "none"}, not {expectedVersion ?? "none"}") { Current = current };
            }

            var version = ((current.Version is null ? 0 : long.Parse(current.Version, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllTextAsync(temp, string.Create(CultureInfo.InvariantCulture, $"{offset} {version}\n"), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            return new CheckpointState(offset, version);
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(string source, int partition)
    {
        if (!SourcePattern().IsMatch(source))
        {
            throw new ArgumentException($"'{source}' is not a valid source name for a checkpoint file", nameof(source));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return Path.Combine(_root, source, partition.ToString(CultureInfo.InvariantCulture) + ".checkpoint");
    }

    private static CheckpointState Parse(string text, string path)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidDataException($"{path}: not a checkpoint file");
        }

        return new CheckpointState(offset, parts[1]);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex SourcePattern();
}
