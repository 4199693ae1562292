using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// Scratch space of an image build under the temporary folder, removed at the end even when a chroot
/// (debootstrap) left something mounted inside it.
/// </summary>
public sealed class WorkDirectory(BuildContext context, string path) : IAsyncDisposable
{
    public string Path { get; } = path;

    public static WorkDirectory Create(BuildContext context)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saasusers-dynamodb-local-" + Guid.NewGuid().ToString("N")[..8]);
        context.Files.CreateDirectory(path);
        return new WorkDirectory(context, path);
    }

    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        context.Files.CreateDirectory(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        var none = CancellationToken.None;
        if (context.Files.FileExists("/proc/mounts"))
        {
            // Deepest first.
            var mounts = context.Files.ReadAllText("/proc/mounts").Split('\n')
                .Select(line => line.Split(' '))
                .Where(fields => fields.Length > 1 && fields[1].StartsWith(Path + "/", StringComparison.Ordinal))
                .Select(fields => fields[1])
                .OrderDescending(StringComparer.Ordinal);
            foreach (var mount in mounts)
            {
                await context.RunAsync(new Command("umount", "-l", mount), none);
            }
        }

        await context.RunAsync(new Command("rm", "-rf", "--one-file-system", Path), none);
    }
}
