using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using Xunit;
using static SaasUsers.Data.Tests.Organizations.OrganizationTestData;

namespace SaasUsers.Data.Tests.Organizations;

/// <summary>Organizations and members against DynamoDB Local: every access pattern, its request count, and what it wrote.</summary>
public sealed class OrganizationTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_WritesTheOrganizationSlugAndBothDirectionsOfTheOwnerInOneTransaction()
    {
        // Given a user
        await using var saas = SaasServices.Create(table);
        var owner = await saas.SignUpAsync(NewId("owner"), Token);
        var slug = NewId("acme");
        saas.Log.Clear();

        // When it creates an organization
        var organization = await saas.Organizations.CreateAsync(new NewOrganization { OrganizationId = NewId("org"), Slug = slug, Name = "Acme Labs", OwnerUserId = owner.UserId, Seats = 3 }, Token);

        // Then one transaction wrote the organization (one member, one owner), the slug and the membership both ways
        Assert.Equal(["TransactWriteItems"], saas.Log.Operations);
        Assert.Equal((1L, 1, 1, 3, owner.UserId), (organization.Version, organization.MemberCount, organization.OwnerCount, organization.SeatCount, organization.OwnerUserId));
        var keys = await TableContents.KeysAsync(table, Token);
        var id = organization.OrganizationId;
        Assert.Contains($"ORG#{id} | ORG", keys);
        Assert.Contains($"ORGSLUG#{slug} | ORGSLUG", keys);
        Assert.Contains($"ORG#{id} | MEMBER#{owner.UserId}", keys);
        Assert.Contains($"USER#{owner.UserId} | MEMBERSHIP#{id}", keys);
        Assert.Equal(organization, await saas.Organizations.GetAsync(id, consistentRead: true, Token));
        Assert.Equal(organization, await saas.Organizations.FindBySlugAsync(slug, Token));
    }

    [Fact]
    public async Task GetAndFindBySlug_SendOneRequestEach()
    {
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await CreateOrganizationAsync(saas, 2, Token);

        saas.Log.Clear();
        await saas.Organizations.GetAsync(organization.OrganizationId, cancellationToken: Token);
        Assert.Equal(["GetItem"], saas.Log.Operations);

        saas.Log.Clear();
        await saas.Organizations.FindBySlugAsync(organization.Slug, Token);
        Assert.Equal(["Query"], saas.Log.Operations);
    }

    [Fact]
    public async Task CreateAsync_WithATakenSlug_ThrowsDuplicateSlugAndWritesNothing()
    {
        // Given an organization
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 2, Token);
        var before = await TableContents.SnapshotAsync(table, Token);

        // When another is created with its slug
        var error = await Assert.ThrowsAsync<DuplicateSlugException>(() => saas.Organizations.CreateAsync(
            new NewOrganization { Slug = organization.Slug, Name = "Other", OwnerUserId = owner.UserId }, Token));

        // Then it is refused by name and nothing changed
        Assert.Equal(organization.Slug, error.Slug);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Theory]
    [InlineData("Acme", "Slug")]
    [InlineData("ab", "Slug")]
    [InlineData("-acme", "Slug")]
    [InlineData("ac--me", "Slug")]
    [InlineData("acme labs", "Slug")]
    public async Task CreateAsync_WithABadSlug_NamesTheArgumentAndWritesNothing(string slug, string paramName)
    {
        await using var saas = SaasServices.Create(table);
        var owner = await saas.SignUpAsync(NewId("owner"), Token);
        var before = await TableContents.SnapshotAsync(table, Token);
        saas.Log.Clear();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => saas.Organizations.CreateAsync(new NewOrganization { Slug = slug, Name = "Acme", OwnerUserId = owner.UserId }, Token));

        Assert.Equal(paramName, error.ParamName);
        Assert.Contains("lower-case letters, digits and single hyphens", error.Message, StringComparison.Ordinal);
        Assert.Empty(saas.Log.Operations);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task CreateAsync_ForAMissingOwner_ThrowsNotFoundAndWritesNothing()
    {
        await using var saas = SaasServices.Create(table);
        var before = await TableContents.SnapshotAsync(table, Token);

        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Organizations.CreateAsync(new NewOrganization { Slug = NewId("ghost"), Name = "Ghost", OwnerUserId = NewId("nobody") }, Token));

        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task AddMemberAsync_WithAnUnknownRole_NamesTheRoleAndWritesNothing()
    {
        // Given an organization and a user
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await CreateOrganizationAsync(saas, 3, Token);
        var user = await saas.SignUpAsync(NewId("member"), Token);
        var before = await TableContents.SnapshotAsync(table, Token);
        saas.Log.Clear();

        // When the user is added with a role nobody declared
        var error = await Assert.ThrowsAsync<ArgumentException>(() => saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, "superuser", Token));

        // Then the role is named, no request was sent and nothing was written
        Assert.Equal("role", error.ParamName);
        Assert.Contains("owner, admin, member", error.Message, StringComparison.Ordinal);
        Assert.Empty(saas.Log.Operations);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task AddMemberAsync_WithAnApplicationRole_IsAccepted()
    {
        await using var saas = SaasServices.Create(table, configure: o => o.OrganizationRoles.Add("billing"));
        var (_, organization) = await CreateOrganizationAsync(saas, 3, Token);
        var user = await saas.SignUpAsync(NewId("member"), Token);

        var member = await saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, "billing", Token);

        Assert.Equal("billing", member.Role);
        Assert.Equal("billing", (await saas.Organizations.GetMemberAsync(organization.OrganizationId, user.UserId, Token))?.Role);
    }

    [Fact]
    public async Task AddMemberAsync_TakesASeatInOneTransactionAfterReadingTheOrganization_AndRefusesADuplicate()
    {
        // Given an organization with two seats (the owner takes one)
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await CreateOrganizationAsync(saas, 2, Token);
        var user = await saas.SignUpAsync(NewId("member"), Token);
        var other = await saas.SignUpAsync(NewId("other"), Token);
        saas.Log.Clear();

        // When a member is added
        var member = await saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, OrganizationRoles.Member, Token);

        // Then: GetItem of the organization, then one transaction; the counter took the seat
        Assert.Equal(["GetItem", "TransactWriteItems"], saas.Log.Operations);
        Assert.Equal(user.UserId, member.UserId);
        Assert.Equal(2, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.MemberCount);

        // And adding the same user again, or a third member, is refused and writes nothing
        var before = await TableContents.SnapshotAsync(table, Token);
        await Assert.ThrowsAsync<DuplicateMemberException>(() => saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, OrganizationRoles.Member, Token));
        var full = await Assert.ThrowsAsync<OrganizationSeatLimitException>(() => saas.Organizations.AddMemberAsync(organization.OrganizationId, other.UserId, OrganizationRoles.Member, Token));
        Assert.Equal((2, 2), (full.SeatCount, full.MemberCount));
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task ListMembersAndListForUser_PageBothDirectionsWithOneQueryAPage()
    {
        // Given an organization with five members
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 10, Token);
        var second = await saas.Organizations.CreateAsync(new NewOrganization { Slug = NewId("beta"), Name = "Beta", OwnerUserId = owner.UserId }, Token);
        for (var i = 0; i < 4; i++)
        {
            var user = await saas.SignUpAsync(NewId("m" + i), Token);
            await saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, OrganizationRoles.Member, Token);
        }

        // When the members are listed two a page
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            saas.Log.Clear();
            var page = await saas.Organizations.ListMembersAsync(organization.OrganizationId, 2, cursor, Token);
            Assert.Equal(["Query"], saas.Log.Operations);
            seen.AddRange(page.Items.Select(m => m.UserId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        // Then every member came once, in user id order, and the owner's organizations list both, one query
        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        saas.Log.Clear();
        var mine = await saas.Organizations.ListForUserAsync(owner.UserId, 10, null, Token);
        Assert.Equal(["Query"], saas.Log.Operations);
        Assert.Equal(new[] { organization.OrganizationId, second.OrganizationId }.Order(StringComparer.Ordinal), mine.Items.Select(m => m.OrganizationId));
        Assert.All(mine.Items, m => Assert.Equal(OrganizationRoles.Owner, m.Role));
        Assert.Contains(mine.Items, m => m.OrganizationSlug == organization.Slug && m.OrganizationName == organization.Name);
    }

    [Fact]
    public async Task ChangeRoleAsync_UpdatesBothDirectionsAndTheOwnerCounter_AndNeverDemotesTheLastOwner()
    {
        // Given an owner and a member
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 3, Token);
        var user = await saas.SignUpAsync(NewId("member"), Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, OrganizationRoles.Member, Token);

        // When the last owner is demoted, it is refused and nothing changes
        var before = await TableContents.SnapshotAsync(table, Token);
        await Assert.ThrowsAsync<OrganizationOwnerRequiredException>(() => saas.Organizations.ChangeRoleAsync(organization.OrganizationId, owner.UserId, OrganizationRoles.Admin, Token));
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));

        // When the member is made an owner: a GetItem and one transaction
        saas.Log.Clear();
        var promoted = await saas.Organizations.ChangeRoleAsync(organization.OrganizationId, user.UserId, OrganizationRoles.Owner, Token);
        Assert.Equal(["GetItem", "TransactWriteItems"], saas.Log.Operations);
        Assert.Equal(OrganizationRoles.Owner, promoted.Role);
        Assert.Equal(2, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.OwnerCount);
        Assert.Equal(OrganizationRoles.Owner, (await saas.Organizations.ListForUserAsync(user.UserId, cancellationToken: Token)).Items.Single().Role);

        // Then the first owner may now step down
        await saas.Organizations.ChangeRoleAsync(organization.OrganizationId, owner.UserId, OrganizationRoles.Member, Token);
        Assert.Equal(1, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.OwnerCount);
    }

    [Fact]
    public async Task RemoveAndLeave_DeleteBothDirectionsAndFreeTheSeat_ButTheLastOwnerCannotLeave()
    {
        // Given an owner and two members in a full organization
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 3, Token);
        var first = await saas.SignUpAsync(NewId("first"), Token);
        var second = await saas.SignUpAsync(NewId("second"), Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, first.UserId, OrganizationRoles.Member, Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, second.UserId, OrganizationRoles.Admin, Token);

        // When one is removed and the other leaves (a GetItem and a transaction each)
        saas.Log.Clear();
        await saas.Organizations.RemoveMemberAsync(organization.OrganizationId, first.UserId, Token);
        Assert.Equal(["GetItem", "TransactWriteItems"], saas.Log.Operations);
        await saas.Organizations.LeaveAsync(organization.OrganizationId, second.UserId, Token);

        // Then both directions are gone and the seats are free
        var keys = await TableContents.KeysAsync(table, Token);
        Assert.DoesNotContain(keys, k => k.Contains(first.UserId, StringComparison.Ordinal) && k.Contains("MEMBER", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains(second.UserId, StringComparison.Ordinal) && k.Contains("MEMBER", StringComparison.Ordinal));
        Assert.Equal(1, (await saas.Organizations.GetAsync(organization.OrganizationId, true, Token))!.MemberCount);

        // And the last owner cannot leave; removing a non-member is not found
        var before = await TableContents.SnapshotAsync(table, Token);
        await Assert.ThrowsAsync<OrganizationOwnerRequiredException>(() => saas.Organizations.LeaveAsync(organization.OrganizationId, owner.UserId, Token));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Organizations.RemoveMemberAsync(organization.OrganizationId, first.UserId, Token));
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task TransferOwnershipAsync_MakesTheMemberThePrimaryOwnerAndTheOldOwnerAnAdmin()
    {
        // Given an owner and a member
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 3, Token);
        var user = await saas.SignUpAsync(NewId("heir"), Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, user.UserId, OrganizationRoles.Member, Token);

        // When the ownership is transferred: a BatchGetItem of both members, one transaction, and the read back
        saas.Log.Clear();
        var transferred = await saas.Organizations.TransferOwnershipAsync(organization.OrganizationId, owner.UserId, user.UserId, Token);

        // Then
        Assert.Equal(["BatchGetItem", "TransactWriteItems", "GetItem"], saas.Log.Operations);
        Assert.Equal((user.UserId, 1), (transferred.OwnerUserId, transferred.OwnerCount));
        Assert.Equal(OrganizationRoles.Owner, (await saas.Organizations.GetMemberAsync(organization.OrganizationId, user.UserId, Token))?.Role);
        Assert.Equal(OrganizationRoles.Admin, (await saas.Organizations.GetMemberAsync(organization.OrganizationId, owner.UserId, Token))?.Role);
        Assert.Equal(OrganizationRoles.Admin, (await saas.Organizations.ListForUserAsync(owner.UserId, cancellationToken: Token)).Items.Single().Role);

        // And a transfer from someone who is no longer an owner is refused by name
        var error = await Assert.ThrowsAsync<ArgumentException>(() => saas.Organizations.TransferOwnershipAsync(organization.OrganizationId, owner.UserId, user.UserId, Token));
        Assert.Equal("fromUserId", error.ParamName);
    }

    [Fact]
    public async Task DeletingAMemberUser_FreesTheSeatAndLeavesNoMembershipBehind()
    {
        // Given a full organization of two: its owner and a member
        await using var saas = SaasServices.Create(table);
        var (_, organization) = await CreateOrganizationAsync(saas, 2, Token);
        var member = await saas.SignUpAsync(NewId("leaver"), Token);
        var next = await saas.SignUpAsync(NewId("next"), Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, member.UserId, OrganizationRoles.Admin, Token);

        // When the member's user is deleted
        saas.Log.Clear();
        await saas.Users.DeleteAsync(member.UserId, Token);

        // Then the membership's two items are gone and the counter gave the seat back
        Assert.Equal(["Query", "UpdateItem", "Query", "TransactWriteItems"], saas.Log.Operations.Take(4));
        var keys = await TableContents.KeysAsync(table, Token);
        Assert.DoesNotContain(keys, k => k.Contains(member.UserId, StringComparison.Ordinal));
        var stored = await saas.Organizations.GetAsync(organization.OrganizationId, true, Token);
        Assert.Equal((1, 2, 1), (stored!.MemberCount, stored.SeatCount, stored.OwnerCount));

        // And the freed seat can be taken
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, next.UserId, OrganizationRoles.Member, Token);
    }

    [Fact]
    public async Task DeletingTheLastOwnerUser_IsRefusedAndWritesNothing()
    {
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 2, Token);
        var before = await TableContents.SnapshotAsync(table, Token);

        var error = await Assert.ThrowsAsync<OrganizationOwnerRequiredException>(() => saas.Users.DeleteAsync(owner.UserId, Token));

        Assert.Equal(organization.OrganizationId, error.OrganizationId);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, Token));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheOrganizationAndEverythingItOwns_AndFreesTheSlug()
    {
        // Given an organization with a member, an invitation, a subscription and a payment
        await using var saas = SaasServices.Create(table);
        var (owner, organization) = await CreateOrganizationAsync(saas, 5, Token);
        var member = await saas.SignUpAsync(NewId("member"), Token);
        await saas.Organizations.AddMemberAsync(organization.OrganizationId, member.UserId, OrganizationRoles.Member, Token);
        await saas.Invitations.InviteAsync(new NewInvitation { OrganizationId = organization.OrganizationId, Email = "guest@example.com", InvitedByUserId = owner.UserId }, Token);
        await saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange { OrganizationId = organization.OrganizationId, SubscriptionId = "sub-org", PaymentProvider = "stripe", PlanId = "team", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow, Seats = 5 }, Token);
        await saas.Payments.RecordAsync(new NewCheckoutPayment { OrganizationId = organization.OrganizationId, PaymentProvider = "stripe", CheckoutSessionId = NewId("cs"), Amount = new Money(5000, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: Token);

        // When it is deleted: mark, sweep (a batch, then a query finding it empty), slug, organization, a last sweep
        saas.Log.Clear();
        var result = await saas.Organizations.DeleteAsync(organization.OrganizationId, Token);
        Assert.Equal(["UpdateItem", "Query", "BatchWriteItem", "Query", "DeleteItem", "DeleteItem", "Query"], saas.Log.Operations);

        // Then nothing of it is left (the users stay), and the slug can be taken again
        Assert.True(result.Found);
        var keys = await TableContents.KeysAsync(table, Token);
        Assert.DoesNotContain(keys, k => k.Contains(organization.OrganizationId, StringComparison.Ordinal) || k.Contains(organization.Slug, StringComparison.Ordinal));
        Assert.Contains($"USER#{member.UserId} | USER", keys);
        Assert.Contains($"USER#{owner.UserId} | USER", keys);
        Assert.Empty((await saas.Organizations.ListForUserAsync(member.UserId, cancellationToken: Token)).Items);
        Assert.Null(await saas.Organizations.GetAsync(organization.OrganizationId, true, Token));
        await saas.Organizations.CreateAsync(new NewOrganization { Slug = organization.Slug, Name = "Again", OwnerUserId = owner.UserId }, Token);
    }
}
