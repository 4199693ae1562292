using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using Xunit;
using static SaasUsers.Data.Tests.Organizations.OrganizationTestData;

namespace SaasUsers.Data.Tests.Organizations;

/// <summary>The organization invariants under real concurrency against DynamoDB Local, with exact outcomes read back.</summary>
public sealed class OrganizationRaceTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyConcurrentAcceptances_WithFiveSeatsLeft_GiveExactlyFiveMembersAndFifteenSeatErrors()
    {
        // Given an organization of six seats (the owner takes one) and twenty invited users
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 6, Token);
        var invitations = new List<(User User, string Token)>();
        for (var i = 0; i < 20; i++)
        {
            var id = NewId("racer" + i);
            var user = await saas.Users.CreateAsync(new NewUser { UserId = id, Email = $"{id}@example.com" }, Token);
            var created = await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = user.Email, InvitedByUserId = owner.UserId }, Token);
            invitations.Add((user, created.Token));
        }

        // When all twenty accept at once
        var outcomes = await Task.WhenAll(invitations.Select(i => Task.Run(async () =>
        {
            try
            {
                await saas.Invitations.AcceptAsync(i.Token, i.User.UserId, Token);
                return "joined";
            }
            catch (OrganizationSeatLimitException)
            {
                return "full";
            }
        }, Token)));

        // Then exactly five joined and fifteen were refused for the seat limit, and the table agrees
        Assert.Equal(5, outcomes.Count(o => o == "joined"));
        Assert.Equal(15, outcomes.Count(o => o == "full"));
        var stored = await saas.Organizations.GetAsync(organization.OrganizationId, true, Token);
        Assert.Equal((6, 6), (stored!.MemberCount, stored.SeatCount));
        Assert.Equal(6, (await saas.Organizations.ListMembersAsync(organization.OrganizationId, 100, null, Token)).Items.Count);
        var userSides = (await TableContents.KeysAsync(table, Token)).Count(k => k.EndsWith("| MEMBERSHIP#" + organization.OrganizationId, StringComparison.Ordinal));
        Assert.Equal(6, userSides);
        Assert.Equal(15, (await saas.Invitations.ListPendingAsync(organization.OrganizationId, 100, null, Token)).Items.Count);
    }

    [Fact]
    public async Task TwoOwnersRemovingEachOtherAtOnce_LeaveExactlyOneOwner()
    {
        for (var round = 0; round < 5; round++)
        {
            // Given an organization with two owners
            await using var saas = SaasServices.Create(table);
            var (first, organization) = await CreateOrganizationAsync(saas, 3, Token);
            var second = await saas.SignUpAsync(NewId("second"), Token);
            await saas.Organizations.AddMemberAsync(organization.OrganizationId, second.UserId, OrganizationRoles.Owner, Token);

            // When each removes the other at the same time
            var outcomes = await Task.WhenAll(new[] { (Remover: first, Removed: second), (Remover: second, Removed: first) }.Select(p => Task.Run(async () =>
            {
                try
                {
                    await saas.Organizations.RemoveMemberAsync(organization.OrganizationId, p.Removed.UserId, Token);
                    return "removed";
                }
                catch (OrganizationOwnerRequiredException)
                {
                    return "refused";
                }
            }, Token)));

            // Then one removal won and the other was refused: one owner is left, counted and stored
            Assert.Equal(["refused", "removed"], outcomes.Order(StringComparer.Ordinal));
            var stored = await saas.Organizations.GetAsync(organization.OrganizationId, true, Token);
            Assert.Equal((1, 1), (stored!.OwnerCount, stored.MemberCount));
            var members = (await saas.Organizations.ListMembersAsync(organization.OrganizationId, 10, null, Token)).Items;
            Assert.Equal(OrganizationRoles.Owner, Assert.Single(members).Role);
        }
    }

    [Fact]
    public async Task OneInvitationAcceptedTenTimesAtOnce_GivesOneMembership()
    {
        // Given one invitation
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 20, Token);
        var id = NewId("eager");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = id, Email = $"{id}@example.com" }, Token);
        var created = await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = user.Email, InvitedByUserId = owner.UserId }, Token);

        // When it is accepted ten times at once
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                await saas.Invitations.AcceptAsync(created.Token, user.UserId, Token);
                return "joined";
            }
            catch (InvalidInvitationException exception) when (exception.Refusal == InvitationRefusal.NotFound)
            {
                return "used";
            }
            catch (DuplicateMemberException)
            {
                return "used";
            }
        }, Token)));

        // Then one acceptance joined, nine found it used, and one seat is taken
        Assert.Equal(1, outcomes.Count(o => o == "joined"));
        Assert.Equal(9, outcomes.Count(o => o == "used"));
        Assert.Equal(2, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.MemberCount);
        Assert.Single((await saas.Organizations.ListForUserAsync(user.UserId, cancellationToken: Token)).Items);
        Assert.Equal(2, (await saas.Organizations.ListMembersAsync(organization.OrganizationId, cancellationToken: Token)).Items.Count);
    }

    [Fact]
    public async Task AUserDeletedWhileAcceptingAnInvitation_LeavesNoMembershipAndTheSeatFree()
    {
        for (var round = 0; round < 5; round++)
        {
            // Given an organization with seats to spare and a user invited to it
            await using var saas = SaasServices.Create(table);
            var (owner, organization) = await CreateOrganizationAsync(saas, 5, Token);
            var id = NewId("doomed");
            var user = await saas.Users.CreateAsync(new NewUser { UserId = id, Email = $"{id}@example.com" }, Token);
            var invitation = await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = user.Email, InvitedByUserId = owner.UserId }, Token);

            // When the user accepts while the user is being deleted
            using var start = new ManualResetEventSlim();
            var accept = Task.Run(async () =>
            {
                start.Wait(Token);
                try
                {
                    await saas.Invitations.AcceptAsync(invitation.Token, user.UserId, Token);
                    return "joined";
                }
                catch (ItemNotFoundException)
                {
                    return "user gone";
                }
            }, Token);
            var delete = Task.Run(async () =>
            {
                start.Wait(Token);
                await saas.Users.DeleteAsync(user.UserId, Token);
            }, Token);
            start.Set();
            await Task.WhenAll(accept, delete);

            // Then whichever came first, nothing of the user is left and the counter matches the members read back
            Assert.Contains(await accept, new[] { "joined", "user gone" });
            var keys = await TableContents.KeysAsync(table, Token);
            Assert.DoesNotContain(keys, k => k.Contains(user.UserId, StringComparison.Ordinal));
            var stored = await saas.Organizations.GetAsync(organization.OrganizationId, true, Token);
            var members = (await saas.Organizations.ListMembersAsync(organization.OrganizationId, 10, null, Token)).Items;
            Assert.Equal((1, 1, owner.UserId), (stored!.MemberCount, members.Count, members[0].UserId));
        }
    }
}
