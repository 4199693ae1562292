using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>
/// The behaviours dotnet/aspnetcore's UserManagerSpecificationTestBase expects of a user store, each through a real
/// UserManager on our store against DynamoDB Local (our own tests: Identity's test code is not used).
/// </summary>
public sealed class UserStoreSpecificationTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>, IAsyncDisposable
{
    private readonly ServiceProvider _services = table.CreateIdentityServices();

    private UserManager<SaasIdentityUser> Manager() => _services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static SaasIdentityUser NewUser(string? email = null)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        return new SaasIdentityUser(name) { Email = email ?? name + "@example.com" };
    }

    private static void Succeeded(IdentityResult result) => Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));

    private static void Failed(IdentityResult result, string code) => Assert.Contains(code, result.Errors.Select(e => e.Code));

    private async Task<SaasIdentityUser> CreatedAsync(UserManager<SaasIdentityUser> manager, string? password = null, string? email = null)
    {
        var user = NewUser(email);
        Succeeded(password is null ? await manager.CreateAsync(user) : await manager.CreateAsync(user, password));
        return user;
    }

    [Fact]
    public async Task CanDeleteUser()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        Succeeded(await manager.DeleteAsync(user));
        Assert.Null(await manager.FindByIdAsync(user.Id));
        Assert.Null(await manager.FindByNameAsync(user.UserName!));
        Assert.Null(await manager.FindByEmailAsync(user.Email!));
    }

    [Fact]
    public async Task CanUpdateUserName_AndTheOldNameIsFree()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var oldName = user.UserName!;
        Succeeded(await manager.SetUserNameAsync(user, "renamed-" + oldName));
        Assert.NotNull(await Manager().FindByNameAsync("RENAMED-" + oldName));
        Assert.Null(await Manager().FindByNameAsync(oldName));
        var other = new SaasIdentityUser(oldName) { Email = "other-" + user.Email };
        Succeeded(await manager.CreateAsync(other));
    }

    [Fact]
    public async Task SetUserName_ValidatesDuplicatesAndEmpty_AndChangesTheSecurityStamp()
    {
        var manager = Manager();
        var first = await CreatedAsync(manager);
        var second = await CreatedAsync(manager);
        var stamp = second.SecurityStamp;
        Failed(await manager.SetUserNameAsync(second, first.UserName!.ToUpperInvariant()), "DuplicateUserName");
        Failed(await Manager().SetUserNameAsync((await Manager().FindByIdAsync(second.Id))!, string.Empty), "InvalidUserName");
        var fresh = (await Manager().FindByIdAsync(second.Id))!;
        Succeeded(await manager.SetUserNameAsync(fresh, "new-" + second.UserName));
        Assert.NotEqual(stamp, fresh.SecurityStamp);
    }

    [Fact]
    public async Task AddDuplicateUserName_FailsInAnyLetterCase()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var twin = new SaasIdentityUser(user.UserName!.ToUpperInvariant()) { Email = "twin-" + user.Email };
        Failed(await manager.CreateAsync(twin), "DuplicateUserName");
        Assert.Null(await manager.FindByIdAsync(twin.Id));
    }

    [Fact]
    public async Task AddDuplicateEmail_Fails_BecauseTheTableKeepsAddressesUnique()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var twin = NewUser(user.Email!.ToUpperInvariant());
        Failed(await manager.CreateAsync(twin), "DuplicateEmail");
        Assert.Empty(await table.ItemsMentioningAsync(twin.Id, Cancel));
    }

    [Fact]
    public async Task CreateWithoutEmail_FailsWithInvalidEmail_AndWritesNothing()
    {
        var manager = Manager();
        var user = new SaasIdentityUser("no-email-" + Guid.NewGuid().ToString("N"));
        Failed(await manager.CreateAsync(user), "InvalidEmail");
        var store = (IUserStore<SaasIdentityUser>)_services.CreateScope().ServiceProvider.GetRequiredService<IUserStore<SaasIdentityUser>>();
        user.NormalizedUserName = user.UserName!.ToUpperInvariant();
        Failed(await store.CreateAsync(user, Cancel), "InvalidEmail");
        Assert.Empty(await table.ItemsMentioningAsync(user.Id, Cancel));
        Assert.Empty(await table.ItemsMentioningAsync(user.UserName!, Cancel));
    }

    [Fact]
    public async Task SetEmail_SwapsTheSentinel_ValidatesDuplicatesAndEmpty()
    {
        var manager = Manager();
        var first = await CreatedAsync(manager);
        var second = await CreatedAsync(manager);
        var oldEmail = second.Email!;
        var newEmail = "changed-" + oldEmail;
        Succeeded(await manager.SetEmailAsync(second, newEmail));
        Assert.Equal(second.Id, (await Manager().FindByEmailAsync(newEmail.ToUpperInvariant()))?.Id);
        Assert.Null(await Manager().FindByEmailAsync(oldEmail));
        var saasUser = await _services.GetRequiredService<IUserRepository>().GetAsync(second.Id, consistentRead: true, Cancel);
        Assert.Equal(newEmail, saasUser?.Email);
        Assert.Empty(await table.ItemsMentioningAsync("EMAIL#" + oldEmail, Cancel));
        Assert.False(second.EmailConfirmed);

        Failed(await manager.SetEmailAsync(second, first.Email!.ToUpperInvariant()), "DuplicateEmail");
        Failed(await Manager().SetEmailAsync((await Manager().FindByIdAsync(second.Id))!, string.Empty), "InvalidEmail");
        Assert.Equal(second.Id, (await Manager().FindByEmailAsync(newEmail))?.Id);
    }

    [Fact]
    public async Task CanChangeEmail_WithItsToken_AndTheTokenFailsOnceTheEmailChanged()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var newEmail = "token-" + user.Email;
        var token = await manager.GenerateChangeEmailTokenAsync(user, newEmail);
        Failed(await manager.ChangeEmailAsync(user, "other-" + newEmail, token), "InvalidToken");
        Succeeded(await manager.ChangeEmailAsync(user, newEmail, token));
        Assert.True(user.EmailConfirmed);
        Assert.Equal(user.Id, (await Manager().FindByEmailAsync(newEmail))?.Id);
        Failed(await manager.ChangeEmailAsync(user, newEmail, token), "InvalidToken");
    }

    [Fact]
    public async Task Passwords_Create_Check_Change_Add_Remove()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager, "password");
        Assert.True(await Manager().CheckPasswordAsync((await Manager().FindByIdAsync(user.Id))!, "password"));
        Failed(await manager.ChangePasswordAsync(user, "wrong", "new password"), "PasswordMismatch");
        Succeeded(await manager.ChangePasswordAsync(user, "password", "new password"));
        var stored = (await Manager().FindByIdAsync(user.Id))!;
        Assert.False(await Manager().CheckPasswordAsync(stored, "password"));
        Assert.True(await Manager().CheckPasswordAsync(stored, "new password"));
        Failed(await manager.AddPasswordAsync(user, "another"), "UserAlreadyHasPassword");
        Succeeded(await manager.RemovePasswordAsync(user));
        Assert.False(await Manager().HasPasswordAsync((await Manager().FindByIdAsync(user.Id))!));
        Succeeded(await manager.AddPasswordAsync(user, "added password"));
        Assert.True(await Manager().CheckPasswordAsync((await Manager().FindByIdAsync(user.Id))!, "added password"));

        var noPassword = await CreatedAsync(manager);
        Assert.False(await manager.HasPasswordAsync(noPassword));
    }

    [Fact]
    public async Task CanUpdatePasswordUsingHasher()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager, "password");
        user.PasswordHash = manager.PasswordHasher.HashPassword(user, "New");
        Succeeded(await manager.UpdateAsync(user));
        var stored = (await Manager().FindByIdAsync(user.Id))!;
        Assert.False(await Manager().CheckPasswordAsync(stored, "password"));
        Assert.True(await Manager().CheckPasswordAsync(stored, "New"));
    }

    [Fact]
    public async Task Finds_ById_ByName_ByEmail_InAnyCase_AndNullForUnknownOrUnsafeValues()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        Assert.Equal(user.Id, (await Manager().FindByIdAsync(user.Id))?.Id);
        Assert.Equal(user.Id, (await Manager().FindByNameAsync(user.UserName!.ToUpperInvariant()))?.Id);
        Assert.Equal(user.Id, (await Manager().FindByEmailAsync(user.Email!.ToUpperInvariant()))?.Id);
        Assert.Null(await Manager().FindByIdAsync("no-such-user"));
        Assert.Null(await Manager().FindByIdAsync("bad\u0001id"));
        Assert.Null(await Manager().FindByNameAsync("nobody"));
        Assert.Null(await Manager().FindByEmailAsync("nobody@example.com"));
        Assert.Null(await Manager().FindByEmailAsync("not an address"));
    }

    [Fact]
    public async Task Logins_AddRemove_Find_AndADuplicateLoginFails()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var login = new UserLoginInfo("oidc", "248289761001", "Example IdP");
        Succeeded(await manager.AddLoginAsync(user, login));
        var found = await Manager().FindByLoginAsync("oidc", "248289761001");
        Assert.Equal(user.Id, found?.Id);
        var logins = await Manager().GetLoginsAsync(found!);
        var only = Assert.Single(logins);
        Assert.Equal(("oidc", "248289761001", "Example IdP"), (only.LoginProvider, only.ProviderKey, only.ProviderDisplayName));

        var other = await CreatedAsync(manager);
        Failed(await manager.AddLoginAsync(other, login), "LoginAlreadyAssociated");
        Failed(await Manager().AddLoginAsync(user, login), "LoginAlreadyAssociated");

        Succeeded(await manager.RemoveLoginAsync(user, "oidc", "248289761001"));
        Assert.Null(await Manager().FindByLoginAsync("oidc", "248289761001"));
        Assert.Empty(await Manager().GetLoginsAsync(user));
        Succeeded(await manager.AddLoginAsync(other, login));
        Assert.Equal(other.Id, (await Manager().FindByLoginAsync("oidc", "248289761001"))?.Id);
    }

    [Fact]
    public async Task CanCreateUserWithALogin_InOneSave()
    {
        var manager = Manager();
        var user = NewUser();
        var store = _services.CreateScope().ServiceProvider.GetRequiredService<IUserStore<SaasIdentityUser>>();
        await ((IUserLoginStore<SaasIdentityUser>)store).AddLoginAsync(user, new UserLoginInfo("github", "583231", "GitHub"), Cancel);
        Succeeded(await manager.CreateAsync(user));
        Assert.Equal(user.Id, (await Manager().FindByLoginAsync("github", "583231"))?.Id);
    }

    [Fact]
    public async Task Claims_AddRemoveReplace_OnlyAffectTheirUser_AndUsersForClaim()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var other = await CreatedAsync(manager);
        Claim[] claims = [new("plan", "pro"), new("team", "analytical#engines"), new("long", new string('x', 5000))];
        Succeeded(await manager.AddClaimsAsync(user, claims));
        Succeeded(await manager.AddClaimsAsync(other, claims));
        Assert.Equal(claims.Select(c => (c.Type, c.Value)).Order(), (await Manager().GetClaimsAsync(user)).Select(c => (c.Type, c.Value)).Order());

        Succeeded(await manager.RemoveClaimAsync(user, claims[0]));
        Assert.Equal(2, (await Manager().GetClaimsAsync(user)).Count);
        Assert.Equal(3, (await Manager().GetClaimsAsync(other)).Count);

        Succeeded(await manager.ReplaceClaimAsync(user, claims[1], new Claim("team", "difference")));
        Assert.Contains((await Manager().GetClaimsAsync(user)), c => c.Type == "team" && c.Value == "difference");
        Assert.Contains((await Manager().GetClaimsAsync(other)), c => c.Type == "team" && c.Value == "analytical#engines");

        var withPro = await Manager().GetUsersForClaimAsync(new Claim("plan", "pro"));
        Assert.Equal([other.Id], withPro.Select(u => u.Id));
        var withLong = await Manager().GetUsersForClaimAsync(claims[2]);
        Assert.Equal(new[] { user.Id, other.Id }.Order(), withLong.Select(u => u.Id).Order());
    }

    [Fact]
    public async Task SecurityStamp_ChangesOnUpdate_AndConfirmationTokensDieWithIt()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager, "password");
        Assert.False(await manager.IsEmailConfirmedAsync(user));
        var stamp = user.SecurityStamp;
        var token = await manager.GenerateEmailConfirmationTokenAsync(user);
        Succeeded(await manager.UpdateSecurityStampAsync(user));
        Assert.NotEqual(stamp, (await Manager().FindByIdAsync(user.Id))?.SecurityStamp);
        Failed(await manager.ConfirmEmailAsync(user, token), "InvalidToken");
        Succeeded(await manager.ConfirmEmailAsync(user, await manager.GenerateEmailConfirmationTokenAsync(user)));
        Assert.True((await Manager().FindByIdAsync(user.Id))!.EmailConfirmed);
    }

    [Fact]
    public async Task ResetPassword_WithItsToken_AndAWrongTokenFails()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager, "password");
        var token = await manager.GeneratePasswordResetTokenAsync(user);
        Failed(await manager.ResetPasswordAsync(user, "bogus", "new password"), "InvalidToken");
        Succeeded(await manager.ResetPasswordAsync(user, token, "new password"));
        Assert.True(await Manager().CheckPasswordAsync((await Manager().FindByIdAsync(user.Id))!, "new password"));
        Failed(await manager.ResetPasswordAsync(user, token, "again"), "InvalidToken");
    }

    [Fact]
    public async Task Lockout_AfterFailures_ResetCountPreventsIt_AndNotWhenDisabled()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager, "password");
        Assert.True(await manager.GetLockoutEnabledAsync(user)); // Identity's default for new users
        Succeeded(await manager.AccessFailedAsync(user));
        Succeeded(await manager.AccessFailedAsync(user));
        Assert.Equal(2, await Manager().GetAccessFailedCountAsync((await Manager().FindByIdAsync(user.Id))!));
        Succeeded(await manager.ResetAccessFailedCountAsync(user));
        Succeeded(await manager.AccessFailedAsync(user));
        Succeeded(await manager.AccessFailedAsync(user));
        Assert.False(await Manager().IsLockedOutAsync((await Manager().FindByIdAsync(user.Id))!));
        Succeeded(await manager.AccessFailedAsync(user));
        var stored = (await Manager().FindByIdAsync(user.Id))!;
        Assert.True(await Manager().IsLockedOutAsync(stored));
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.Equal(0, stored.AccessFailedCount);

        Succeeded(await manager.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.False(await Manager().IsLockedOutAsync((await Manager().FindByIdAsync(user.Id))!));

        Succeeded(await manager.SetLockoutEnabledAsync(user, false));
        Failed(await manager.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(5)), "UserLockoutNotEnabled");
    }

    [Fact]
    public async Task PhoneNumber_SetChangeWithToken_AndVerify()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        Succeeded(await manager.SetPhoneNumberAsync(user, "+441234567890"));
        Assert.Equal("+441234567890", (await Manager().FindByIdAsync(user.Id))?.PhoneNumber);
        Assert.False(await manager.IsPhoneNumberConfirmedAsync(user));
        var token = await manager.GenerateChangePhoneNumberTokenAsync(user, "+449876543210");
        Assert.True(await manager.VerifyChangePhoneNumberTokenAsync(user, token, "+449876543210"));
        Failed(await manager.ChangePhoneNumberAsync(user, "+440000000000", token), "InvalidToken");
        Succeeded(await manager.ChangePhoneNumberAsync(user, "+449876543210", token));
        var stored = (await Manager().FindByIdAsync(user.Id))!;
        Assert.Equal("+449876543210", stored.PhoneNumber);
        Assert.True(stored.PhoneNumberConfirmed);
    }

    [Fact]
    public async Task TwoFactor_EnableChangesStamp_AuthenticatorKey_AndValidProviders()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var stamp = user.SecurityStamp;
        Succeeded(await manager.SetTwoFactorEnabledAsync(user, true));
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.True(await Manager().GetTwoFactorEnabledAsync((await Manager().FindByIdAsync(user.Id))!));

        stamp = user.SecurityStamp;
        Succeeded(await manager.ResetAuthenticatorKeyAsync(user));
        Assert.NotEqual(stamp, user.SecurityStamp);
        var key = await Manager().GetAuthenticatorKeyAsync((await Manager().FindByIdAsync(user.Id))!);
        Assert.False(string.IsNullOrEmpty(key));
        Assert.True(await manager.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Totp.Code(key!, DateTimeOffset.UtcNow)));
        Assert.Contains(TokenOptions.DefaultAuthenticatorProvider, await manager.GetValidTwoFactorProvidersAsync(user));
    }

    [Fact]
    public async Task RecoveryCodes_RedeemOnce_CountAndInvalidAfterReplace()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var codes = (await manager.GenerateNewTwoFactorRecoveryCodesAsync(user, 5))!.ToArray();
        Assert.Equal(5, await Manager().CountRecoveryCodesAsync((await Manager().FindByIdAsync(user.Id))!));
        Succeeded(await manager.RedeemTwoFactorRecoveryCodeAsync(user, codes[0]));
        Failed(await manager.RedeemTwoFactorRecoveryCodeAsync(user, codes[0]), "RecoveryCodeRedemptionFailed");
        Assert.Equal(4, await Manager().CountRecoveryCodesAsync((await Manager().FindByIdAsync(user.Id))!));

        var replaced = (await manager.GenerateNewTwoFactorRecoveryCodesAsync(user, 3))!.ToArray();
        Failed(await manager.RedeemTwoFactorRecoveryCodeAsync(user, codes[1]), "RecoveryCodeRedemptionFailed");
        Succeeded(await Manager().RedeemTwoFactorRecoveryCodeAsync((await Manager().FindByIdAsync(user.Id))!, replaced[2]));
    }

    [Fact]
    public async Task AuthenticationTokens_SetGetRemove()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        Succeeded(await manager.SetAuthenticationTokenAsync(user, "google", "refresh_token", "1//0g-secret"));
        Assert.Equal("1//0g-secret", await Manager().GetAuthenticationTokenAsync((await Manager().FindByIdAsync(user.Id))!, "google", "refresh_token"));
        Succeeded(await manager.SetAuthenticationTokenAsync(user, "google", "refresh_token", "1//0g-rotated"));
        Assert.Equal("1//0g-rotated", await Manager().GetAuthenticationTokenAsync(user, "google", "refresh_token"));
        Succeeded(await manager.RemoveAuthenticationTokenAsync(user, "google", "refresh_token"));
        Assert.Null(await Manager().GetAuthenticationTokenAsync((await Manager().FindByIdAsync(user.Id))!, "google", "refresh_token"));
        Succeeded(await manager.RemoveAuthenticationTokenAsync(user, "google", "refresh_token"));
    }

    [Fact]
    public async Task Roles_AddGetIsInRemove_UsersInRole_AndDuplicates()
    {
        var roles = _services.CreateScope().ServiceProvider.GetRequiredService<RoleManager<SaasIdentityRole>>();
        var roleName = "editors-" + Guid.NewGuid().ToString("N")[..8];
        Succeeded(await roles.CreateAsync(new SaasIdentityRole(roleName)));
        Succeeded(await roles.CreateAsync(new SaasIdentityRole(roleName + "-b")));
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var other = await CreatedAsync(manager);

        Succeeded(await manager.AddToRolesAsync(user, [roleName, roleName + "-b"]));
        Succeeded(await manager.AddToRoleAsync(other, roleName));
        Failed(await manager.AddToRoleAsync(user, roleName), "UserAlreadyInRole");
        Assert.Equal(new[] { roleName, roleName + "-b" }.Order(), await Manager().GetRolesAsync((await Manager().FindByIdAsync(user.Id))!));
        Assert.True(await Manager().IsInRoleAsync(user, roleName.ToUpperInvariant()));
        Assert.Equal(new[] { user.Id, other.Id }.Order(), (await Manager().GetUsersInRoleAsync(roleName)).Select(u => u.Id).Order());

        Succeeded(await manager.RemoveFromRoleAsync(user, roleName));
        Failed(await manager.RemoveFromRoleAsync(user, roleName), "UserNotInRole");
        Assert.False(await Manager().IsInRoleAsync(user, roleName));
        Assert.Equal([other.Id], (await Manager().GetUsersInRoleAsync(roleName)).Select(u => u.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.AddToRoleAsync(user, "no-such-role"));
    }

    [Fact]
    public async Task StaleStamp_UpdateAndDeleteFailWithConcurrencyFailure_AndWriteNothing()
    {
        var manager = Manager();
        var user = await CreatedAsync(manager);
        var stale = (await Manager().FindByIdAsync(user.Id))!;
        Succeeded(await manager.SetPhoneNumberAsync(user, "+15550100"));
        var before = await table.ItemsMentioningAsync(user.Id, Cancel);

        stale.PhoneNumber = "+15550199";
        Failed(await Manager().UpdateAsync(stale), "ConcurrencyFailure");
        Failed(await Manager().DeleteAsync(stale), "ConcurrencyFailure");
        var detached = new SaasIdentityUser { Id = user.Id, UserName = user.UserName, Email = user.Email, ConcurrencyStamp = Guid.NewGuid().ToString() };
        Failed(await Manager().UpdateAsync(detached), "ConcurrencyFailure");
        Failed(await Manager().DeleteAsync(detached), "ConcurrencyFailure");

        Assert.Equal(before, await table.ItemsMentioningAsync(user.Id, Cancel));
        Assert.Equal("+15550100", (await Manager().FindByIdAsync(user.Id))?.PhoneNumber);
    }
}
