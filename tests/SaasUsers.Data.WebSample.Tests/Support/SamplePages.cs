using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SaasUsers.Data.WebSample.Tests.Support;

/// <summary>What a person does on the sample's pages, as they would: fill the forms, click the buttons and links.</summary>
public static class SamplePages
{
    public const string Password = "Correct-horse-battery-9";

    /// <summary>Signs up, follows the confirmation link the page shows, signs in; ends on the account page.</summary>
    public static async Task SignUpAndSignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/SignUp");
        await FillSignUpAsync(page, email, Password, Password);
        await page.Locator("#confirm-link").ClickAsync();
        await Expect(page.Locator("#confirmed")).ToBeVisibleAsync();

        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#account-email")).ToHaveTextAsync(email);
    }

    public static async Task FillSignUpAsync(IPage page, string email, string password, string repeated)
    {
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Repeat the password").FillAsync(repeated);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
    }

    /// <summary>
    /// Reloads until <paramref name="condition"/> holds: for what the change feed writes a moment after the change
    /// (activity log, daily stats). Fails with <paramref name="what"/> after 30 seconds.
    /// </summary>
    public static async Task ReloadUntilAsync(IPage page, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"After 30 s of reloading {page.Url}: {what}");
            await Task.Delay(300, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }
    }
}
