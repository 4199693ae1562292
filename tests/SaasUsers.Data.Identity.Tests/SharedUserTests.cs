using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>The Identity user is the SaaS user: one id, one item collection, one e-mail sentinel; and what each find costs.</summary>
public sealed class SharedUserTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserCreatedByUserManager_IsTheSaasUser_ForTheRepositoryAndTheAccountOverview()
    {
        await using var services = table.CreateIdentityServices();
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var user = new SaasIdentityUser("grace") { Email = "Grace.Hopper@Example.com" };
        Assert.True((await manager.CreateAsync(user, "password")).Succeeded);

        var users = services.GetRequiredService<IUserRepository>();
        var saasUser = await users.GetAsync(user.Id, consistentRead: true, Cancel);
        Assert.Equal("Grace.Hopper@Example.com", saasUser?.Email);
        Assert.Equal(user.Id, (await users.FindByEmailAsync("grace.hopper@example.com", Cancel))?.UserId);
        Assert.Equal(saasUser!.NormalizedEmail, user.NormalizedEmail);
        var overview = await services.GetRequiredService<IAccountRepository>().GetOverviewAsync(user.Id, cancellationToken: Cancel);
        Assert.Equal(user.Id, overview?.User.UserId);

        // The SaaS sign-up rule holds for both: the address is taken for IUserRepository too.
        await Assert.ThrowsAsync<DuplicateEmailException>(() => users.CreateAsync(new NewUser { Email = "GRACE.HOPPER@example.com" }, Cancel));
    }

    [Fact]
    public async Task UserCreatedByTheRepository_IsFoundByUserManager_AndItsFirstSaveCreatesTheSignInData()
    {
        await using var services = table.CreateIdentityServices();
        var users = services.GetRequiredService<IUserRepository>();
        var saasUser = await users.CreateAsync(new NewUser { Email = "katherine@example.com", DisplayName = "Katherine" }, Cancel);
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();

        var found = await manager.FindByEmailAsync("katherine@example.com");
        Assert.Equal(saasUser.UserId, found?.Id);
        Assert.False(await manager.HasPasswordAsync(found!));
        Assert.True((await manager.AddPasswordAsync(found!, "password")).Succeeded);

        var again = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var byName = await again.FindByNameAsync("katherine@example.com");
        Assert.Equal(saasUser.UserId, byName?.Id);
        Assert.True(await again.CheckPasswordAsync(byName!, "password"));
        Assert.Equal("Katherine", (await users.GetAsync(saasUser.UserId, consistentRead: true, Cancel))?.DisplayName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Deleting_ThroughUserManagerOrTheRepository_LeavesNothingOfTheUser_AndFreesNameLoginAndPasskey(bool throughUserManager)
    {
        // Given a user with a claim, a token, a login and a passkey (sentinels outside the collection: user name,
        // e-mail and its copy, login, passkey)
        await using var services = table.CreateIdentityServices();
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var user = new SaasIdentityUser("gone-" + tag) { Email = $"gone-{tag}@example.com" };
        Assert.True((await manager.CreateAsync(user, "password")).Succeeded);
        Assert.True((await manager.AddClaimAsync(user, new System.Security.Claims.Claim("plan", "pro"))).Succeeded);
        Assert.True((await manager.SetAuthenticationTokenAsync(user, "github", "refresh", "r-" + tag)).Succeeded);
        Assert.True((await manager.AddLoginAsync(user, new UserLoginInfo("github", "gh-" + tag, "GitHub"))).Succeeded);
        var credentialId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        Assert.True((await manager.AddOrUpdatePasskeyAsync(user, new UserPasskeyInfo(credentialId, [1, 2, 3], DateTimeOffset.UtcNow, 0, null, true, false, false, [4], [5]))).Succeeded);
        var keys = (await table.ScanAsync(Cancel)).Where(i => i.TryGetValue("UserId", out var id) && id.S == user.Id).Select(i => i["PK"].S).ToHashSet();
        Assert.Contains("USERNAME#GONE-" + tag.ToUpperInvariant(), keys);
        Assert.Contains($"EMAIL#gone-{tag}@example.com", keys);
        Assert.Contains("LOGIN#github#gh-" + tag, keys);

        // When it is deleted through either path
        if (throughUserManager)
        {
            Assert.True((await manager.DeleteAsync((await manager.FindByIdAsync(user.Id))!)).Succeeded);
        }
        else
        {
            await services.GetRequiredService<IUserRepository>().DeleteAsync(user.Id, Cancel);
        }

        // Then the table read back holds nothing of it, and its name, address, login and passkey are free at once
        Assert.Empty(await table.ItemsMentioningAsync(user.Id, Cancel));
        Assert.Empty(await table.ItemsMentioningAsync(tag, Cancel));
        Assert.Null(await manager.FindByNameAsync("GONE-" + tag));
        Assert.Null(await manager.FindByLoginAsync("github", "gh-" + tag));
        Assert.Null(await manager.FindByPasskeyIdAsync(credentialId));
        var next = new SaasIdentityUser("gone-" + tag) { Email = $"gone-{tag}@example.com" };
        Assert.True((await manager.CreateAsync(next)).Succeeded);
        Assert.True((await manager.AddLoginAsync(next, new UserLoginInfo("github", "gh-" + tag, "GitHub"))).Succeeded);
        Assert.True((await manager.AddOrUpdatePasskeyAsync(next, new UserPasskeyInfo(credentialId, [1], DateTimeOffset.UtcNow, 0, null, true, false, false, [4], [5]))).Succeeded);
        Assert.Equal(next.Id, (await manager.FindByLoginAsync("github", "gh-" + tag))?.Id);
    }

    [Fact]
    public async Task ASentinelLeftByADeleteCutShort_IsReclaimedByTheNextClaim()
    {
        // Given a user-name sentinel whose user is gone (as a delete cut short after the collection leaves it)
        await using var services = table.CreateIdentityServices();
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await services.GetRequiredService<IEntityTable>().PutAsync(new Items.UserNameItem { NormalizedUserName = "STALE-" + tag.ToUpperInvariant(), UserId = "gone" + tag }, Cancel);
        Assert.Null(await manager.FindByNameAsync("STALE-" + tag));

        // When another user claims the name, then it is theirs
        var next = new SaasIdentityUser("stale-" + tag) { Email = $"stale-{tag}@example.com" };
        Assert.True((await manager.CreateAsync(next)).Succeeded);
        Assert.Equal(next.Id, (await manager.FindByNameAsync("STALE-" + tag))?.Id);
    }

    [Fact]
    public async Task ChangingTheEmail_ThroughTheRepositoryOrUserManager_ChangesWhatEveryFindReturns()
    {
        await using var services = table.CreateIdentityServices();
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var users = services.GetRequiredService<IUserRepository>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var user = new SaasIdentityUser("mail-" + tag) { Email = $"first-{tag}@example.com" };
        Assert.True((await manager.CreateAsync(user, "password")).Succeeded);
        Assert.True((await manager.AddLoginAsync(user, new UserLoginInfo("github", "m-" + tag, "GitHub"))).Succeeded);
        var loadedBefore = (await manager.FindByNameAsync("MAIL-" + tag))!;

        // Through the repository: the user, its sentinel and every copy of the account in one transaction
        var saasUser = (await users.GetAsync(user.Id, consistentRead: true, Cancel))!;
        await users.ChangeEmailAsync(saasUser, $"Second-{tag}@example.com", Cancel);
        Assert.Equal($"Second-{tag}@example.com", (await manager.FindByNameAsync("MAIL-" + tag))?.Email);
        Assert.Equal($"Second-{tag}@example.com", (await manager.FindByLoginAsync("github", "m-" + tag))?.Email);
        Assert.Equal(user.Id, (await manager.FindByEmailAsync($"second-{tag}@example.com"))?.Id);
        Assert.Null(await manager.FindByEmailAsync($"first-{tag}@example.com"));
        Assert.True(await manager.CheckPasswordAsync((await manager.FindByEmailAsync($"second-{tag}@example.com"))!, "password"));

        // A user loaded before the change saves nothing (its stamp is stale), so the old address cannot come back
        loadedBefore.PhoneNumber = "+15550100";
        Assert.Equal(nameof(IdentityErrorDescriber.ConcurrencyFailure), Assert.Single((await manager.UpdateAsync(loadedBefore)).Errors).Code);

        // Through UserManager
        var current = (await manager.FindByLoginAsync("github", "m-" + tag))!;
        Assert.True((await manager.SetEmailAsync(current, $"third-{tag}@example.com")).Succeeded);
        Assert.Equal($"third-{tag}@example.com", (await manager.FindByNameAsync("MAIL-" + tag))?.Email);
        Assert.Equal($"third-{tag}@example.com", (await manager.FindByLoginAsync("github", "m-" + tag))?.Email);
        Assert.Equal($"third-{tag}@example.com", (await users.GetAsync(user.Id, consistentRead: true, Cancel))?.Email);
        Assert.Null(await manager.FindByEmailAsync($"second-{tag}@example.com"));

        // No copy of the account is left at an address the user no longer holds
        var emailPartitions = (await table.ScanAsync(Cancel)).Select(i => i["PK"].S).Where(pk => pk.StartsWith("EMAIL#", StringComparison.Ordinal) && pk.Contains(tag, StringComparison.Ordinal)).Distinct();
        Assert.Equal([$"EMAIL#third-{tag}@example.com"], emailPartitions);
    }

    [Theory]
    [InlineData("auth0|5f8a1b2c3d4e")]
    [InlineData("248289761001")]
    [InlineData("google-oauth2|110169484474386276334")]
    [InlineData("tenant#USER")] // a '#' cannot forge another key: it is escaped
    public async Task IdentityProviderSubjects_AreValidUserIds(string subject)
    {
        await using var services = table.CreateIdentityServices();
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var user = new SaasIdentityUser("sub-" + tag) { Id = subject + tag, Email = $"sub-{tag}@example.com" };
        Assert.True((await manager.CreateAsync(user, "password")).Succeeded);

        Assert.Equal(subject + tag, (await manager.FindByIdAsync(subject + tag))?.Id);
        Assert.Equal(subject + tag, (await manager.FindByEmailAsync($"sub-{tag}@example.com"))?.Id);
        Assert.Equal(subject + tag, (await services.GetRequiredService<IUserRepository>().GetAsync(subject + tag, consistentRead: true, Cancel))?.UserId);
        Assert.True((await manager.DeleteAsync(user)).Succeeded);
        Assert.Empty(await table.ItemsMentioningAsync(subject + tag, Cancel));
    }

    [Fact]
    public async Task EachFind_IsOneStronglyConsistentRequest_AndASaveOneTransaction()
    {
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateIdentityServices(log);
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var store = services.CreateScope().ServiceProvider.GetRequiredService<IUserStore<SaasIdentityUser>>();
        var user = new SaasIdentityUser("counted") { Email = "counted@example.com" };
        Assert.True((await manager.CreateAsync(user)).Succeeded);
        Assert.True((await manager.AddLoginAsync(user, new UserLoginInfo("google", "1133", "Google"))).Succeeded);

        log.Clear();
        await store.CreateAsync(new SaasIdentityUser("counted-2") { Email = "counted-2@example.com", NormalizedUserName = "COUNTED-2" }, Cancel);
        Assert.Equal(["TransactWriteItems"], log.Operations);

        log.Clear();
        Assert.NotNull(await store.FindByIdAsync(user.Id, Cancel));
        Assert.Equal(["BatchGetItem"], log.Operations);

        log.Clear();
        var byName = await store.FindByNameAsync("COUNTED", Cancel);
        Assert.Equal(["GetItem"], log.Operations);
        Assert.Equal((user.Id, "counted@example.com", user.PasswordHash, user.SecurityStamp, user.ConcurrencyStamp), (byName?.Id, byName?.Email, byName?.PasswordHash, byName?.SecurityStamp, byName?.ConcurrencyStamp));

        log.Clear();
        Assert.Equal(user.Id, (await ((IUserEmailStore<SaasIdentityUser>)store).FindByEmailAsync("counted@example.com", Cancel))?.Id);
        Assert.Equal(["Query"], log.Operations);

        log.Clear();
        Assert.Equal(user.Id, (await ((IUserLoginStore<SaasIdentityUser>)store).FindByLoginAsync("google", "1133", Cancel))?.Id);
        Assert.Equal(["GetItem"], log.Operations);

        log.Clear();
        Assert.Null(await store.FindByNameAsync("NOBODY", Cancel));
        Assert.Null(await ((IUserEmailStore<SaasIdentityUser>)store).FindByEmailAsync("nobody@example.com", Cancel));
        Assert.Equal(["GetItem", "Query"], log.Operations);

        // A save writes the account and its copies on the user-name, e-mail and login sentinels: one transaction.
        var loaded = (await store.FindByNameAsync("COUNTED", Cancel))!;
        loaded.PhoneNumber = "+15550123";
        log.Clear();
        Assert.True((await store.UpdateAsync(loaded, Cancel)).Succeeded);
        Assert.Equal(["TransactWriteItems"], log.Operations);
        log.Clear();
        Assert.Equal("+15550123", (await ((IUserLoginStore<SaasIdentityUser>)store).FindByLoginAsync("google", "1133", Cancel))?.PhoneNumber);
        Assert.Equal(["GetItem"], log.Operations);

        // A user signed up through the repository has no Identity account yet: found by e-mail in two requests.
        await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "counted-repo@example.com" }, Cancel);
        log.Clear();
        Assert.NotNull(await ((IUserEmailStore<SaasIdentityUser>)store).FindByEmailAsync("counted-repo@example.com", Cancel));
        Assert.Equal(["Query", "BatchGetItem"], log.Operations);

        log.Clear();
        Assert.Null(await store.FindByIdAsync("bad\u0001id", Cancel));
        Assert.Empty(log.Operations);
    }
}
