using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>Uniqueness and optimistic concurrency under real concurrency (many requests in flight at once).</summary>
public sealed class RaceTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FiftyConcurrentRegistrations_WithOneEmailInDifferentCase_GiveOneUser()
    {
        await using var services = table.CreateIdentityServices();
        const string email = "race.winner@example.com";
        var variants = Enumerable.Range(0, 50).Select(i => Casing(email, i)).ToArray();
        Assert.Equal(50, variants.Distinct(StringComparer.Ordinal).Count());

        using var start = new ManualResetEventSlim();
        var registrations = variants.Select((variant, i) => Task.Run(async () =>
        {
            using var scope = services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
            var user = new SaasIdentityUser($"racer-{i}") { Email = variant };
            start.Wait(Cancel);
            return (user.Id, Result: await users.CreateAsync(user, "password"));
        }, Cancel)).ToArray();
        start.Set();
        var results = await Task.WhenAll(registrations);

        var winner = Assert.Single(results, r => r.Result.Succeeded);
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Equal("DuplicateEmail", Assert.Single(r.Result.Errors).Code));
        var items = await table.ScanAsync(Cancel);
        var emailItems = items.Where(i => i["PK"].S == "EMAIL#" + email).ToList();
        // The core's sentinel and the Identity account's copy beside it, both the winner's.
        Assert.Equal([("EMAIL", winner.Id), ("EMAIL#IDENTITY", winner.Id)], emailItems.Select(i => (i["SK"].S, i["UserId"].S)).Order());
        var userIds = results.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["USER#" + winner.Id], items.Where(i => i["PK"].S.StartsWith("USER#", StringComparison.Ordinal) && userIds.Contains(i["PK"].S[5..])).Select(i => i["PK"].S).Distinct());
        Assert.Equal(["USERNAME#RACER-" + results.ToList().IndexOf(winner)], items.Where(i => i["PK"].S.StartsWith("USERNAME#RACER-", StringComparison.Ordinal)).Select(i => i["PK"].S));
    }

    [Fact]
    public async Task TwoUsersRacingToLinkOneExternalLogin_GiveOneOwner()
    {
        await using var services = table.CreateIdentityServices();
        for (var round = 0; round < 10; round++)
        {
            var first = await CreateUserAsync(services, $"link-a-{round}@example.com");
            var second = await CreateUserAsync(services, $"link-b-{round}@example.com");
            var login = new UserLoginInfo("google", $"10876{round}", "Google");

            using var start = new ManualResetEventSlim();
            var links = new[] { first, second }.Select(userId => Task.Run(async () =>
            {
                using var scope = services.CreateScope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
                var user = (await users.FindByIdAsync(userId))!;
                start.Wait(Cancel);
                return (userId, Result: await users.AddLoginAsync(user, login));
            }, Cancel)).ToArray();
            start.Set();
            var results = await Task.WhenAll(links);

            var owner = Assert.Single(results, r => r.Result.Succeeded).userId;
            Assert.Equal("LoginAlreadyAssociated", Assert.Single(Assert.Single(results, r => !r.Result.Succeeded).Result.Errors).Code);
            using var check = services.CreateScope();
            var manager = check.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
            Assert.Equal(owner, (await manager.FindByLoginAsync("google", login.ProviderKey))?.Id);
            var loser = owner == first ? second : first;
            Assert.Empty(await manager.GetLoginsAsync((await manager.FindByIdAsync(loser))!));
            var loginItems = (await table.ScanAsync(Cancel)).Where(i => i["SK"].S.EndsWith("#" + login.ProviderKey, StringComparison.Ordinal) || i["PK"].S.EndsWith("#" + login.ProviderKey, StringComparison.Ordinal)).ToList();
            Assert.Equal(2, loginItems.Count); // the user's login item and the sentinel, both the owner's
            Assert.All(loginItems, i => Assert.Equal(owner, i["UserId"].S));
        }
    }

    [Fact]
    public async Task ConcurrentUpdatesWithOneStamp_GiveOneSuccess_AndConcurrencyFailureForTheRest()
    {
        await using var services = table.CreateIdentityServices();
        var userId = await CreateUserAsync(services, "stamp@example.com");
        var copies = new List<(UserManager<SaasIdentityUser> Manager, SaasIdentityUser User, IServiceScope Scope)>();
        for (var i = 0; i < 10; i++)
        {
            var scope = services.CreateScope();
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
            copies.Add((manager, (await manager.FindByIdAsync(userId))!, scope));
        }

        Assert.Single(copies.Select(c => c.User.ConcurrencyStamp).Distinct());
        using var start = new ManualResetEventSlim();
        var updates = copies.Select((copy, i) => Task.Run(async () =>
        {
            copy.User.PhoneNumber = $"+4930123456{i}";
            start.Wait(Cancel);
            return (Phone: copy.User.PhoneNumber, Result: await copy.Manager.UpdateAsync(copy.User));
        }, Cancel)).ToArray();
        start.Set();
        var results = await Task.WhenAll(updates);

        var winner = Assert.Single(results, r => r.Result.Succeeded);
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Equal("ConcurrencyFailure", Assert.Single(r.Result.Errors).Code));
        using var check = services.CreateScope();
        var stored = await check.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>().FindByIdAsync(userId);
        Assert.Equal(winner.Phone, stored?.PhoneNumber);
        foreach (var copy in copies)
        {
            copy.Scope.Dispose();
        }
    }

    private static async Task<string> CreateUserAsync(IServiceProvider services, string email)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var user = new SaasIdentityUser(email) { Email = email };
        var result = await users.CreateAsync(user);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return user.Id;
    }

    /// <summary>The address with letters upper-cased by the bits of <paramref name="variant"/>: each variant differs.</summary>
    private static string Casing(string email, int variant)
    {
        var chars = email.ToCharArray();
        var bit = 0;
        for (var i = 0; i < chars.Length && bit < 8; i++)
        {
            if (char.IsAsciiLetter(chars[i]))
            {
                if ((variant >> bit & 1) == 1)
                {
                    chars[i] = char.ToUpperInvariant(chars[i]);
                }

                bit++;
            }
        }

        return new string(chars);
    }
}
