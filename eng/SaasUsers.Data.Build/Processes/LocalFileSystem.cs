namespace SaasUsers.Data.Build.Processes;

/// <summary>The real <see cref="IFileSystem"/>.</summary>
public sealed class LocalFileSystem : IFileSystem
{
    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public string ReadAllText(string path) => File.ReadAllText(path);

    public void WriteAllText(string path, string contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, contents);
    }

    public IReadOnlyList<string> FindFiles(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [];

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public void DeleteFile(string path) => File.Delete(path);

    public void MoveFile(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void MoveDirectory(string source, string destination) => Directory.Move(source, destination);

    public bool ContentEquals(string first, string second)
    {
        var a = new FileInfo(first);
        var b = new FileInfo(second);
        return a.Exists && b.Exists && a.Length == b.Length && File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(second));
    }

    public long Length(string path) => new FileInfo(path).Length;
}
