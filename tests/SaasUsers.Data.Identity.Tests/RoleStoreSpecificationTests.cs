using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>The behaviours dotnet/aspnetcore's RoleManagerSpecificationTestBase expects of a role store, through a real RoleManager.</summary>
public sealed class RoleStoreSpecificationTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>, IAsyncDisposable
{
    private readonly ServiceProvider _services = table.CreateIdentityServices();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private RoleManager<SaasIdentityRole> Roles() => _services.CreateScope().ServiceProvider.GetRequiredService<RoleManager<SaasIdentityRole>>();

    private static string NewName() => "role-" + Guid.NewGuid().ToString("N")[..10];

    private static void Succeeded(IdentityResult result) => Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));

    private static void Failed(IdentityResult result, string code) => Assert.True(result.Errors.Any(e => e.Code == code), $"expected {code}, got: {string.Join(", ", result.Errors.Select(e => e.Code))} (succeeded: {result.Succeeded})");

    [Fact]
    public async Task CanCreateRole_FindByIdAndName_AndRoleExists()
    {
        var roles = Roles();
        var role = new SaasIdentityRole(NewName());
        Assert.False(await roles.RoleExistsAsync(role.Name!));
        Succeeded(await roles.CreateAsync(role));
        Assert.True(await Roles().RoleExistsAsync(role.Name!));
        Assert.Equal(role.Name, (await Roles().FindByIdAsync(role.Id))?.Name);
        Assert.Equal(role.Id, (await Roles().FindByNameAsync(role.Name!.ToUpperInvariant()))?.Id);
        Assert.Null(await Roles().FindByIdAsync("no-such-role"));
        Assert.Null(await Roles().FindByNameAsync("no-such-role"));
    }

    [Fact]
    public async Task CreateRole_FailsIfTheNameExists_InAnyCase()
    {
        var name = NewName();
        Succeeded(await Roles().CreateAsync(new SaasIdentityRole(name)));
        var twin = new SaasIdentityRole(name.ToUpperInvariant());
        Failed(await Roles().CreateAsync(twin), "DuplicateRoleName");
        Assert.Null(await Roles().FindByIdAsync(twin.Id));
    }

    [Fact]
    public async Task CanUpdateRoleName_AndTheOldNameIsFree()
    {
        var roles = Roles();
        var name = NewName();
        var role = new SaasIdentityRole(name);
        Succeeded(await roles.CreateAsync(role));
        Succeeded(await roles.SetRoleNameAsync(role, name + "-renamed"));
        Succeeded(await roles.UpdateAsync(role));
        Assert.Equal(role.Id, (await Roles().FindByNameAsync(name + "-renamed"))?.Id);
        Assert.Null(await Roles().FindByNameAsync(name));
        Succeeded(await Roles().CreateAsync(new SaasIdentityRole(name)));
    }

    [Fact]
    public async Task CanAddAndRemoveRoleClaims()
    {
        var roles = Roles();
        var role = new SaasIdentityRole(NewName());
        Succeeded(await roles.CreateAsync(role));
        Claim[] claims = [new("permission", "invoices.read"), new("permission", "invoices.write"), new("scope", "billing")];
        foreach (var claim in claims)
        {
            Succeeded(await roles.AddClaimAsync(role, claim));
        }

        Assert.Equal(claims.Select(c => c.Value).Order(), (await Roles().GetClaimsAsync((await Roles().FindByIdAsync(role.Id))!)).Select(c => c.Value).Order());
        Succeeded(await roles.RemoveClaimAsync(role, claims[1]));
        Assert.Equal(["billing", "invoices.read"], (await Roles().GetClaimsAsync(role)).Select(c => c.Value).Order());
    }

    [Fact]
    public async Task CanDeleteRole_WithItsClaimsNameAndMemberships()
    {
        var roles = Roles();
        var role = new SaasIdentityRole(NewName());
        Succeeded(await roles.CreateAsync(role));
        Succeeded(await roles.AddClaimAsync(role, new Claim("permission", "all")));
        var users = _services.CreateScope().ServiceProvider.GetRequiredService<UserManager<SaasIdentityUser>>();
        var user = new SaasIdentityUser("member-" + role.Name) { Email = role.Name + "@example.com" };
        Succeeded(await users.CreateAsync(user));
        Succeeded(await users.AddToRoleAsync(user, role.Name!));

        Succeeded(await roles.DeleteAsync(role));
        Assert.Null(await Roles().FindByIdAsync(role.Id));
        Assert.Null(await Roles().FindByNameAsync(role.Name!));
        Assert.Empty(await users.GetRolesAsync(user));
        Assert.Empty(await table.ItemsMentioningAsync(role.Id, Cancel));
        Assert.DoesNotContain(await table.ScanAsync(Cancel), i => i["PK"].S == "ROLENAME#" + role.Name!.ToUpperInvariant());
    }

    [Fact]
    public async Task StaleStamp_RoleUpdateAndDeleteFailWithConcurrencyFailure()
    {
        var role = new SaasIdentityRole(NewName());
        Succeeded(await Roles().CreateAsync(role));
        var first = (await Roles().FindByIdAsync(role.Id))!;
        var second = (await Roles().FindByIdAsync(role.Id))!;
        Succeeded(await Roles().SetRoleNameAsync(first, role.Name + "-a"));
        Succeeded(await Roles().UpdateAsync(first));
        Succeeded(await Roles().SetRoleNameAsync(second, role.Name + "-b")); // RoleManager only changes the object here
        Failed(await Roles().UpdateAsync(second), "ConcurrencyFailure");
        Failed(await Roles().DeleteAsync(second), "ConcurrencyFailure");
        Assert.Equal(role.Name + "-a", (await Roles().FindByIdAsync(role.Id))?.Name);
        Assert.Null(await Roles().FindByNameAsync(role.Name + "-b"));
    }
}
