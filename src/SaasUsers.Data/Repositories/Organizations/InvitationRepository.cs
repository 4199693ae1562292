using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>The <see cref="IInvitationRepository"/> on the single table, written on the public <see cref="IEntityTable"/> alone.</summary>
internal sealed class InvitationRepository : IInvitationRepository
{
    private static readonly TimeSpan MinLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyCollection<string> _roles;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="options">The options (<see cref="SaasUsersTableOptions.OrganizationRoles"/>).</param>
    /// <param name="timeProvider">The clock for creation and expiry; the system clock when null.</param>
    public InvitationRepository(IEntityTable table, SaasUsersTableOptions options, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _roles = OrganizationRepository.KnownRoles(options);
    }

    /// <inheritdoc />
    public async Task<CreatedInvitation> InviteAsync(NewInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var organizationId = InputRules.Id(invitation.OrganizationId, nameof(invitation.OrganizationId));
        var normalizedEmail = InputRules.NormalizeEmail(invitation.Email, nameof(invitation.Email));
        var role = InputRules.Role(invitation.Role, _roles, nameof(invitation.Role));
        var invitedBy = InputRules.Id(invitation.InvitedByUserId, nameof(invitation.InvitedByUserId));
        if (invitation.Lifetime < MinLifetime || invitation.Lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(invitation.Lifetime), invitation.Lifetime, $"'{nameof(invitation.Lifetime)}' must be from 1 hour to 30 days.");
        }

        var orgKey = Organization.CreateKey(organizationId);
        var organization = await _table.GetAsync<Organization>(orgKey, consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (organization is not { DeletedAt: null })
        {
            throw new ItemNotFoundException(Organization.Mapper.EntityType, orgKey);
        }

        var now = _timeProvider.GetUtcNow();
        var (invitationId, token, hash) = InvitationToken.Create(organizationId);
        var stored = new OrganizationInvitation
        {
            OrganizationId = organizationId,
            OrganizationSlug = organization.Slug,
            OrganizationName = organization.Name,
            InvitationId = invitationId,
            Email = invitation.Email.Trim(),
            NormalizedEmail = normalizedEmail,
            Role = role,
            InvitedByUserId = invitedBy,
            TokenHash = hash,
            CreatedAt = now,
            ExpiresAt = now + invitation.Lifetime,
        };
        var inviterKey = MembershipWrites.OrganizationSideKey(organizationId, invitedBy);
        var transaction = new TransactionBuilder()
            .Create(stored, Labels.Invitation)
            .Check(orgKey, BillingAccountChecks.OrganizationNotDeleted, Labels.Organization)
            .Check<OrganizationMember>(inviterKey, label: Labels.Inviter);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.Organization) is not null)
            {
                throw new ItemNotFoundException(Organization.Mapper.EntityType, orgKey, exception);
            }

            if (exception.FailureOf(Labels.Inviter) is not null)
            {
                throw new ItemNotFoundException(OrganizationMember.Mapper.EntityType, inviterKey, exception);
            }

            throw;
        }

        return new CreatedInvitation(stored, token);
    }

    /// <inheritdoc />
    public async Task<QueryPage<OrganizationInvitation>> ListPendingAsync(string organizationId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var partitionKey = Organization.CreatePartitionKey(InputRules.Id(organizationId, nameof(organizationId)));
        CheckPageSize(pageSize);
        var page = await _table.QueryAsync<OrganizationInvitation>(
            new ItemQuery(partitionKey) { SortKey = OrganizationInvitation.SortKeys.Prefix(), ConsistentRead = true, PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken).ConfigureAwait(false);
        return WithoutExpired(page);
    }

    /// <inheritdoc />
    public async Task<QueryPage<OrganizationInvitation>> ListPendingForEmailAsync(string email, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var normalizedEmail = InputRules.NormalizeEmail(email, nameof(email));
        CheckPageSize(pageSize);
        var page = await _table.QueryAsync<OrganizationInvitation>(
            OrganizationInvitation.Indexes.ByEmail.Query(normalizedEmail) with { PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken).ConfigureAwait(false);
        return WithoutExpired(page);
    }

    /// <inheritdoc />
    public async Task<OrganizationMember> AcceptAsync(string token, string userId, CancellationToken cancellationToken = default)
    {
        if (!InvitationToken.TryParse(token, out var organizationId, out var invitationId, out var secret) || !IsId(organizationId))
        {
            throw new InvalidInvitationException(InvitationRefusal.Malformed, nameof(token));
        }

        InputRules.Id(userId, nameof(userId));
        var key = OrganizationInvitation.CreateKey(organizationId, invitationId);
        var invitation = await _table.GetAsync<OrganizationInvitation>(key, consistentRead: true, cancellationToken).ConfigureAwait(false);

        // A wrong secret reads as "no such invitation": a guess learns nothing about which invitations exist.
        if (invitation is null || !InvitationToken.Matches(secret, invitation.TokenHash))
        {
            throw new InvalidInvitationException(InvitationRefusal.NotFound, nameof(token));
        }

        // Time to live deletes expired items only eventually (typically within days): the expiry is checked here too.
        var now = _timeProvider.GetUtcNow();
        if (invitation.IsExpiredAt(now))
        {
            throw new InvalidInvitationException(InvitationRefusal.Expired, nameof(token));
        }

        var member = new OrganizationMember
        {
            OrganizationId = organizationId,
            UserId = userId,
            Role = invitation.Role,
            InvitedByUserId = invitation.InvitedByUserId,
            JoinedAt = now,
        };
        var membership = new UserMembership
        {
            UserId = userId,
            OrganizationId = organizationId,
            OrganizationSlug = invitation.OrganizationSlug,
            OrganizationName = invitation.OrganizationName,
            Role = invitation.Role,
            JoinedAt = now,
        };

        // One transaction: the invitation consumed (deleted while its token hash is the one checked, so only one
        // acceptance can win), the membership both ways, the seat, and the user with the invited address.
        var transaction = new TransactionBuilder()
            .Delete(key, condition: ItemCondition.Equal(OrganizationInvitation.Fields.TokenHash, invitation.TokenHash), label: Labels.Invitation);
        MembershipWrites.AddJoin(transaction, member, membership, now, ItemCondition.Equal(User.Fields.NormalizedEmail, invitation.NormalizedEmail));
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            return member;
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf(Labels.Invitation) is not null)
            {
                throw new InvalidInvitationException(InvitationRefusal.NotFound, nameof(token), exception);
            }

            if (MembershipWrites.JoinFailure(exception, member) is { } failure)
            {
                throw failure;
            }

            if (exception.FailureOf(MembershipWrites.UserLabel) is not null)
            {
                // The user exists and is not being deleted, so the address is another.
                throw new InvalidInvitationException(InvitationRefusal.OtherAddress, nameof(token), exception);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task RevokeAsync(string organizationId, string invitationId, CancellationToken cancellationToken = default)
    {
        var key = OrganizationInvitation.CreateKey(InputRules.Id(organizationId, nameof(organizationId)), InputRules.Id(invitationId, nameof(invitationId)));
        await _table.DeleteAsync<OrganizationInvitation>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private QueryPage<OrganizationInvitation> WithoutExpired(QueryPage<OrganizationInvitation> page)
    {
        var now = _timeProvider.GetUtcNow();
        return page.Items.Any(i => i.IsExpiredAt(now))
            ? new QueryPage<OrganizationInvitation>(page.Items.Where(i => !i.IsExpiredAt(now)).ToArray(), page.NextCursor)
            : page;
    }

    private static bool IsId(string value)
    {
        try
        {
            InputRules.Id(value, "token");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void CheckPageSize(int pageSize)
    {
        if (pageSize is < 1 or > ItemQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"pageSize must be from 1 to {ItemQuery.MaxPageSize}.");
        }
    }

    private static class Labels
    {
        public const string Invitation = "invitation";
        public const string Organization = "organization-check";
        public const string Inviter = "inviter";
    }
}
