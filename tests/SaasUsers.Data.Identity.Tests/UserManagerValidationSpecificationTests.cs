using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>
/// More of the behaviours UserManagerSpecificationTestBase expects of a store, through a real UserManager: what a
/// refused operation leaves behind (nothing: each check reads the user back through a fresh manager), what changes
/// the security stamp, the lockout options, user tokens, and the phone and e-mail change tokens.
/// </summary>
public sealed class UserManagerValidationSpecificationTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>, IAsyncDisposable
{
    private readonly ServiceProvider _services = table.CreateIdentityServices();

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private UserManager<SaasIdentityUser> Manager() => _services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();

    private static void Succeeded(IdentityResult result) => Assert.True(result.Succeeded, "errors: " + string.Join(", ", result.Errors.Select(e => e.Code + " " + e.Description)));

    private static SaasIdentityUser NewUser()
    {
        var name = "v" + Guid.NewGuid().ToString("N")[..12];
        return new SaasIdentityUser(name) { Email = name + "@example.com" };
    }

    private Task<SaasIdentityUser> ReloadAsync(SaasIdentityUser user) => Manager().FindByIdAsync(user.Id)!;

    [Fact]
    public async Task AUserValidator_BlocksCreateAndUpdate_AndNothingIsWritten()
    {
        var manager = Manager();
        manager.UserValidators.Add(new RefusingValidator());
        var refused = NewUser();
        Assert.Equal(RefusingValidator.Code, Assert.Single((await manager.CreateAsync(refused)).Errors).Code);
        Assert.Null(await Manager().FindByIdAsync(refused.Id));
        Assert.Empty(await table.ItemsMentioningAsync(refused.Id, TestContext.Current.CancellationToken));

        var user = NewUser();
        Succeeded(await Manager().CreateAsync(user));
        var loaded = (await manager.FindByIdAsync(user.Id))!;
        loaded.PhoneNumber = "+15550100";
        Assert.Equal(RefusingValidator.Code, Assert.Single((await manager.UpdateAsync(loaded)).Errors).Code);
        Assert.Null((await ReloadAsync(user)).PhoneNumber);
    }

    [Fact]
    public async Task APasswordValidator_BlocksCreateAddChangeAndReset_AndTheStoredPasswordStays()
    {
        var manager = Manager();
        var user = NewUser();
        Succeeded(await manager.CreateAsync(user, "password"));
        var stamp = (await ReloadAsync(user)).SecurityStamp;

        var strict = Manager();
        strict.PasswordValidators.Add(new RefusingValidator());
        var refused = NewUser();
        Assert.False((await strict.CreateAsync(refused, "password")).Succeeded);
        Assert.Null(await Manager().FindByIdAsync(refused.Id));

        var loaded = (await strict.FindByIdAsync(user.Id))!;
        Assert.False((await strict.ChangePasswordAsync(loaded, "password", "changed")).Succeeded);
        var token = await strict.GeneratePasswordResetTokenAsync(loaded);
        Assert.False((await strict.ResetPasswordAsync(loaded, token, "changed")).Succeeded);

        var stored = await ReloadAsync(user);
        Assert.True(await Manager().CheckPasswordAsync(stored, "password"));
        Assert.Equal(stamp, stored.SecurityStamp);

        // A user who already has a password cannot add one; one without can, once
        Assert.False((await Manager().AddPasswordAsync(stored, "another")).Succeeded);
        var noPassword = NewUser();
        Succeeded(await Manager().CreateAsync(noPassword));
        Assert.False(await Manager().HasPasswordAsync(await ReloadAsync(noPassword)));
        Succeeded(await Manager().AddPasswordAsync(await ReloadAsync(noPassword), "first-password"));
        Assert.True(await Manager().CheckPasswordAsync(await ReloadAsync(noPassword), "first-password"));
    }

    [Fact]
    public async Task RemovingAPasswordOrALogin_AndChangingThePhone_ChangeTheStoredSecurityStamp()
    {
        var user = NewUser();
        Succeeded(await Manager().CreateAsync(user, "password"));
        Succeeded(await Manager().AddLoginAsync(await ReloadAsync(user), new UserLoginInfo("github", "stamp-" + user.Id, "GitHub")));

        var loaded = await ReloadAsync(user);
        var before = loaded.SecurityStamp;
        var removed = await Manager().RemoveLoginAsync(loaded, "github", "stamp-" + user.Id);
        Succeeded(removed);
        var afterLogin = (await ReloadAsync(user)).SecurityStamp;
        Assert.True(before != afterLogin, $"stamp {before} -> in memory {loaded.SecurityStamp} -> stored {afterLogin}; concurrency {loaded.ConcurrencyStamp}");
        Assert.Null(await Manager().FindByLoginAsync("github", "stamp-" + user.Id));

        Succeeded(await Manager().RemovePasswordAsync(await ReloadAsync(user)));
        var afterPassword = await ReloadAsync(user);
        Assert.False(await Manager().HasPasswordAsync(afterPassword));
        Assert.NotEqual(afterLogin, afterPassword.SecurityStamp);

        var stampBeforePhone = afterPassword.SecurityStamp;
        Succeeded(await Manager().SetPhoneNumberAsync(afterPassword, "+15550111"));
        var afterPhone = await ReloadAsync(user);
        Assert.Equal("+15550111", afterPhone.PhoneNumber);
        Assert.NotEqual(stampBeforePhone, afterPhone.SecurityStamp);
    }

    [Fact]
    public async Task Lockout_FollowsTheOptions_AndItsEndDateRoundTrips()
    {
        // One allowed failure: the first failure locks out for the configured time and resets the count
        await using var strictServices = table.CreateIdentityServices(configure: s => s.Configure<IdentityOptions>(o =>
        {
            o.Lockout.MaxFailedAccessAttempts = 1;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromHours(1);
        }));
        var strict = strictServices.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var user = NewUser();
        Succeeded(await strict.CreateAsync(user));
        Succeeded(await strict.AccessFailedAsync(await ReloadAsync(user)));
        var locked = await ReloadAsync(user);
        Assert.True(await Manager().IsLockedOutAsync(locked));
        Assert.True(locked.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(55));
        Assert.Equal(0, locked.AccessFailedCount);

        // Lockout not allowed for new users: setting an end date fails until lockout is enabled
        await using var manualServices = table.CreateIdentityServices(configure: s => s.Configure<IdentityOptions>(o => o.Lockout.AllowedForNewUsers = false));
        var manual = manualServices.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var other = NewUser();
        Succeeded(await manual.CreateAsync(other));
        Assert.False((await ReloadAsync(other)).LockoutEnabled);
        Assert.False(await Manager().IsLockedOutAsync(await ReloadAsync(other)));
        Assert.False((await Manager().SetLockoutEndDateAsync(await ReloadAsync(other), DateTimeOffset.UtcNow.AddMinutes(5))).Succeeded);
        Succeeded(await Manager().SetLockoutEnabledAsync(await ReloadAsync(other), true));
        Assert.True((await ReloadAsync(other)).LockoutEnabled);

        // An end in the past is not a lockout; a null end is kept as null; a local-time end keeps its instant
        Succeeded(await Manager().SetLockoutEndDateAsync(await ReloadAsync(other), DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.False(await Manager().IsLockedOutAsync(await ReloadAsync(other)));
        Succeeded(await Manager().SetLockoutEndDateAsync(await ReloadAsync(other), null));
        Assert.Null((await ReloadAsync(other)).LockoutEnd);
        var localEnd = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7));
        Succeeded(await Manager().SetLockoutEndDateAsync(await ReloadAsync(other), localEnd));
        Assert.Equal(localEnd.UtcDateTime, (await ReloadAsync(other)).LockoutEnd?.UtcDateTime);
        Assert.True(await Manager().IsLockedOutAsync(await ReloadAsync(other)));
    }

    [Fact]
    public async Task UserTokens_VerifyForTheirUserAndPurposeOnly()
    {
        var user = NewUser();
        var second = NewUser();
        Succeeded(await Manager().CreateAsync(user));
        Succeeded(await Manager().CreateAsync(second));
        var provider = TokenOptions.DefaultProvider;
        var token = await Manager().GenerateUserTokenAsync(await ReloadAsync(user), provider, "purpose");

        Assert.True(await Manager().VerifyUserTokenAsync(await ReloadAsync(user), provider, "purpose", token));
        Assert.False(await Manager().VerifyUserTokenAsync(await ReloadAsync(user), provider, "other", token));
        Assert.False(await Manager().VerifyUserTokenAsync(await ReloadAsync(user), provider, "purpose", token + "a"));
        Assert.False(await Manager().VerifyUserTokenAsync(await ReloadAsync(second), provider, "purpose", token));

        // A stored security stamp change invalidates it
        Succeeded(await Manager().UpdateSecurityStampAsync(await ReloadAsync(user)));
        Assert.False(await Manager().VerifyUserTokenAsync(await ReloadAsync(user), provider, "purpose", token));
    }

    [Fact]
    public async Task PhoneAndEmailChanges_WithAWrongTokenOrValue_ChangeNothing()
    {
        var user = NewUser();
        user.PhoneNumber = "+15550001";
        Succeeded(await Manager().CreateAsync(user));
        var stored = await ReloadAsync(user);
        var phoneToken = await Manager().GenerateChangePhoneNumberTokenAsync(stored, "+15550002");
        Assert.True(int.TryParse(phoneToken, System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.False((await Manager().ChangePhoneNumberAsync(await ReloadAsync(user), "+15550002", "000000" == phoneToken ? "111111" : "000000")).Succeeded);
        Assert.False((await Manager().ChangePhoneNumberAsync(await ReloadAsync(user), "+15550003", phoneToken)).Succeeded);
        var emailToken = await Manager().GenerateChangeEmailTokenAsync(await ReloadAsync(user), "changed-" + user.Email);
        Assert.False((await Manager().ChangeEmailAsync(await ReloadAsync(user), "changed-" + user.Email, "bogus")).Succeeded);
        Assert.False((await Manager().ChangeEmailAsync(await ReloadAsync(user), "other-" + user.Email, emailToken)).Succeeded);

        var after = await ReloadAsync(user);
        Assert.Equal((stored.PhoneNumber, stored.PhoneNumberConfirmed, stored.Email, stored.EmailConfirmed, stored.SecurityStamp), (after.PhoneNumber, after.PhoneNumberConfirmed, after.Email, after.EmailConfirmed, after.SecurityStamp));
        Assert.Null(await Manager().FindByEmailAsync("changed-" + user.Email));

        // With the right token and value both change, are confirmed, and move the stamp (so the e-mail token, which
        // carries the stamp, is made after the phone change)
        Succeeded(await Manager().ChangePhoneNumberAsync(after, "+15550002", phoneToken));
        Assert.False((await Manager().ChangeEmailAsync(await ReloadAsync(user), "changed-" + user.Email, emailToken)).Succeeded);
        emailToken = await Manager().GenerateChangeEmailTokenAsync(await ReloadAsync(user), "changed-" + user.Email);
        Succeeded(await Manager().ChangeEmailAsync(await ReloadAsync(user), "changed-" + user.Email, emailToken));
        var changed = await ReloadAsync(user);
        Assert.Equal(("+15550002", true, "changed-" + user.Email, true), (changed.PhoneNumber, changed.PhoneNumberConfirmed, changed.Email, changed.EmailConfirmed));
        Assert.NotEqual(stored.SecurityStamp, changed.SecurityStamp);
        Assert.Equal(user.Id, (await Manager().FindByEmailAsync("changed-" + user.Email))?.Id);
    }

    private sealed class RefusingValidator : IUserValidator<SaasIdentityUser>, IPasswordValidator<SaasIdentityUser>
    {
        public const string Code = "Refused";

        public Task<IdentityResult> ValidateAsync(UserManager<SaasIdentityUser> manager, SaasIdentityUser user) =>
            Task.FromResult(IdentityResult.Failed(new IdentityError { Code = Code, Description = "Refused by the test." }));

        public Task<IdentityResult> ValidateAsync(UserManager<SaasIdentityUser> manager, SaasIdentityUser user, string? password) =>
            Task.FromResult(IdentityResult.Failed(new IdentityError { Code = Code, Description = "Refused by the test." }));
    }
}
