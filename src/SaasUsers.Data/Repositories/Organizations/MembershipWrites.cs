namespace SaasUsers.Data;

/// <summary>
/// The one home of membership writes: both directions of a membership (<see cref="OrganizationMember"/> under the
/// organization, <see cref="UserMembership"/> under the user) change in one transaction with the organization's
/// counters, under the conditions that keep the seat limit and "at least one owner". Used by the organization and
/// invitation repositories, and by <see cref="IUserRepository.DeleteAsync"/> to free a deleted user's seats.
/// </summary>
internal static class MembershipWrites
{
    public const string OrganizationLabel = "organization";
    public const string MemberLabel = "member";
    public const string MembershipLabel = "membership";
    public const string UserLabel = "user";

    /// <summary>The join condition on the organization: not being deleted, and a seat left (a counter, not a read then a write).</summary>
    private static ItemCondition<Organization> SeatLeft =>
        BillingAccountChecks.OrganizationNotDeleted & ItemCondition.LessThan(Organization.Fields.MemberCount, Organization.Fields.SeatCount);

    /// <summary>The condition on the organization when an owner goes: another owner stays.</summary>
    private static ItemCondition<Organization> AnotherOwner => ItemCondition.GreaterThan(Organization.Fields.OwnerCount, 1);

    /// <summary>The key of the user's side of a membership.</summary>
    public static PrimaryKey UserSideKey(string organizationId, string userId) => UserMembership.CreateKey(userId, organizationId);

    /// <summary>The key of the organization's side of a membership.</summary>
    public static PrimaryKey OrganizationSideKey(string organizationId, string userId) => OrganizationMember.CreateKey(organizationId, userId);

    /// <summary>
    /// Adds a join to <paramref name="transaction"/>: both directions created (absent before, so a member cannot join
    /// twice), the organization's member counter (and owner counter for an owner) incremented if a seat is left, and
    /// the user checked to exist, not be being deleted, and meet <paramref name="userCondition"/>.
    /// </summary>
    public static TransactionBuilder AddJoin(TransactionBuilder transaction, OrganizationMember member, Organization organization, DateTimeOffset now, ItemCondition<User>? userCondition = null)
    {
        var membership = OrganizationRepository.ToUserSide(member, organization);
        return AddJoin(transaction, member, membership, now, userCondition);
    }

    /// <inheritdoc cref="AddJoin(TransactionBuilder, OrganizationMember, Organization, DateTimeOffset, ItemCondition{User}?)"/>
    public static TransactionBuilder AddJoin(TransactionBuilder transaction, OrganizationMember member, UserMembership membership, DateTimeOffset now, ItemCondition<User>? userCondition = null)
    {
        var isOwner = member.Role == OrganizationRoles.Owner;
        var userCheck = userCondition is null ? UserRepository.NotDeleted : UserRepository.NotDeleted & userCondition;
        return transaction
            .Create(member, MemberLabel)
            .Create(membership, MembershipLabel)
            .Update<Organization>(Organization.CreateKey(member.OrganizationId), update =>
            {
                update.Increment(Organization.Fields.MemberCount, 1).Set(Organization.Fields.UpdatedAt, now).When(SeatLeft);
                if (isOwner)
                {
                    update.Increment(Organization.Fields.OwnerCount, 1);
                }
            }, OrganizationLabel)
            .Check(User.CreateKey(member.UserId), userCheck, UserLabel);
    }

    /// <summary>The exception a failed join means, or <see langword="null"/> when the failure is not a join's.</summary>
    public static Exception? JoinFailure(TransactionFailedException exception, OrganizationMember member)
    {
        if (exception.FailureOf(MemberLabel) is { Reason: TransactionFailureReason.ItemAlreadyExists }
            || exception.FailureOf(MembershipLabel) is { Reason: TransactionFailureReason.ItemAlreadyExists })
        {
            return new DuplicateMemberException(member.OrganizationId, member.UserId, exception);
        }

        if (exception.FailureOf(UserLabel) is { } user && user.Reason is TransactionFailureReason.ItemNotFound or TransactionFailureReason.ConditionFailed
            && (user.StoredItem is null || User.Mapper.FromItem(user.StoredItem).DeletedAt is not null))
        {
            return new ItemNotFoundException(User.Mapper.EntityType, User.CreateKey(member.UserId), exception);
        }

        if (exception.FailureOf(OrganizationLabel) is { } organization && organization.Reason is TransactionFailureReason.ItemNotFound or TransactionFailureReason.ConditionFailed)
        {
            var stored = organization.StoredItem is null ? null : Organization.Mapper.FromItem(organization.StoredItem);
            return stored is { DeletedAt: null }
                ? new OrganizationSeatLimitException(member.OrganizationId, stored.SeatCount, stored.MemberCount, exception)
                : new ItemNotFoundException(Organization.Mapper.EntityType, Organization.CreateKey(member.OrganizationId), exception);
        }

        return null;
    }

    /// <summary>
    /// Removes a member whose role is still <c>member.Role</c>: both directions deleted and the counters decremented
    /// in one transaction; the last owner is refused.
    /// </summary>
    /// <returns><see langword="false"/> when the member changed (role or presence) since it was read: read again.</returns>
    public static async Task<bool> TryRemoveAsync(IEntityTable table, OrganizationMember member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var isOwner = member.Role == OrganizationRoles.Owner;
        var transaction = new TransactionBuilder()
            .Delete(OrganizationSideKey(member.OrganizationId, member.UserId), condition: ItemCondition.Equal(OrganizationMember.Fields.Role, member.Role), label: MemberLabel)
            .Delete<UserMembership>(UserSideKey(member.OrganizationId, member.UserId), label: MembershipLabel)
            .Update<Organization>(Organization.CreateKey(member.OrganizationId), update =>
            {
                update.Increment(Organization.Fields.MemberCount, -1).Set(Organization.Fields.UpdatedAt, now);
                if (isOwner)
                {
                    update.Increment(Organization.Fields.OwnerCount, -1).When(AnotherOwner);
                }
            }, OrganizationLabel);
        try
        {
            await table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(MemberLabel) is not null)
            {
                return false;
            }

            if (isOwner && exception.FailureOf(OrganizationLabel) is { Reason: TransactionFailureReason.ConditionFailed })
            {
                throw new OrganizationOwnerRequiredException(member.OrganizationId, member.UserId, exception);
            }

            throw;
        }
    }

    /// <summary>Every organization a user belongs to, read from the user's collection (strongly consistent; one <c>Query</c> per 1,000).</summary>
    public static async Task<IReadOnlyList<UserMembership>> ListAllAsync(IEntityTable table, string userId, CancellationToken cancellationToken)
    {
        var query = new ItemQuery(User.CreatePartitionKey(userId))
        {
            SortKey = SortKeyCondition.BeginsWith(UserMembership.Mapper.SortKey.LiteralPrefix),
            ConsistentRead = true,
            PageSize = ItemQuery.MaxPageSize,
        };
        var memberships = new List<UserMembership>();
        do
        {
            var page = await table.QueryAsync<UserMembership>(query, cancellationToken).ConfigureAwait(false);
            memberships.AddRange(page.Items);
            query = query with { Cursor = page.NextCursor };
        }
        while (query.Cursor is not null);

        return memberships;
    }

    /// <summary>Refuses (nothing written) when the user is the last owner of any of the organizations (one <c>BatchGetItem</c> when the user owns any).</summary>
    public static async Task EnsureNotLastOwnerAsync(IEntityTable table, IReadOnlyList<UserMembership> memberships, CancellationToken cancellationToken)
    {
        var owned = memberships.Where(m => m.Role == OrganizationRoles.Owner).ToArray();
        if (owned.Length == 0)
        {
            return;
        }

        var organizations = await table.BatchGetAsync<Organization>(owned.Select(m => Organization.CreateKey(m.OrganizationId)), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (organizations.FirstOrDefault(o => o.DeletedAt is null && o.OwnerCount <= 1) is { } last)
        {
            throw new OrganizationOwnerRequiredException(last.OrganizationId, owned[0].UserId);
        }
    }

    /// <summary>
    /// Removes a membership of a user being deleted, freeing the seat (one transaction). When the organization is gone
    /// (or being deleted), the two membership items go without it. Returns how many items were deleted.
    /// </summary>
    public static async Task<int> RemoveForDeletedUserAsync(IEntityTable table, UserMembership membership, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Both directions carry the role (they change in one transaction), so the user's side says what to decrement.
        OrganizationMember? member = new()
        {
            OrganizationId = membership.OrganizationId,
            UserId = membership.UserId,
            Role = membership.Role,
            JoinedAt = membership.JoinedAt,
        };
        for (var attempt = 0; attempt < 3 && member is not null; attempt++)
        {
            try
            {
                if (await TryRemoveAsync(table, member, now, cancellationToken).ConfigureAwait(false))
                {
                    return 2;
                }
            }
            catch (TransactionFailedException exception) when (exception.FailureOf(OrganizationLabel) is { Reason: TransactionFailureReason.ItemNotFound })
            {
                break;
            }

            member = await table.GetAsync<OrganizationMember>(OrganizationSideKey(membership.OrganizationId, membership.UserId), consistentRead: true, cancellationToken).ConfigureAwait(false);
        }

        // The organization (or its side of the membership) is gone: nothing to count, delete what is left.
        var batch = new BatchWriteBuilder()
            .Delete(OrganizationSideKey(membership.OrganizationId, membership.UserId))
            .Delete(UserSideKey(membership.OrganizationId, membership.UserId));
        await table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);
        return 2;
    }
}
