using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>Passkeys (.NET 10's IUserPasskeyStore) through a real UserManager: one owner per credential id.</summary>
public sealed class PasskeyTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>, IAsyncDisposable
{
    private readonly ServiceProvider _services = table.CreateIdentityServices();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private UserManager<SaasIdentityUser> Manager() => _services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();

    private static UserPasskeyInfo Passkey(byte[] credentialId, uint signCount = 0) =>
        new(credentialId, RandomNumberGenerator.GetBytes(77), new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), signCount, ["internal", "hybrid"], true, true, false, RandomNumberGenerator.GetBytes(300), RandomNumberGenerator.GetBytes(120))
        {
            Name = "MacBook",
        };

    private async Task<SaasIdentityUser> CreatedAsync(string name)
    {
        var user = new SaasIdentityUser(name + "-" + Guid.NewGuid().ToString("N")[..8]) { Email = name + Guid.NewGuid().ToString("N")[..8] + "@example.com" };
        Assert.True((await Manager().CreateAsync(user)).Succeeded);
        return user;
    }

    [Fact]
    public async Task AddFindUpdateRemove()
    {
        var manager = Manager();
        Assert.True(manager.SupportsUserPasskey);
        var user = await CreatedAsync("pk");
        var credentialId = RandomNumberGenerator.GetBytes(1023); // the largest id WebAuthn allows: longer than a sort key
        var passkey = Passkey(credentialId);
        Assert.True((await manager.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);

        Assert.Equal(user.Id, (await Manager().FindByPasskeyIdAsync(credentialId))?.Id);
        var stored = await Manager().GetPasskeyAsync(user, credentialId);
        Assert.NotNull(stored);
        Assert.Equal(passkey.PublicKey, stored.PublicKey);
        Assert.Equal(passkey.AttestationObject, stored.AttestationObject);
        Assert.Equal(passkey.ClientDataJson, stored.ClientDataJson);
        Assert.Equal(["internal", "hybrid"], stored.Transports!);
        Assert.Equal(("MacBook", true, true, false, passkey.CreatedAt), (stored.Name, stored.IsUserVerified, stored.IsBackupEligible, stored.IsBackedUp, stored.CreatedAt));

        var loaded = (await Manager().FindByIdAsync(user.Id))!;
        stored.SignCount = 7;
        Assert.True((await Manager().AddOrUpdatePasskeyAsync(loaded, stored)).Succeeded);
        Assert.Equal(7u, Assert.Single(await Manager().GetPasskeysAsync(user)).SignCount);

        Assert.True((await Manager().RemovePasskeyAsync((await Manager().FindByIdAsync(user.Id))!, credentialId)).Succeeded);
        Assert.Empty(await Manager().GetPasskeysAsync(user));
        Assert.Null(await Manager().FindByPasskeyIdAsync(credentialId));
    }

    [Fact]
    public async Task ACredentialId_HasOneOwner_AndDeletingTheUserFreesIt()
    {
        var first = await CreatedAsync("pk-a");
        var second = await CreatedAsync("pk-b");
        var credentialId = RandomNumberGenerator.GetBytes(64);
        Assert.True((await Manager().AddOrUpdatePasskeyAsync(first, Passkey(credentialId))).Succeeded);

        var refused = await Manager().AddOrUpdatePasskeyAsync(second, Passkey(credentialId));
        Assert.Equal("DuplicatePasskey", Assert.Single(refused.Errors).Code);
        Assert.Empty(await Manager().GetPasskeysAsync(second));

        Assert.True((await Manager().DeleteAsync((await Manager().FindByIdAsync(first.Id))!)).Succeeded);
        Assert.Empty(await table.ItemsMentioningAsync(first.Id, Cancel));
        Assert.Null(await Manager().FindByPasskeyIdAsync(credentialId));
        Assert.True((await Manager().AddOrUpdatePasskeyAsync((await Manager().FindByIdAsync(second.Id))!, Passkey(credentialId))).Succeeded);
    }
}
