using System.Text;

namespace StreamML.Testing.Infrastructure;

/// <summary>Looks for values in every file under a folder, as raw bytes (UTF-8 and UTF-16), whatever the file's format.</summary>
public static class StorageScan
{
    /// <summary>Each of <paramref name="values"/> found under <paramref name="directory"/>, with the files it is in; values found nowhere are left out.</summary>
    public static Dictionary<string, List<string>> Find(string directory, IEnumerable<string> values)
    {
        var wanted = values.Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return found;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var value in wanted)
            {
                if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)) >= 0)
                {
                    (found.TryGetValue(value, out var files) ? files : found[value] = []).Add(Path.GetRelativePath(directory, file));
                }
            }
        }

        return found;
    }
}
