using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>
/// A SaaS sign-in, end to end: an ASP.NET Core app with UserManager and SignInManager on our stores, in TestServer,
/// against DynamoDB Local.
/// </summary>
public sealed class SignInFlowTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>
{
    private const string Password = "correct horse";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_Confirm_SignIn_TwoFactor_ExternalLogin_Role_Delete()
    {
        await using var app = await IdentityApp.StartAsync(table);
        var browser = app.CreateClient();
        const string email = "Ada.Lovelace@Example.com";

        // Register; the SaaS user is the Identity user.
        var registered = await (await Post(browser, "/account/register", new Credentials(email, Password))).ReadAsync<Registered>();
        var users = app.Services.GetRequiredService<IUserRepository>();
        var saasUser = await users.GetAsync(registered.UserId, consistentRead: true, Cancel);
        Assert.Equal("ada.lovelace@example.com", saasUser?.NormalizedEmail);

        // Before the e-mail is confirmed, sign-in is not allowed; the token confirms it.
        Assert.True((await SignIn(browser, email, Password)).IsNotAllowed);
        Assert.Equal(HttpStatusCode.OK, (await Post(browser, "/account/confirm", new Confirmation(registered.UserId, registered.ConfirmationToken))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(browser, "/account/confirm", new Confirmation(registered.UserId, "forged"))).StatusCode);

        // Password sign-in, right after sign-up.
        Assert.True((await SignIn(browser, email, Password)).Succeeded);
        Assert.Equal(registered.UserId, (await (await browser.GetAsync("/account/me", Cancel)).ReadAsync<Me>()).UserId);

        // Lockout after three wrong passwords: then even the right one is refused.
        await Post(browser, "/account/logout", new { });
        Assert.False((await SignIn(browser, email, "wrong 1")).IsLockedOut);
        Assert.False((await SignIn(browser, email, "wrong 2")).IsLockedOut);
        Assert.True((await SignIn(browser, email, "wrong 3")).IsLockedOut);
        Assert.True((await SignIn(browser, email, Password)).IsLockedOut);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/account/me", Cancel)).StatusCode);

        // Reset the password with its token (a reset also ends the lockout once it expires; here we end it by hand).
        var userManager = app.Services.CreateScope().ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SaasIdentityUser>>();
        var locked = (await userManager.FindByEmailAsync(email))!;
        Assert.True((await userManager.SetLockoutEndDateAsync(locked, null)).Succeeded);
        var reset = await (await Post(browser, "/account/forgot", new Credentials(email, string.Empty))).ReadAsync<Token>();
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(browser, "/account/reset", new Reset(email, "forged", "new password"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(browser, "/account/reset", new Reset(email, reset.Value, "new password"))).StatusCode);
        Assert.False((await SignIn(browser, email, Password)).Succeeded);
        Assert.True((await SignIn(browser, email, "new password")).Succeeded);

        // Authenticator 2FA: enable with a computed TOTP code, then sign-in needs a code.
        var key = await (await Post(browser, "/account/me/2fa/key", new { })).ReadAsync<Token>();
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(browser, "/account/me/2fa/enable", new Code("000000" == Totp.Code(key.Value, DateTimeOffset.UtcNow) ? "111111" : "000000"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(browser, "/account/me/2fa/enable", new Code(Totp.Code(key.Value, DateTimeOffset.UtcNow)))).StatusCode);
        await Post(browser, "/account/logout", new { });
        var first = await SignIn(browser, email, "new password");
        Assert.True(first.RequiresTwoFactor);
        Assert.False(first.Succeeded);
        Assert.False((await (await Post(browser, "/account/login/2fa", new Code("12345"))).ReadAsync<SignInOutcome>()).Succeeded);
        var second = await (await Post(browser, "/account/login/2fa", new Code(Totp.Code(key.Value, DateTimeOffset.UtcNow.AddSeconds(30))))).ReadAsync<SignInOutcome>();
        Assert.True(second.Succeeded);

        // External login: add it, sign in with it, remove it.
        Assert.Equal(HttpStatusCode.OK, (await Post(browser, "/account/me/logins", new Login("auth0", "auth0|5f8a1b"))).StatusCode);
        Assert.Equal("auth0|5f8a1b", Assert.Single(await (await browser.GetAsync("/account/me/logins", Cancel)).ReadAsync<Login[]>()).Key);
        var other = app.CreateClient();
        Assert.True((await (await Post(other, "/account/login/external", new Login("auth0", "auth0|5f8a1b"))).ReadAsync<SignInOutcome>()).RequiresTwoFactor);
        Assert.Equal(HttpStatusCode.OK, (await Post(browser, "/account/me/logins/remove", new Login("auth0", "auth0|5f8a1b"))).StatusCode);
        Assert.Empty(await (await browser.GetAsync("/account/me/logins", Cancel)).ReadAsync<Login[]>());
        Assert.False((await (await Post(other, "/account/login/external", new Login("auth0", "auth0|5f8a1b"))).ReadAsync<SignInOutcome>()).Succeeded);

        // A role-protected endpoint: forbidden, then allowed once the user is in the role.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(browser, "/account/me/roles/admin", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin", Cancel)).StatusCode);

        // Delete the account: nothing of the user is left in the table.
        Assert.NotEmpty(await table.ItemsMentioningAsync(registered.UserId, Cancel));
        Assert.Equal(HttpStatusCode.OK, (await browser.DeleteAsync("/account/me", Cancel)).StatusCode);
        Assert.Empty(await table.ItemsMentioningAsync(registered.UserId, Cancel));
        Assert.Empty(await table.ItemsMentioningAsync("ada.lovelace", Cancel));
        Assert.Empty(await table.ItemsMentioningAsync("auth0|5f8a1b", Cancel));
        Assert.Null(await users.GetAsync(registered.UserId, consistentRead: true, Cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/account/me", Cancel)).StatusCode);

        // The address is free again.
        Assert.Equal(HttpStatusCode.OK, (await Post(app.CreateClient(), "/account/register", new Credentials(email, Password))).StatusCode);
    }

    private static Task<HttpResponseMessage> Post<T>(HttpClient client, string path, T body) =>
        client.PostAsJsonAsync(path, body, Cancel);

    private static async Task<SignInOutcome> SignIn(HttpClient client, string email, string password) =>
        await (await Post(client, "/account/login", new Credentials(email, password))).ReadAsync<SignInOutcome>();
}
