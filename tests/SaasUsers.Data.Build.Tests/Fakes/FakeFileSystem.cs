using System.IO.Enumeration;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Tests.Fakes;

/// <summary>An in-memory file system: paths to contents, plus folders.</summary>
public sealed class FakeFileSystem : IFileSystem
{
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Directories { get; } = new(StringComparer.Ordinal);

    public FakeFileSystem With(string path, string contents = "")
    {
        Files[path] = contents;
        return this;
    }

    /// <summary>The programs on the PATH (/usr/bin/NAME).</summary>
    public FakeFileSystem WithPrograms(params string[] names)
    {
        foreach (var name in names)
        {
            Files["/usr/bin/" + name] = string.Empty;
        }

        return this;
    }

    public FakeFileSystem WithDebian() => With("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n").WithPrograms("apt-get");

    public bool FileExists(string path) => Files.ContainsKey(path);

    public bool DirectoryExists(string path) => Directories.Contains(path) || Files.Keys.Any(f => f.StartsWith(path + "/", StringComparison.Ordinal));

    public string ReadAllText(string path) => Files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException(path);

    public void WriteAllText(string path, string contents) => Files[path] = contents;

    public IReadOnlyList<string> FindFiles(string directory, string pattern) =>
        Files.Keys.Where(f => f.StartsWith(directory + "/", StringComparison.Ordinal) && FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(f)))
            .Order(StringComparer.Ordinal).ToArray();

    public void CreateDirectory(string path) => Directories.Add(path);

    public void DeleteDirectory(string path)
    {
        Directories.RemoveWhere(d => d == path || d.StartsWith(path + "/", StringComparison.Ordinal));
        foreach (var file in Files.Keys.Where(f => f.StartsWith(path + "/", StringComparison.Ordinal)).ToArray())
        {
            Files.Remove(file);
        }
    }

    public void DeleteFile(string path) => Files.Remove(path);

    public void MoveFile(string source, string destination)
    {
        Files[destination] = Files[source];
        Files.Remove(source);
    }

    public void MoveDirectory(string source, string destination)
    {
        foreach (var file in Files.Keys.Where(f => f.StartsWith(source + "/", StringComparison.Ordinal)).ToArray())
        {
            Files[destination + file[source.Length..]] = Files[file];
            Files.Remove(file);
        }

        Directories.Add(destination);
    }

    public bool ContentEquals(string first, string second) => Files.TryGetValue(first, out var a) && Files.TryGetValue(second, out var b) && a == b;

    public long Length(string path) => Files.TryGetValue(path, out var text) ? text.Length : 0;
}
