using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using Xunit;
using static SaasUsers.Data.Tests.Organizations.OrganizationTestData;

namespace SaasUsers.Data.Tests.Organizations;

/// <summary>Invitations against DynamoDB Local: invite, list, accept once by the invited address before expiry, revoke.</summary>
public sealed class InvitationTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InviteAndAccept_StoreOnlyTheTokensHash_AndAcceptanceConsumesTheInvitationAndTakesASeat()
    {
        // Given an organization and a user with the invited address
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 3, Token);
        var invitedId = NewId("invited");
        var invited = await saas.Users.CreateAsync(new NewUser { UserId = invitedId, Email = $"Invited.{invitedId}@Example.com" }, Token);

        // When the owner invites the address (a GetItem of the organization, one transaction)
        saas.Log.Clear();
        var created = await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = invited.Email.ToUpperInvariant(), Role = OrganizationRoles.Admin, InvitedByUserId = owner.UserId }, Token);
        Assert.Equal(["GetItem", "TransactWriteItems"], saas.Log.Operations);

        // Then the token is nowhere in the table, only its hash, and the ToString leaves it out
        var items = await TableContents.ScanAsync(table, Token);
        var secret = created.Token.Split('.')[2];
        Assert.DoesNotContain(items, i => i.Values.Any(v => v.S?.Contains(secret, StringComparison.Ordinal) == true));
        Assert.DoesNotContain(created.Token, created.ToString(), StringComparison.Ordinal);
        Assert.Equal(64, created.Invitation.TokenHash.Length);

        // And it is listed for the organization (one Query) and for the address (one Query of GSI1)
        saas.Log.Clear();
        Assert.Equal([created.Invitation.InvitationId], (await saas.Invitations.ListPendingAsync(organization.OrganizationId, cancellationToken: Token)).Items.Select(i => i.InvitationId));
        Assert.Equal([created.Invitation.InvitationId], (await saas.Invitations.ListPendingForEmailAsync(invited.Email, cancellationToken: Token)).Items.Select(i => i.InvitationId));
        Assert.Equal(["Query", "Query"], saas.Log.Operations);

        // When the invited user accepts (a GetItem, one transaction)
        saas.Log.Clear();
        var member = await saas.Invitations.AcceptAsync(created.Token, invited.UserId, Token);

        // Then the membership exists both ways with the invited role, the seat is taken and the invitation is gone
        Assert.Equal(["GetItem", "TransactWriteItems"], saas.Log.Operations);
        Assert.Equal((OrganizationRoles.Admin, owner.UserId), (member.Role, member.InvitedByUserId));
        Assert.Equal(OrganizationRoles.Admin, (await saas.Organizations.ListForUserAsync(invited.UserId, cancellationToken: Token)).Items.Single().Role);
        Assert.Equal(2, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.MemberCount);
        Assert.Empty((await saas.Invitations.ListPendingAsync(organization.OrganizationId, cancellationToken: Token)).Items);

        // And accepting again is refused: the invitation was consumed
        var again = await Assert.ThrowsAsync<InvalidInvitationException>(() => saas.Invitations.AcceptAsync(created.Token, invited.UserId, Token));
        Assert.Equal((InvitationRefusal.NotFound, "token"), (again.Refusal, again.ParamName));
    }

    [Fact]
    public async Task AcceptAsync_WithABadToken_IsRefusedByReasonAndWritesNothing()
    {
        // Given an invitation for one address, a user with another and a user with the right one
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var (owner, organization) = await CreateOrganizationAsync(saas, 5, Token);
        var rightId = NewId("right");
        var right = await saas.Users.CreateAsync(new NewUser { UserId = rightId, Email = $"{rightId}@example.com" }, Token);
        var wrong = await saas.SignUpAsync(NewId("wrong"), Token);
        var created = await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = right.Email, InvitedByUserId = owner.UserId, Lifetime = TimeSpan.FromDays(2) }, Token);
        var before = await TableContents.SnapshotAsync(table, Token);
        var parts = created.Token.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);

        // Then: malformed, a wrong secret, another address, and (two days later) expired; nothing written by any
        Assert.Equal(InvitationRefusal.Malformed, (await Assert.ThrowsAsync<InvalidInvitationException>(() => saas.Invitations.AcceptAsync("not-a-token", right.UserId, Token))).Refusal);
        Assert.Equal(InvitationRefusal.NotFound, (await Assert.ThrowsAsync<InvalidInvitationException>(() => saas.Invitations.AcceptAsync(forged, right.UserId, Token))).Refusal);
        Assert.Equal(InvitationRefusal.OtherAddress, (await Assert.ThrowsAsync<InvalidInvitationException>(() => saas.Invitations.AcceptAsync(created.Token, wrong.UserId, Token))).Refusal);
        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(InvitationRefusal.Expired, (await Assert.ThrowsAsync<InvalidInvitationException>(() => saas.Invitations.AcceptAsync(created.Token, right.UserId, Token))).Refusal);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));

        // And an expired invitation is no longer listed, even before time to live deletes it
        Assert.Empty((await saas.Invitations.ListPendingAsync(organization.OrganizationId, cancellationToken: Token)).Items);
        var stored = (await TableContents.ScanAsync(table, Token)).Single(i => i["_type"].S == "OrganizationInvitation");
        Assert.Equal(created.Invitation.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), stored["ExpiresAt"].N);
    }

    [Fact]
    public async Task InviteAsync_WithBadInput_NamesTheArgumentAndWritesNothing()
    {
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 5, Token);
        var before = await TableContents.SnapshotAsync(table, Token);
        saas.Log.Clear();

        var role = await Assert.ThrowsAsync<ArgumentException>(() => saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = "a@example.com", Role = "root", InvitedByUserId = owner.UserId }, Token));
        var email = await Assert.ThrowsAnyAsync<ArgumentException>(() => saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = "not an address", InvitedByUserId = owner.UserId }, Token));
        var lifetime = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = "a@example.com", InvitedByUserId = owner.UserId, Lifetime = TimeSpan.FromDays(31) }, Token));

        Assert.Equal(["Role", "Email", "Lifetime"], new[] { role.ParamName, email.ParamName, lifetime.ParamName });
        Assert.Empty(saas.Log.Operations);

        // An inviter who is not a member is refused by the transaction, which writes nothing
        var stranger = await saas.SignUpAsync(NewId("stranger"), Token);
        before = await TableContents.SnapshotAsync(table, Token);
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = "a@example.com", InvitedByUserId = stranger.UserId }, Token));
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task RevokeAsync_DeletesThePendingInvitationInOneRequest()
    {
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 5, Token);
        var guestId = NewId("guest");
        var guest = await saas.Users.CreateAsync(new NewUser { UserId = guestId, Email = $"{guestId}@example.com" }, Token);
        var created = await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = guest.Email, InvitedByUserId = owner.UserId }, Token);

        saas.Log.Clear();
        await saas.Invitations.RevokeAsync(organization.OrganizationId, created.Invitation.InvitationId, Token);

        Assert.Equal(["DeleteItem"], saas.Log.Operations);
        Assert.Equal(InvitationRefusal.NotFound, (await Assert.ThrowsAsync<InvalidInvitationException>(() => saas.Invitations.AcceptAsync(created.Token, guest.UserId, Token))).Refusal);
        Assert.Empty((await saas.Organizations.ListForUserAsync(guest.UserId, cancellationToken: Token)).Items);
    }
}
