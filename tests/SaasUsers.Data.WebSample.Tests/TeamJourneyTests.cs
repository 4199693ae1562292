using System.Globalization;
using Microsoft.Playwright;
using SaasUsers.Data.Testing;
using SaasUsers.Data.WebSample.Tests.Support;
using static Microsoft.Playwright.Assertions;

[assembly: AssemblyFixture(typeof(ChromiumFixture))]

namespace SaasUsers.Data.WebSample.Tests;

/// <summary>
/// The whole sample in a real browser: two people sign up in their own browser contexts, the first creates an
/// organization and invites the second, who accepts from their own session; the first simulates a team checkout
/// (signed Stripe events posted to the webhook endpoint); both see the subscription active and the member count;
/// the admin page lists both users (paged) and its chart counts today's sign-ups; the health endpoint answers.
/// </summary>
public sealed class TeamJourneyTests(ChromiumFixture chromium, WebSampleServer server) : IClassFixture<WebSampleServer>
{
    [Fact]
    public async Task TwoPeople_SignUp_ShareAnOrganization_PayForIt_AndTheAdminSeesThem()
    {
        await using var journey = new BrowserJourney(chromium.Browser, server.BaseUrl);
        var owner = await journey.OpenAsync("owner");
        var member = await journey.OpenAsync("member");
        var ownerEmail = server.AdminEmail;
        var memberEmail = $"member-{server.Run}@example.com";

        // Given two people who signed up, confirmed their address and signed in, each in their own browser
        await SamplePages.SignUpAndSignInAsync(owner, ownerEmail);
        await SamplePages.SignUpAndSignInAsync(member, memberEmail);
        await Expect(owner.Locator("#no-subscription")).ToBeVisibleAsync();

        // When the first creates an organization (the free plan's seats) and invites the second
        await owner.GotoAsync("/Organizations");
        await owner.GetByLabel("Name").FillAsync("Analytical Engines");
        await owner.GetByLabel("Address (slug)").FillAsync($"analytical-{server.Run}");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(owner.Locator("#organization-name")).ToHaveTextAsync("Analytical Engines");
        await Expect(owner.Locator("#member-count")).ToHaveTextAsync("1 of 3 seats taken");
        var organizationUrl = owner.Url;

        await owner.GetByLabel("E-mail").FillAsync(memberEmail);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(owner.Locator("#invitation-sent")).ToHaveTextAsync($"Invitation sent to {memberEmail}.");
        await Expect(owner.Locator("#pending-invitations")).ToContainTextAsync(memberEmail);

        // And the second finds the invitation in their own account (the sample's mailbox) and accepts it
        await member.GotoAsync("/Account");
        await member.Locator("#inbox").GetByRole(AriaRole.Link, new() { Name = "Join Analytical Engines" }).ClickAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await Expect(member.Locator("#organization-name")).ToHaveTextAsync("Analytical Engines");
        await Expect(member.Locator("#member-count")).ToHaveTextAsync("2 of 3 seats taken");

        // And the first simulates the team checkout: Stripe's events, signed, through the webhook endpoint
        await owner.GotoAsync(organizationUrl);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Simulate a checkout (team plan, 5 seats)" }).ClickAsync();
        await Expect(owner.Locator("#deliveries")).ToContainTextAsync("checkout.session.completed: 200");
        await Expect(owner.Locator("#deliveries")).ToContainTextAsync("customer.subscription.created: 200 Applied");
        await Expect(owner.Locator("#deliveries")).ToContainTextAsync("invoice.paid: 200 Applied");

        // Then both see the organization's subscription active and the member count with the paid seats
        foreach (var person in new[] { owner, member })
        {
            await person.GotoAsync(organizationUrl);
            await Expect(person.Locator("#organization-plan")).ToHaveTextAsync($"{CheckoutSimulator.Product} Active");
            await Expect(person.Locator("#member-count")).ToHaveTextAsync("2 of 5 seats taken");
            await Expect(person.Locator("#members")).ToContainTextAsync(ownerEmail);
            await Expect(person.Locator("#members")).ToContainTextAsync(memberEmail);
        }

        // And only owners and admins are offered the team checkout
        await Expect(member.Locator("#simulate-team-checkout")).ToHaveCountAsync(0);

        // And the admin page lists both users, and its chart counts today's two sign-ups (kept by the change feed)
        // (one user a page here: the newest first, then the older page through the signed cursor)
        await owner.GotoAsync("/Admin");
        await Expect(owner.Locator("#users .user-email")).ToHaveTextAsync([memberEmail]);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Older sign-ups" }).ClickAsync();
        await Expect(owner.Locator("#users .user-email")).ToHaveTextAsync([ownerEmail]);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var todaysBar = owner.Locator($"#signups-chart rect[data-date='{today}']");
        await SamplePages.ReloadUntilAsync(owner, async () => await todaysBar.GetAttributeAsync("data-value") == "2", "today's bar should count 2 sign-ups");
        Assert.True(double.Parse((await todaysBar.GetAttributeAsync("height"))!, CultureInfo.InvariantCulture) > 0);

        // And the member (no admin role) is refused the admin page
        await member.GotoAsync("/Admin");
        await Expect(member.Locator("h1")).ToHaveTextAsync("Access denied");

        // And a personal checkout shows on the member's own account page: the plan active, its first payment
        await member.GotoAsync("/Account");
        await member.GetByRole(AriaRole.Button, new() { Name = "Simulate a checkout (personal plan)" }).ClickAsync();
        await Expect(member.Locator("#deliveries")).ToContainTextAsync("invoice.paid: 200 Applied");
        await Expect(member.Locator("#active-plan")).ToHaveTextAsync($"{CheckoutSimulator.Product} Active");
        await Expect(member.Locator("#payments")).ToContainTextAsync("29.00 EUR");

        // And the owner's account page shows the activity log the change feed wrote
        await owner.GotoAsync("/Account");
        await SamplePages.ReloadUntilAsync(owner, async () => (await owner.Locator("#activity").InnerTextAsync()).Contains("SignedUp", StringComparison.Ordinal), "the activity log should show the sign-up");

        // And the health endpoint answers for the table
        var health = await member.GotoAsync("/healthz");
        Assert.Equal(200, health!.Status);
        Assert.Equal("Healthy", await health.TextAsync());

        if (Environment.GetEnvironmentVariable("SAASUSERS_README_SCREENSHOT") is { Length: > 0 } readme)
        {
            await owner.GotoAsync(organizationUrl);
            await owner.ScreenshotAsync(new PageScreenshotOptions { Path = readme, FullPage = false });
        }

        journey.Passed();
    }
}
