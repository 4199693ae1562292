using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// The Debian mirror this machine's apt uses, for debootstrap, read at run time (never written into the repository):
/// the first <c>Types: deb</c> stanza of <c>/etc/apt/sources.list.d/*.sources</c> whose Suites hold the suite, else the
/// first matching <c>deb</c> line of <c>/etc/apt/sources.list</c>.
/// </summary>
public static class DebianMirror
{
    public static string? Find(IFileSystem files, string suite)
    {
        foreach (var file in files.FindFiles("/etc/apt/sources.list.d", "*.sources"))
        {
            if (FromDeb822(files.ReadAllText(file), suite) is { } uri)
            {
                return uri;
            }
        }

        return files.FileExists("/etc/apt/sources.list") ? FromSourcesList(files.ReadAllText("/etc/apt/sources.list"), suite) : null;
    }

    /// <summary>The first URI of the first deb stanza (stanzas are separated by blank lines) that lists <paramref name="suite"/>.</summary>
    public static string? FromDeb822(string text, string suite)
    {
        foreach (var stanza in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            var fields = stanza.Split('\n')
                .Where(line => !line.StartsWith('#') && line.Contains(':', StringComparison.Ordinal) && !char.IsWhiteSpace(line[0]))
                .Select(line => (Name: line[..line.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Value.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);
            if (fields.TryGetValue("Types", out var types) && types.Contains("deb") &&
                fields.TryGetValue("Suites", out var suites) && suites.Contains(suite) &&
                fields.TryGetValue("URIs", out var uris) && uris.Length > 0)
            {
                return uris[0];
            }
        }

        return null;
    }

    /// <summary>From one-line entries: <c>deb [options] URI SUITE COMPONENTS...</c>.</summary>
    public static string? FromSourcesList(string text, string suite)
    {
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words is not ["deb", ..])
            {
                continue;
            }

            var i = 1;
            if (i < words.Count && words[i].StartsWith('['))
            {
                while (i < words.Count && !words[i].EndsWith(']'))
                {
                    i++;
                }

                i++;
            }

            if (i + 1 < words.Count && words[i + 1] == suite)
            {
                return words[i];
            }
        }

        return null;
    }
}
