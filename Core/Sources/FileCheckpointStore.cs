using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace StreamML.Core.Sources;

/// <summary>
/// Checkpoints in small files under a root folder: <c>{root}/{source}/{partition}.checkpoint</c>, one per partition.
/// The default store of the embedded platform.
/// </summary>
/// <remarks>
/// <para>
/// A file holds the offset, the source's native position when the offset alone cannot name it, and a write counter; the counter (as a decimal string) is the version a writer must name.
/// A write is a read-compare-replace under a lock: an in-process lock so two writers in one process cannot both
/// win, plus an exclusive lock file so two processes on the same folder serialise as well.
/// </para>
/// <para>
/// The new content goes to a temporary file that is flushed to disk and then renamed over the checkpoint, so a crash
/// mid-write leaves either the old or the new checkpoint, never a torn one. Keeping offsets from going backwards is
/// the caller's rule, not the store's: the store writes whatever offset the current version holder gives it.
/// </para>
/// </remarks>
public sealed class FileCheckpointStore : ICheckpointStore
{
    private const string Extension = ".checkpoint";
    private const string Header = "streamml-checkpoint 1";
    private readonly string _root;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Creates a store under <paramref name="rootDirectory"/> (created when missing).</summary>
    public FileCheckpointStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder the checkpoints live in.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc />
    public async ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default)
    {
        var path = PathOf(source, partition);
        return await ReadAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(source, partition, offset, position: null, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? position, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        if (position is not null && (position.Length == 0 || position.Any(char.IsControl)))
        {
            throw new ArgumentException("a checkpoint position is one line of text", nameof(position));
        }

        var path = PathOf(source, partition);
        var gate = _locks.GetOrAdd(path, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var crossProcessLock = await AcquireFileLockAsync(path + ".lock", cancellationToken).ConfigureAwait(false);
            var current = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(current.Version, expectedVersion, StringComparison.Ordinal))
            {
                throw new CheckpointConflictException(
                    $"Checkpoint of {source}/{partition} is at version '{current.Version ?? "none"}', not the expected '{expectedVersion ?? "none"}'; it was not overwritten.")
                {
                    Current = current,
                };
            }

            var next = current.Version is null ? 1 : long.Parse(current.Version, NumberStyles.None, CultureInfo.InvariantCulture) + 1;
            var content = string.Create(CultureInfo.InvariantCulture, $"{Header}\nversion={next}\noffset={offset}\n{(position is null ? string.Empty : $"position={position}\n")}");
            var temp = path + ".tmp";
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return new CheckpointState(offset, next.ToString(CultureInfo.InvariantCulture)) { Position = position };
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(string source, int partition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return Path.Combine(_root, EscapeName(source), partition.ToString(CultureInfo.InvariantCulture) + Extension);
    }

    /// <summary>Maps a source name to a safe folder name: letters, digits, '-', '_' and '.' stay; any other byte is %XX.</summary>
    internal static string EscapeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && builder.Length > 0))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static async ValueTask<CheckpointState> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return CheckpointState.None;
        }
        catch (DirectoryNotFoundException)
        {
            return CheckpointState.None;
        }

        return Parse(text, path);
    }

    private static CheckpointState Parse(string text, string path)
    {
        // A fourth line, the native position, is there only when the offset alone cannot name it.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length is < 3 or > 4 || lines[0] != Header
            || (lines.Length == 4 && !lines[3].StartsWith("position=", StringComparison.Ordinal))
            || !lines[1].StartsWith("version=", StringComparison.Ordinal)
            || !lines[2].StartsWith("offset=", StringComparison.Ordinal)
            || !long.TryParse(lines[1].AsSpan("version=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !long.TryParse(lines[2].AsSpan("offset=".Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
        {
            // Renames are atomic, so a malformed file was written by something else; refuse to guess.
            throw new InvalidDataException($"Checkpoint file {path} is not a StreamML checkpoint.");
        }

        return new CheckpointState(offset, version.ToString(CultureInfo.InvariantCulture))
        {
            Position = lines.Length == 4 ? lines[3]["position=".Length..] : null,
        };
    }

    private static async ValueTask<FileStream> AcquireFileLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        // Another process holding the lock file is a short critical section (read, write, rename); wait for it, boundedly.
        const int MaxAttempts = 500;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < MaxAttempts)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
