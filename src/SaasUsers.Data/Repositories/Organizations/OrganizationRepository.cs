using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="IOrganizationRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
internal sealed class OrganizationRepository : IOrganizationRepository
{
    /// <summary>How often a membership change is tried again when the member changed between its read and its write.</summary>
    private const int MaxAttempts = 3;

    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyCollection<string> _roles;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="options">The options (<see cref="SaasUsersTableOptions.OrganizationRoles"/>).</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public OrganizationRepository(IEntityTable table, SaasUsersTableOptions options, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _roles = KnownRoles(options);
    }

    /// <summary>The package's roles and the application's.</summary>
    internal static IReadOnlyCollection<string> KnownRoles(SaasUsersTableOptions options) =>
        new[] { OrganizationRoles.Owner, OrganizationRoles.Admin, OrganizationRoles.Member }.Concat(options.OrganizationRoles).Distinct(StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    public async Task<Organization> CreateAsync(NewOrganization organization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var organizationId = organization.OrganizationId is null ? Guid.NewGuid().ToString("N") : InputRules.Id(organization.OrganizationId, nameof(organization.OrganizationId));
        var slug = InputRules.Slug(organization.Slug, nameof(organization.Slug));
        var name = InputRules.Name(organization.Name, nameof(organization.Name));
        var ownerUserId = InputRules.Id(organization.OwnerUserId, nameof(organization.OwnerUserId));
        if (organization.Seats is < 1 or > SubscriptionUpsert.MaxSeats)
        {
            throw new ArgumentOutOfRangeException(nameof(organization.Seats), organization.Seats, $"'{nameof(organization.Seats)}' must be from 1 to {SubscriptionUpsert.MaxSeats}: the owner takes a seat.");
        }

        var now = _timeProvider.GetUtcNow();
        var created = new Organization
        {
            OrganizationId = organizationId,
            Slug = slug,
            Name = name,
            OwnerUserId = ownerUserId,
            SeatCount = organization.Seats,
            MemberCount = 1,
            OwnerCount = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var owner = new OrganizationMember { OrganizationId = organizationId, UserId = ownerUserId, Role = OrganizationRoles.Owner, JoinedAt = now };
        var transaction = new TransactionBuilder()
            .Create(created, Labels.Organization)
            .Create(new OrganizationSlug { Slug = slug, OrganizationId = organizationId, CreatedAt = now }, Labels.Slug)
            .Create(owner, MembershipWrites.MemberLabel)
            .Create(ToUserSide(owner, created), MembershipWrites.MembershipLabel)
            .Check(User.CreateKey(ownerUserId), UserRepository.NotDeleted, MembershipWrites.UserLabel);
        try
        {
            var written = await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            return written.Written<Organization>(Labels.Organization);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.Slug) is { Reason: TransactionFailureReason.ItemAlreadyExists })
            {
                throw new DuplicateSlugException(slug, exception);
            }

            if (exception.FailureOf(Labels.Organization)?.ToException(exception) is { } failure)
            {
                throw failure;
            }

            if (exception.FailureOf(MembershipWrites.UserLabel) is not null)
            {
                throw new ItemNotFoundException(User.Mapper.EntityType, User.CreateKey(ownerUserId), exception);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<Organization?> GetAsync(string organizationId, bool consistentRead = false, CancellationToken cancellationToken = default)
    {
        var organization = await _table.GetAsync<Organization>(Organization.CreateKey(InputRules.Id(organizationId, nameof(organizationId))), consistentRead, cancellationToken).ConfigureAwait(false);
        return organization is { DeletedAt: null } ? organization : null;
    }

    /// <inheritdoc />
    public async Task<Organization?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        var query = Organization.Indexes.BySlug.Query(InputRules.Slug(slug, nameof(slug))) with { PageSize = 1 };
        var page = await _table.QuerySinglePageAsync(query, cancellationToken).ConfigureAwait(false);
        return page.Items is [Organization { DeletedAt: null } organization] ? organization : null;
    }

    /// <inheritdoc />
    public async Task<Organization> LinkPaymentCustomerAsync(string organizationId, string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default)
    {
        var (key, link) = DescribeLink(organizationId, paymentProvider, providerCustomerId);
        try
        {
            return await _table.UpdateAsync(key, link, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException exception) when (exception is not ItemNotFoundException)
        {
            throw new ItemNotFoundException(Organization.Mapper.EntityType, key, exception);
        }
    }

    /// <inheritdoc />
    public void AddLinkPaymentCustomer(TransactionBuilder transaction, string organizationId, string paymentProvider, string providerCustomerId)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var (key, link) = DescribeLink(organizationId, paymentProvider, providerCustomerId);
        transaction.Update(key, link);
    }

    /// <summary>The one shape of linking an organization to a payment customer, validated: its key and the update (only while it is not being deleted).</summary>
    private (PrimaryKey Key, Action<UpdateBuilder<Organization>> Link) DescribeLink(string organizationId, string paymentProvider, string providerCustomerId)
    {
        var key = Organization.CreateKey(InputRules.Id(organizationId, nameof(organizationId)));
        var provider = InputRules.Provider(paymentProvider, nameof(paymentProvider));
        var customerId = InputRules.Id(providerCustomerId, nameof(providerCustomerId));
        var now = _timeProvider.GetUtcNow();
        return (key, update => update
            .Set(Organization.Fields.PaymentProvider, provider)
            .Set(Organization.Fields.ProviderCustomerId, customerId)
            .Set(Organization.Fields.UpdatedAt, now)
            .When(BillingAccountChecks.OrganizationNotDeleted));
    }

    /// <inheritdoc />
    public Task<OrganizationMember?> GetMemberAsync(string organizationId, string userId, CancellationToken cancellationToken = default) =>
        _table.GetAsync<OrganizationMember>(
            MembershipWrites.OrganizationSideKey(InputRules.Id(organizationId, nameof(organizationId)), InputRules.Id(userId, nameof(userId))),
            consistentRead: true,
            cancellationToken);

    /// <inheritdoc />
    public Task<QueryPage<OrganizationMember>> ListMembersAsync(string organizationId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var partitionKey = Organization.CreatePartitionKey(InputRules.Id(organizationId, nameof(organizationId)));
        CheckPageSize(pageSize, nameof(pageSize));
        return _table.QueryAsync<OrganizationMember>(
            new ItemQuery(partitionKey) { SortKey = OrganizationMember.SortKeys.Prefix(), PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<QueryPage<UserMembership>> ListForUserAsync(string userId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var partitionKey = User.CreatePartitionKey(InputRules.Id(userId, nameof(userId)));
        CheckPageSize(pageSize, nameof(pageSize));
        return _table.QueryAsync<UserMembership>(
            new ItemQuery(partitionKey) { SortKey = UserMembership.SortKeys.Prefix(), PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<OrganizationMember> AddMemberAsync(string organizationId, string userId, string role, CancellationToken cancellationToken = default)
    {
        var orgKey = Organization.CreateKey(InputRules.Id(organizationId, nameof(organizationId)));
        InputRules.Id(userId, nameof(userId));
        role = InputRules.Role(role, _roles, nameof(role));
        var organization = await _table.GetAsync<Organization>(orgKey, consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (organization is not { DeletedAt: null })
        {
            throw new ItemNotFoundException(Organization.Mapper.EntityType, orgKey);
        }

        var now = _timeProvider.GetUtcNow();
        var member = new OrganizationMember { OrganizationId = organizationId, UserId = userId, Role = role, JoinedAt = now };
        try
        {
            await _table.TransactWriteAsync(MembershipWrites.AddJoin(new TransactionBuilder(), member, organization, now), cancellationToken).ConfigureAwait(false);
            return member;
        }
        catch (TransactionFailedException exception) when (MembershipWrites.JoinFailure(exception, member) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<OrganizationMember> ChangeRoleAsync(string organizationId, string userId, string role, CancellationToken cancellationToken = default)
    {
        var memberKey = MembershipWrites.OrganizationSideKey(InputRules.Id(organizationId, nameof(organizationId)), InputRules.Id(userId, nameof(userId)));
        role = InputRules.Role(role, _roles, nameof(role));
        for (var attempt = 1; ; attempt++)
        {
            var member = await _table.GetAsync<OrganizationMember>(memberKey, consistentRead: true, cancellationToken).ConfigureAwait(false)
                ?? throw new ItemNotFoundException(OrganizationMember.Mapper.EntityType, memberKey);
            if (member.Role == role)
            {
                return member;
            }

            var ownerChange = role == OrganizationRoles.Owner ? 1 : member.Role == OrganizationRoles.Owner ? -1 : 0;
            var now = _timeProvider.GetUtcNow();
            var transaction = new TransactionBuilder()
                .Update<OrganizationMember>(memberKey, update => update.Set(OrganizationMember.Fields.Role, role).When(ItemCondition.Equal(OrganizationMember.Fields.Role, member.Role)), MembershipWrites.MemberLabel)
                .Update<UserMembership>(MembershipWrites.UserSideKey(organizationId, userId), update => update.Set(UserMembership.Fields.Role, role), MembershipWrites.MembershipLabel)
                .Update<Organization>(Organization.CreateKey(organizationId), update =>
                {
                    update.Set(Organization.Fields.UpdatedAt, now).When(ownerChange < 0
                        ? BillingAccountChecks.OrganizationNotDeleted & ItemCondition.GreaterThan(Organization.Fields.OwnerCount, 1)
                        : BillingAccountChecks.OrganizationNotDeleted);
                    if (ownerChange != 0)
                    {
                        update.Increment(Organization.Fields.OwnerCount, ownerChange);
                    }
                }, MembershipWrites.OrganizationLabel);
            try
            {
                await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
                return member with { Role = role };
            }
            catch (TransactionFailedException exception)
            {
                if (exception.FailureOf(MembershipWrites.MemberLabel) is not null && attempt < MaxAttempts)
                {
                    continue;
                }

                if (ownerChange < 0 && exception.FailureOf(MembershipWrites.OrganizationLabel) is { StoredItem: { } stored }
                    && Organization.Mapper.FromItem(stored) is { DeletedAt: null })
                {
                    throw new OrganizationOwnerRequiredException(organizationId, userId, exception);
                }

                if (exception.FailureOf(MembershipWrites.OrganizationLabel) is not null)
                {
                    throw new ItemNotFoundException(Organization.Mapper.EntityType, Organization.CreateKey(organizationId), exception);
                }

                throw;
            }
        }
    }

    /// <inheritdoc />
    public async Task RemoveMemberAsync(string organizationId, string userId, CancellationToken cancellationToken = default)
    {
        var memberKey = MembershipWrites.OrganizationSideKey(InputRules.Id(organizationId, nameof(organizationId)), InputRules.Id(userId, nameof(userId)));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var member = await _table.GetAsync<OrganizationMember>(memberKey, consistentRead: true, cancellationToken).ConfigureAwait(false)
                ?? throw new ItemNotFoundException(OrganizationMember.Mapper.EntityType, memberKey);
            if (await MembershipWrites.TryRemoveAsync(_table, member, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new ItemNotFoundException(OrganizationMember.Mapper.EntityType, memberKey);
    }

    /// <inheritdoc />
    public Task LeaveAsync(string organizationId, string userId, CancellationToken cancellationToken = default) =>
        RemoveMemberAsync(organizationId, userId, cancellationToken);

    /// <inheritdoc />
    public async Task<Organization> TransferOwnershipAsync(string organizationId, string fromUserId, string toUserId, CancellationToken cancellationToken = default)
    {
        var orgKey = Organization.CreateKey(InputRules.Id(organizationId, nameof(organizationId)));
        var fromKey = MembershipWrites.OrganizationSideKey(organizationId, InputRules.Id(fromUserId, nameof(fromUserId)));
        var toKey = MembershipWrites.OrganizationSideKey(organizationId, InputRules.Id(toUserId, nameof(toUserId)));
        if (fromUserId == toUserId)
        {
            throw new ArgumentException($"'{nameof(toUserId)}' must be another member than '{nameof(fromUserId)}'.", nameof(toUserId));
        }

        var members = await _table.BatchGetAsync<OrganizationMember>([fromKey, toKey], consistentRead: true, cancellationToken).ConfigureAwait(false);
        var from = members.FirstOrDefault(m => m.UserId == fromUserId);
        var to = members.FirstOrDefault(m => m.UserId == toUserId);
        if (from is not { Role: OrganizationRoles.Owner })
        {
            throw new ArgumentException($"'{nameof(fromUserId)}' must be an owner of the organization.", nameof(fromUserId));
        }

        if (to is null)
        {
            throw new ArgumentException($"'{nameof(toUserId)}' must be a member of the organization.", nameof(toUserId));
        }

        var now = _timeProvider.GetUtcNow();
        var toWasOwner = to.Role == OrganizationRoles.Owner;
        var transaction = new TransactionBuilder()
            .Update<OrganizationMember>(fromKey, update => update.Set(OrganizationMember.Fields.Role, OrganizationRoles.Admin).When(ItemCondition.Equal(OrganizationMember.Fields.Role, OrganizationRoles.Owner)), Labels.From)
            .Update<UserMembership>(MembershipWrites.UserSideKey(organizationId, fromUserId), update => update.Set(UserMembership.Fields.Role, OrganizationRoles.Admin), Labels.FromMembership)
            .Update<OrganizationMember>(toKey, update => update.Set(OrganizationMember.Fields.Role, OrganizationRoles.Owner).When(ItemCondition.Equal(OrganizationMember.Fields.Role, to.Role)), Labels.To)
            .Update<UserMembership>(MembershipWrites.UserSideKey(organizationId, toUserId), update => update.Set(UserMembership.Fields.Role, OrganizationRoles.Owner), Labels.ToMembership)
            .Update<Organization>(orgKey, update =>
            {
                update.Set(Organization.Fields.OwnerUserId, toUserId).Set(Organization.Fields.UpdatedAt, now).When(BillingAccountChecks.OrganizationNotDeleted);
                if (toWasOwner)
                {
                    // Both were owners: one fewer now.
                    update.Increment(Organization.Fields.OwnerCount, -1);
                }
            }, MembershipWrites.OrganizationLabel);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.From) is not null)
            {
                throw new ArgumentException($"'{nameof(fromUserId)}' is no longer an owner of the organization; nothing was written.", nameof(fromUserId), exception);
            }

            if (exception.FailureOf(Labels.To) is not null)
            {
                throw new ArgumentException($"'{nameof(toUserId)}' changed (left or changed role) during the transfer; nothing was written.", nameof(toUserId), exception);
            }

            if (exception.FailureOf(MembershipWrites.OrganizationLabel) is not null)
            {
                throw new ItemNotFoundException(Organization.Mapper.EntityType, orgKey, exception);
            }

            throw;
        }

        return await _table.GetAsync<Organization>(orgKey, consistentRead: true, cancellationToken).ConfigureAwait(false)
            ?? throw new ItemNotFoundException(Organization.Mapper.EntityType, orgKey);
    }

    /// <inheritdoc />
    public async Task<OrganizationOverview?> GetOverviewAsync(string organizationId, int members = 20, int latestPayments = 5, CancellationToken cancellationToken = default)
    {
        var account = BillingAccount.ForOrganization(organizationId);
        if (members is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(members), members, $"members must be from 1 to {ItemQuery.MaxPageSize}.");
        }

        if (latestPayments is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(latestPayments), latestPayments, "latestPayments must be from 0 to 100.");
        }

        // Four reads at once, each bounded by its own sort key (members, subscriptions, payments): one round trip,
        // and the application's own items in the organization's collection are never read.
        var organizationRead = _table.GetAsync<Organization>(Organization.CreateKey(account.Id), consistentRead: true, cancellationToken);
        var membersRead = _table.QueryAsync<OrganizationMember>(
            new ItemQuery(account.PartitionKey) { SortKey = OrganizationMember.SortKeys.Prefix(), ConsistentRead = true, PageSize = members },
            cancellationToken);
        var subscriptionsRead = new SubscriptionRepository(_table, _timeProvider).ListForAccountAsync(account, cancellationToken);
        var paymentsRead = _table.QuerySinglePageAsync(
            new ItemQuery(account.PartitionKey) { SortKey = CheckoutPayment.SortKeys.Prefix(), Descending = true, ConsistentRead = true, PageSize = latestPayments + 1 },
            cancellationToken);
        await Task.WhenAll(organizationRead, membersRead, subscriptionsRead, paymentsRead).ConfigureAwait(false);

        var organization = await organizationRead.ConfigureAwait(false);
        if (organization is not { DeletedAt: null })
        {
            return null;
        }

        var memberPage = await membersRead.ConfigureAwait(false);
        var subscriptions = await subscriptionsRead.ConfigureAwait(false);
        var payments = (await paymentsRead.ConfigureAwait(false)).Items.OfType<CheckoutPayment>().ToArray();
        return new OrganizationOverview(
            organization,
            memberPage.Items,
            memberPage.NextCursor,
            subscriptions,
            SubscriptionRepository.PickActive(subscriptions, _timeProvider.GetUtcNow()),
            payments.Take(latestPayments).ToArray(),
            payments.Length > latestPayments);
    }

    /// <inheritdoc />
    public async Task<DeleteOrganizationResult> DeleteAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var key = Organization.CreateKey(InputRules.Id(organizationId, nameof(organizationId)));
        Organization? marked;
        try
        {
            marked = await _table.UpdateAsync<Organization>(key, update => update.Set(Organization.Fields.DeletedAt, _timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (ItemNotFoundException)
        {
            // No organization (or the delete finished): still sweep, so leftovers of an earlier failure go too.
            marked = null;
        }

        // Members take the user's side of their membership with them; checkout records go with their payments.
        var deleted = await CollectionSweeper.SweepAsync(
            _table,
            key.PartitionKey,
            static item => item is Organization,
            static item => item is OrganizationMember member ? [MembershipWrites.UserSideKey(member.OrganizationId, member.UserId)] : [],
            cancellationToken).ConfigureAwait(false);

        if (marked is not null)
        {
            var slug = OrganizationSlug.CreateKey(marked.Slug);
            deleted += await CollectionSweeper.DeleteIfPresentAsync(_table, slug, ItemCondition.Equal(OrganizationSlug.Fields.OrganizationId, marked.OrganizationId), cancellationToken).ConfigureAwait(false);
            deleted += await CollectionSweeper.DeleteIfPresentAsync(_table, key, ItemCondition.Exists(Organization.Fields.DeletedAt), cancellationToken).ConfigureAwait(false);
            deleted += await CollectionSweeper.SweepAsync(_table, key.PartitionKey, static item => item is Organization, static item => item is OrganizationMember member ? [MembershipWrites.UserSideKey(member.OrganizationId, member.UserId)] : [], cancellationToken).ConfigureAwait(false);
        }

        return new DeleteOrganizationResult(marked is not null, deleted);
    }

    /// <summary>The user's side of a membership.</summary>
    internal static UserMembership ToUserSide(OrganizationMember member, Organization organization) => new()
    {
        UserId = member.UserId,
        OrganizationId = member.OrganizationId,
        OrganizationSlug = organization.Slug,
        OrganizationName = organization.Name,
        Role = member.Role,
        JoinedAt = member.JoinedAt,
    };

    private static void CheckPageSize(int pageSize, string paramName)
    {
        if (pageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(paramName, pageSize, $"{paramName} must be from 1 to {ItemQuery.MaxPageSize}.");
        }
    }

    private static class Labels
    {
        public const string Organization = "organization";
        public const string Slug = "slug";
        public const string From = "from";
        public const string FromMembership = "from-membership";
        public const string To = "to";
        public const string ToMembership = "to-membership";
    }
}
