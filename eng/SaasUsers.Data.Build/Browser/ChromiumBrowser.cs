using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Browser;

/// <summary>
/// The browser of the web sample's Playwright tests: Debian's Chromium (Playwright cannot download its own builds
/// here). <c>SAASUSERS_CHROMIUM</c> names one; else <c>chromium</c> on the PATH; else, as root on Debian/Ubuntu, it
/// is installed (<c>apt-get install -y chromium</c>, about 30 s and 155 MB once). The path found is put in
/// <c>SAASUSERS_CHROMIUM</c> for the tests, which fail (never skip) without it.
/// </summary>
public sealed class ChromiumBrowser(BuildContext context)
{
    public const string Step = "chromium";

    /// <summary>The variable that names the browser's executable, for the build and for the tests.</summary>
    public const string Variable = "SAASUSERS_CHROMIUM";

    private static readonly string[] Programs = ["chromium", "chromium-browser"];

    private BuildLog Log => context.Log;

    /// <summary>The browser's executable, installed when missing; throws <see cref="StepFailedException"/> saying what to do.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (context.Environment.Get(Variable) is { Length: > 0 } named)
        {
            if (!context.Files.FileExists(named))
            {
                throw new StepFailedException(Step, $"{Variable}={named} does not exist; unset it to let the build find or install Chromium");
            }

            return await UseAsync(named, "named by " + Variable, cancellationToken);
        }

        if (Find() is { } found)
        {
            return await UseAsync(found, "found", cancellationToken);
        }

        if (!context.IsRoot || !context.IsDebianLike())
        {
            throw new StepFailedException(Step, $"the browser tests need Chromium, and the build installs it only as root on Debian/Ubuntu; install it (apt-get install chromium) or set {Variable} to its executable");
        }

        var start = Log.Start();
        Log.Info(Step, "not found: installing chromium (apt-get install -y chromium)");
        await AptPackages.InstallAsync(context, Step, ["chromium"], recommends: true, cancellationToken);
        var installed = Find() ?? throw new StepFailedException(Step, $"apt-get installed chromium, but no {string.Join(" or ", Programs)} is on the PATH (log: {context.LogFile("apt-install.log")})");
        Log.Info(Step, $"installed ({Log.Since(start)})");
        return await UseAsync(installed, "installed", cancellationToken);
    }

    private string? Find()
    {
        var path = context.Environment.Get("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return Programs
            .SelectMany(program => path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(directory => Path.Combine(directory, program)))
            .FirstOrDefault(context.Files.FileExists);
    }

    private async Task<string> UseAsync(string executable, string how, CancellationToken cancellationToken)
    {
        var version = await context.RunAsync(new Command(executable, "--version"), cancellationToken);
        if (!version.Succeeded)
        {
            throw new StepFailedException(Step, $"{executable} --version exited with {version.ExitCode}: {Tail(version.Output)}");
        }

        // Debian's wrapper script prints a harmless "[: unexpected operator" line before the version: keep the last line.
        Log.Info(Step, $"{how}: {executable} ({Tail(version.Output)}); {Variable} set for the tests");
        context.Environment.Set(Variable, executable);
        return executable;
    }

    private static string Tail(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
}
