using Microsoft.Playwright;
using SaasUsers.Data.WebSample.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SaasUsers.Data.WebSample.Tests;

/// <summary>
/// Bad form input in the browser: the page shows the message next to the field, and the table is read back to
/// prove that nothing was written.
/// </summary>
public sealed class FormValidationTests(ChromiumFixture chromium, WebSampleServer server) : IClassFixture<WebSampleServer>
{
    [Fact]
    public async Task SignUp_WithBadInput_ShowsAMessageForEachField_AndWritesNothing()
    {
        await using var journey = new BrowserJourney(chromium.Browser, server.BaseUrl);
        var page = await journey.OpenAsync("visitor");
        var before = await server.ScanApplicationItemsAsync();

        // An address that is none, a short password, and a repetition that differs
        await page.GotoAsync("/Account/SignUp");
        await SamplePages.FillSignUpAsync(page, "not-an-address", "short", "other");
        await Expect(page.Locator("[data-valmsg-for='Input.Email']")).ToHaveTextAsync("The E-mail field is not a valid e-mail address.");
        await Expect(page.Locator("[data-valmsg-for='Input.Password']")).ToHaveTextAsync("The password must be 8 to 100 characters long.");
        await Expect(page.Locator("[data-valmsg-for='Input.ConfirmPassword']")).ToHaveTextAsync("The passwords do not match.");

        // A good address with a password Identity's rules refuse (no upper case): refused before anything is written
        var email = $"careful-{server.Run}@example.com";
        await SamplePages.FillSignUpAsync(page, email, "lower-case-only-9", "lower-case-only-9");
        await Expect(page.Locator("[data-valmsg-for='Input.Password']")).ToContainTextAsync("Passwords must have at least one uppercase ('A'-'Z').");
        await Expect(page.Locator("#confirm-link")).ToHaveCountAsync(0);

        Assert.Equal(before, await server.ScanApplicationItemsAsync());
        Assert.DoesNotContain(await server.ScanApplicationItemsAsync(), line => line.Contains(email, StringComparison.Ordinal));
        journey.Passed();
    }

    [Fact]
    public async Task CreateOrganization_WithABadSlug_ShowsThePackagesRule_AndWritesNothing()
    {
        await using var journey = new BrowserJourney(chromium.Browser, server.BaseUrl);
        var page = await journey.OpenAsync("owner");
        await SamplePages.SignUpAndSignInAsync(page, $"slug-{server.Run}@example.com");
        var before = await server.ScanApplicationItemsAsync();

        await page.GotoAsync("/Organizations");
        await page.GetByLabel("Name").FillAsync("Bad Slugs Inc");
        await page.GetByLabel("Address (slug)").FillAsync("Not A Slug!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(page.Locator("[data-valmsg-for='Input.Slug']")).ToContainTextAsync("must be 3 to 63 lower-case letters, digits and single hyphens");
        await Expect(page.Locator("#my-organizations")).ToContainTextAsync("You belong to no organization yet.");
        Assert.Equal(before, await server.ScanApplicationItemsAsync());
        journey.Passed();
    }

    [Fact]
    public async Task Invite_WithABadAddress_ShowsAMessage_AndWritesNothing()
    {
        await using var journey = new BrowserJourney(chromium.Browser, server.BaseUrl);
        var page = await journey.OpenAsync("owner");
        await SamplePages.SignUpAndSignInAsync(page, $"inviter-{server.Run}@example.com");
        await page.GotoAsync("/Organizations");
        await page.GetByLabel("Name").FillAsync("Inviters");
        await page.GetByLabel("Address (slug)").FillAsync($"inviters-{server.Run}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.Locator("#organization-name")).ToHaveTextAsync("Inviters");
        var before = await server.ScanApplicationItemsAsync();

        await page.GetByLabel("E-mail").FillAsync("nobody-at-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Expect(page.Locator("[data-valmsg-for='Input.Email']")).ToHaveTextAsync("The E-mail field is not a valid e-mail address.");
        await Expect(page.Locator("#invitation-sent")).ToHaveCountAsync(0);
        Assert.Equal(before, await server.ScanApplicationItemsAsync());
        journey.Passed();
    }

    [Fact]
    public async Task AdminPage_WithACursorChangedByHand_SaysSo_InsteadOfFailing()
    {
        await using var journey = new BrowserJourney(chromium.Browser, server.BaseUrl);
        var page = await journey.OpenAsync("admin");
        await SamplePages.SignUpAndSignInAsync(page, server.AdminEmail);

        var response = await page.GotoAsync("/Admin?to=1764547200000&cursor=not-a-cursor");

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("#users .error")).ToContainTextAsync("This page's link is no longer valid");
        await Expect(page.Locator("#signups-chart")).ToBeVisibleAsync();
        journey.Passed();
    }
}
