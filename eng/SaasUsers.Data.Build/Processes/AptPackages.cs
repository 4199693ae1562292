namespace SaasUsers.Data.Build.Processes;

/// <summary>Installs Debian packages the build needs (docker.io, debootstrap, the Native AOT toolchain).</summary>
public static class AptPackages
{
    /// <summary>
    /// <c>apt-get install -y</c>, with one <c>apt-get update</c> and a retry when that fails (a fresh machine may have
    /// empty package lists). Throws <see cref="StepFailedException"/> naming <paramref name="step"/> and the log.
    /// </summary>
    public static async Task InstallAsync(BuildContext context, string step, IReadOnlyList<string> packages, bool recommends, CancellationToken cancellationToken)
    {
        var log = context.LogFile("apt-install.log");
        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var install = new Command("apt-get", ["install", "-y", .. recommends ? Array.Empty<string>() : ["--no-install-recommends"], .. packages])
        {
            LogFile = log,
            Environment = environment,
        };
        if ((await context.RunAsync(install, cancellationToken)).Succeeded)
        {
            return;
        }

        await context.RunAsync(new Command("apt-get", "update") { LogFile = log, Environment = environment }, cancellationToken);
        if (!(await context.RunAsync(install, cancellationToken)).Succeeded)
        {
            throw new StepFailedException(step, $"apt-get install {string.Join(' ', packages)} failed (log: {log})", log);
        }
    }
}
