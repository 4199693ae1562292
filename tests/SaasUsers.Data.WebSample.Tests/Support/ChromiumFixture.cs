using Microsoft.Playwright;

namespace SaasUsers.Data.WebSample.Tests.Support;

/// <summary>
/// Playwright and one headless Chromium for the whole run (an assembly fixture). The browser is Debian's:
/// <c>SAASUSERS_CHROMIUM</c> (the build program sets it, installing Chromium when missing), else <c>chromium</c> on the
/// PATH. Without one the tests fail saying how to get it; they never skip.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string Variable = "SAASUSERS_CHROMIUM";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async ValueTask InitializeAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException(
                $"No Chromium for the browser tests: {Variable} is not set and no chromium is on the PATH. Run ./eng/test.sh (it installs Debian's chromium as root), or apt-get install chromium.");
        _playwright = await Playwright.CreateAsync();
        // As root Playwright's default (no Chromium sandbox) is what works; Playwright cannot download browsers here.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            return File.Exists(named) ? named : throw new InvalidOperationException($"{Variable}={named} does not exist.");
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => new[] { Path.Combine(directory, "chromium"), Path.Combine(directory, "chromium-browser") })
            .FirstOrDefault(File.Exists);
    }
}
