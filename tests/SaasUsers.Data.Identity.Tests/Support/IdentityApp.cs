using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>
/// A small ASP.NET Core application with Identity on our stores, in TestServer: the endpoints a SaaS sign-in needs
/// (the confirmation and reset tokens an application would e-mail are returned in the response instead).
/// </summary>
public sealed class IdentityApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IdentityApp(WebApplication app)
    {
        _app = app;
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<IdentityApp> StartAsync(IdentityTableFixture table, DynamoDbRequestLog? requestLog = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var options = table.CreateOptions();
        builder.Services.AddSingleton(_ => table.CreateClient(requestLog is null ? null : new DynamoDbClientOptions { RequestLog = requestLog }));
        builder.Services.AddSaasUsersTable(o =>
        {
            o.TableName = options.TableName;
            o.ServiceUrl = options.ServiceUrl;
            o.Region = options.Region;
            o.CursorSigningKey = options.CursorSigningKey;
        });
        builder.Services.AddIdentity<SaasIdentityUser, SaasIdentityRole>(o =>
            {
                IdentityTestOptions.Apply(o);
                o.SignIn.RequireConfirmedEmail = true;
            })
            .AddDefaultTokenProviders()
            .AddSaasUsersStores();
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = IdentityTestOptions.HashIterations);
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        MapEndpoints(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new IdentityApp(app);
    }

    /// <summary>A client that keeps cookies, as a browser does.</summary>
    public HttpClient CreateClient() =>
        new(new CookieHandler { InnerHandler = _app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static IResult Outcome(IdentityResult result) =>
        result.Succeeded ? Results.Ok() : Results.BadRequest(new Errors(result.Errors.Select(e => e.Code).ToArray()));

    private static IResult Outcome(SignInResult result) =>
        Results.Ok(new SignInOutcome(result.Succeeded, result.IsLockedOut, result.RequiresTwoFactor, result.IsNotAllowed));

    private static void MapEndpoints(WebApplication app)
    {
        app.MapPost("/account/register", async (Credentials body, UserManager<SaasIdentityUser> users) =>
        {
            var user = new SaasIdentityUser { UserName = body.Email, Email = body.Email };
            var result = await users.CreateAsync(user, body.Password);
            return result.Succeeded
                ? Results.Ok(new Registered(user.Id, await users.GenerateEmailConfirmationTokenAsync(user)))
                : Outcome(result);
        });
        app.MapPost("/account/confirm", async (Confirmation body, UserManager<SaasIdentityUser> users) =>
            await users.FindByIdAsync(body.UserId) is { } user ? Outcome(await users.ConfirmEmailAsync(user, body.Token)) : Results.NotFound());
        app.MapPost("/account/login", async (Credentials body, SignInManager<SaasIdentityUser> signIn) =>
            Outcome(await signIn.PasswordSignInAsync(body.Email, body.Password, isPersistent: false, lockoutOnFailure: true)));
        app.MapPost("/account/login/2fa", async (Code body, SignInManager<SaasIdentityUser> signIn) =>
            Outcome(await signIn.TwoFactorAuthenticatorSignInAsync(body.Value, isPersistent: false, rememberClient: false)));
        app.MapPost("/account/login/external", async (Login body, SignInManager<SaasIdentityUser> signIn) =>
            Outcome(await signIn.ExternalLoginSignInAsync(body.Provider, body.Key, isPersistent: false)));
        app.MapPost("/account/logout", async (SignInManager<SaasIdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.Ok();
        });
        app.MapPost("/account/forgot", async (Credentials body, UserManager<SaasIdentityUser> users) =>
            await users.FindByEmailAsync(body.Email) is { } user ? Results.Ok(new Token(await users.GeneratePasswordResetTokenAsync(user))) : Results.NotFound());
        app.MapPost("/account/reset", async (Reset body, UserManager<SaasIdentityUser> users) =>
            await users.FindByEmailAsync(body.Email) is { } user ? Outcome(await users.ResetPasswordAsync(user, body.Token, body.Password)) : Results.NotFound());

        var account = app.MapGroup("/account/me").RequireAuthorization();
        account.MapGet("/", async (ClaimsPrincipal principal, UserManager<SaasIdentityUser> users) =>
            await users.GetUserAsync(principal) is { } user ? Results.Ok(new Me(user.Id, user.Email!)) : Results.NotFound());
        account.MapPost("/2fa/key", async (ClaimsPrincipal principal, UserManager<SaasIdentityUser> users) =>
        {
            var user = (await users.GetUserAsync(principal))!;
            await users.ResetAuthenticatorKeyAsync(user);
            return Results.Ok(new Token((await users.GetAuthenticatorKeyAsync(user))!));
        });
        account.MapPost("/2fa/enable", async (Code body, ClaimsPrincipal principal, UserManager<SaasIdentityUser> users) =>
        {
            var user = (await users.GetUserAsync(principal))!;
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, body.Value))
            {
                return Results.BadRequest(new Errors(["InvalidCode"]));
            }

            return Outcome(await users.SetTwoFactorEnabledAsync(user, true));
        });
        account.MapGet("/logins", async (ClaimsPrincipal principal, UserManager<SaasIdentityUser> users) =>
            Results.Ok((await users.GetLoginsAsync((await users.GetUserAsync(principal))!)).Select(l => new Login(l.LoginProvider, l.ProviderKey)).ToArray()));
        account.MapPost("/logins", async (Login body, ClaimsPrincipal principal, UserManager<SaasIdentityUser> users) =>
            Outcome(await users.AddLoginAsync((await users.GetUserAsync(principal))!, new UserLoginInfo(body.Provider, body.Key, body.Provider))));
        account.MapPost("/logins/remove", async (Login body, ClaimsPrincipal principal, UserManager<SaasIdentityUser> users) =>
            Outcome(await users.RemoveLoginAsync((await users.GetUserAsync(principal))!, body.Provider, body.Key)));
        account.MapPost("/roles/{role}", async (string role, ClaimsPrincipal principal, UserManager<SaasIdentityUser> users, RoleManager<SaasIdentityRole> roles, SignInManager<SaasIdentityUser> signIn) =>
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new SaasIdentityRole(role));
                if (!created.Succeeded)
                {
                    return Outcome(created);
                }
            }

            var user = (await users.GetUserAsync(principal))!;
            var added = await users.AddToRoleAsync(user, role);
            if (added.Succeeded)
            {
                await signIn.RefreshSignInAsync(user); // the cookie now carries the role claim
            }

            return Outcome(added);
        });
        account.MapDelete("/", async (ClaimsPrincipal principal, UserManager<SaasIdentityUser> users, SignInManager<SaasIdentityUser> signIn) =>
        {
            var result = await users.DeleteAsync((await users.GetUserAsync(principal))!);
            await signIn.SignOutAsync();
            return Outcome(result);
        });
        app.MapGet("/admin", () => Results.Ok("admin area")).RequireAuthorization(policy => policy.RequireRole("admin"));
    }

    /// <summary>Keeps the cookies the app sets and sends them back, as a browser would.</summary>
    private sealed class CookieHandler : DelegatingHandler
    {
        private readonly CookieContainer _cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = _cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var cookie in setCookies)
                {
                    _cookies.SetCookies(request.RequestUri!, cookie);
                }
            }

            return response;
        }
    }
}

public sealed record Credentials(string Email, string Password);

public sealed record Registered(string UserId, string ConfirmationToken);

public sealed record Confirmation(string UserId, string Token);

public sealed record Reset(string Email, string Token, string Password);

public sealed record Code(string Value);

public sealed record Token(string Value);

public sealed record Login(string Provider, string Key);

public sealed record Me(string UserId, string Email);

public sealed record Errors(string[] Codes);

public sealed record SignInOutcome(bool Succeeded, bool IsLockedOut, bool RequiresTwoFactor, bool IsNotAllowed);

/// <summary>Reads the app's JSON answers.</summary>
public static class HttpAnswers
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken);
        return body ?? throw new InvalidOperationException($"{response.StatusCode}: no {typeof(T).Name} in the answer.");
    }
}
