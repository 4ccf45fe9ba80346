namespace StreamML.Core.Files;

/// <summary>
/// Whole-file writes that a crash cannot tear: the content goes to a temporary file in the target's folder, is flushed
/// to disk and then renamed over the target, so a reader finds the old content or the new one, never a part. A crash
/// before the rename leaves a temporary file (<c>{target}.{random}.tmp</c>) that readers never open;
/// <see cref="DeleteStaleTemporaryFiles"/> removes such leftovers.
/// </summary>
public static class AtomicFile
{
    /// <summary>How the name of every temporary file ends.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> in one step.</summary>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            // Flushed first: otherwise the rename can reach the disk before the data, and a power cut leaves an empty file.
            await WriteNewAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> (which must not exist) with <paramref name="content"/> and flushes it to disk
    /// before returning: for files that a later rename of their folder publishes.
    /// </summary>
    public static async Task WriteNewAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Whether <paramref name="path"/> names a temporary file of an unfinished write.</summary>
    public static bool IsTemporary(string path) => path.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> (not below it) last written before
    /// <paramref name="before"/>: leftovers of writes that crashed. A write still in progress in another process is left
    /// alone as long as it started after <paramref name="before"/>. Returns how many were deleted.
    /// </summary>
    public static int DeleteStaleTemporaryFiles(string directory, DateTimeOffset before)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
        {
            if (File.GetLastWriteTimeUtc(file) < before.UtcDateTime && TryDelete(file))
            {
                deleted++;
            }
        }

        return deleted;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
