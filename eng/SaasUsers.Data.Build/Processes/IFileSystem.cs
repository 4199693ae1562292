namespace SaasUsers.Data.Build.Processes;

/// <summary>The file system as the build's decisions see it (the real one, or a dictionary in the tests).</summary>
public interface IFileSystem
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    string ReadAllText(string path);

    void WriteAllText(string path, string contents);

    /// <summary>Files under <paramref name="directory"/> (and its subfolders) whose name matches <paramref name="pattern"/>, sorted.</summary>
    IReadOnlyList<string> FindFiles(string directory, string pattern);

    void CreateDirectory(string path);

    void DeleteDirectory(string path);

    void DeleteFile(string path);

    void MoveFile(string source, string destination);

    void MoveDirectory(string source, string destination);

    bool ContentEquals(string first, string second);

    long Length(string path);
}
