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
        Assert.Equal((saasUser!.UserId, saasUser.Version, saasUser.CreatedAt), (user.Profile!.UserId, user.Profile.Version, user.Profile.CreatedAt));
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
        Assert.Equal("Katherine", found!.Profile?.DisplayName);
        Assert.False(await manager.HasPasswordAsync(found));
        Assert.True((await manager.AddPasswordAsync(found, "password")).Succeeded);

        var again = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var byName = await again.FindByNameAsync("katherine@example.com");
        Assert.Equal(saasUser.UserId, byName?.Id);
        Assert.True(await again.CheckPasswordAsync(byName!, "password"));
        Assert.Equal("Katherine", (await users.GetAsync(saasUser.UserId, consistentRead: true, Cancel))?.DisplayName);
    }

    [Fact]
    public async Task DeletingThroughTheRepository_LeavesNoSignInDataInTheCollection_AndTheNameAndLoginCanBeReused()
    {
        await using var services = table.CreateIdentityServices();
        var manager = services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var user = new SaasIdentityUser("ada-repo") { Email = "ada-repo@example.com" };
        Assert.True((await manager.CreateAsync(user, "password")).Succeeded);
        Assert.True((await manager.AddClaimAsync(user, new System.Security.Claims.Claim("plan", "pro"))).Succeeded);
        Assert.True((await manager.AddLoginAsync(user, new UserLoginInfo("github", "ada-repo-1", "GitHub"))).Succeeded);

        await services.GetRequiredService<IUserRepository>().DeleteAsync(user.Id, Cancel);

        Assert.DoesNotContain(await table.ScanAsync(Cancel), i => i["PK"].S == "USER#" + user.Id);
        Assert.Null(await manager.FindByIdAsync(user.Id));
        Assert.Null(await manager.FindByNameAsync("ADA-REPO")); // the name sentinel outlives it, but finds nobody
        Assert.Null(await manager.FindByLoginAsync("github", "ada-repo-1"));

        // A stale sentinel (its user is gone) is reclaimed by the next user who claims the name or the login.
        var next = new SaasIdentityUser("ada-repo") { Email = "ada-repo-2@example.com" };
        Assert.True((await manager.CreateAsync(next)).Succeeded);
        Assert.True((await manager.AddLoginAsync(next, new UserLoginInfo("github", "ada-repo-1", "GitHub"))).Succeeded);
        Assert.Equal(next.Id, (await manager.FindByNameAsync("ADA-REPO"))?.Id);
        Assert.Equal(next.Id, (await manager.FindByLoginAsync("github", "ada-repo-1"))?.Id);
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
    public async Task EachFind_IsOneOrTwoStronglyConsistentRequests_AndASaveOne()
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
        Assert.NotNull(await store.FindByNameAsync("COUNTED", Cancel));
        Assert.Equal(["GetItem", "BatchGetItem"], log.Operations);

        log.Clear();
        Assert.NotNull(await ((IUserEmailStore<SaasIdentityUser>)store).FindByEmailAsync("counted@example.com", Cancel));
        Assert.Equal(["GetItem", "BatchGetItem"], log.Operations);

        log.Clear();
        Assert.NotNull(await ((IUserLoginStore<SaasIdentityUser>)store).FindByLoginAsync("google", "1133", Cancel));
        Assert.Equal(["GetItem", "BatchGetItem"], log.Operations);

        log.Clear();
        Assert.Null(await store.FindByNameAsync("NOBODY", Cancel));
        Assert.Equal(["GetItem"], log.Operations);

        var loaded = (await store.FindByIdAsync(user.Id, Cancel))!;
        loaded.PhoneNumber = "+15550123";
        log.Clear();
        Assert.True((await store.UpdateAsync(loaded, Cancel)).Succeeded);
        Assert.Equal(["PutItem"], log.Operations);

        log.Clear();
        Assert.Null(await store.FindByIdAsync("bad\u0001id", Cancel));
        Assert.Empty(log.Operations);
    }
}
