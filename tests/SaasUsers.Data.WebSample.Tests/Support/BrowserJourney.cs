using Microsoft.Playwright;

namespace SaasUsers.Data.WebSample.Tests.Support;

/// <summary>
/// The browser contexts of one test (one a person, each with its own cookies), on the application's address. Unless
/// the test calls <see cref="Passed"/>, disposing saves a screenshot and the HTML of each person's page under
/// <c>artifacts/test-results/screenshots/&lt;test&gt;/</c> (the test run's artifacts) and says where.
/// </summary>
public sealed class BrowserJourney(IBrowser browser, Uri baseUrl) : IAsyncDisposable
{
    private readonly List<(string Name, IBrowserContext Context, IPage Page)> _people = [];
    private bool _passed;

    /// <summary>A new browser context for <paramref name="name"/>, with one page.</summary>
    public async Task<IPage> OpenAsync(string name)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        _people.Add((name, context, page));
        return page;
    }

    /// <summary>Marks the test as passed: no screenshots.</summary>
    public void Passed() => _passed = true;

    /// <summary>The folder of this test's artifacts (created on first use).</summary>
    public static string ArtifactsFor(string test)
    {
        var root = Environment.GetEnvironmentVariable("SAASUSERS_SCREENSHOTS_DIR") ?? Path.Combine(RepositoryRoot(), "artifacts", "test-results", "screenshots");
        var directory = Path.Combine(root, test);
        Directory.CreateDirectory(directory);
        return directory;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_passed)
        {
            var directory = ArtifactsFor(TestContext.Current.TestMethod?.MethodName ?? "unknown");
            foreach (var (name, _, page) in _people)
            {
                try
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
                    await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.html"), await page.ContentAsync());
                }
                catch (PlaywrightException failure)
                {
                    await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.txt"), $"no screenshot of {page.Url}: {failure.Message}");
                }
            }

            TestContext.Current.SendDiagnosticMessage($"Screenshots of each page ({string.Join(", ", _people.Select(p => $"{p.Name}: {p.Page.Url}"))}) in {directory}");
        }

        foreach (var (_, context, _) in _people)
        {
            await context.DisposeAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SaasUsers.Data.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
