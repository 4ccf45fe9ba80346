namespace StreamML.Testing.Infrastructure;

/// <summary>Bounded waiting for a server the tests started to accept work.</summary>
public static class Readiness
{
    /// <summary>How long a server may take to become ready before the fixture fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls <paramref name="probe"/> until it returns true, the process exits or <see cref="Timeout"/> passes; then
    /// throws with <paramref name="describeFailure"/> (the server's log tail). Waiting on an external process has no
    /// event to await, so this is the one place the tests poll, and it is bounded.
    /// </summary>
    public static async Task WaitAsync(
        string server,
        Func<CancellationToken, Task<bool>> probe,
        Func<bool> hasExited,
        Func<string> describeFailure)
    {
        using var cts = new CancellationTokenSource(Timeout);
        Exception? last = null;
        while (!cts.IsCancellationRequested)
        {
            if (hasExited())
            {
                throw new InvalidOperationException($"{server} exited during start-up.{Environment.NewLine}{describeFailure()}");
            }

            try
            {
                if (await probe(cts.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                last = ex;
            }

            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException(
            $"{server} was not ready within {Timeout.TotalSeconds:0} s (last probe error: {last?.Message ?? "none"}).{Environment.NewLine}{describeFailure()}");
    }

    /// <summary>The last <paramref name="lines"/> lines of a log file, or a note that it does not exist.</summary>
    public static string FileTail(string path, int lines = 40)
    {
        if (!File.Exists(path))
        {
            return $"(no log at {path})";
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- {path} ---{Environment.NewLine}{string.Join(Environment.NewLine, all.TakeLast(lines))}";
        }
        catch (IOException ex)
        {
            return $"(could not read {path}: {ex.Message})";
        }
    }
}
