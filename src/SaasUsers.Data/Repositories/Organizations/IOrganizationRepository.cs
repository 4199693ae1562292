namespace SaasUsers.Data;

/// <summary>
/// Organizations (teams) and their members: creation with an owner, lookups by id and slug, members and "my
/// organizations" (both paged), role changes, removal and leaving, ownership transfer, the overview, and deletion.
/// Seats and "at least one owner" are kept by counters on the organization changed in the same transaction as each
/// membership. Who may do what (an admin removing a member, say) is the application's rule.
/// </summary>
public interface IOrganizationRepository
{
    /// <summary>
    /// Creates an organization with its owner as first member (one transaction: the organization, its slug sentinel,
    /// both directions of the owner's membership, and a check that the owner exists and is not being deleted).
    /// </summary>
    /// <returns>The organization as stored (version 1, one member, one owner).</returns>
    /// <exception cref="DuplicateSlugException">Another organization has the slug.</exception>
    /// <exception cref="ItemAlreadyExistsException">An organization with the given id exists.</exception>
    /// <exception cref="ItemNotFoundException">The owner does not exist or is being deleted.</exception>
    Task<Organization> CreateAsync(NewOrganization organization, CancellationToken cancellationToken = default);

    /// <summary>Reads an organization by id (one <c>GetItem</c>); <see langword="null"/> when it does not exist or is being deleted.</summary>
    Task<Organization?> GetAsync(string organizationId, bool consistentRead = false, CancellationToken cancellationToken = default);

    /// <summary>Finds an organization by slug (one <c>Query</c> of GSI1; eventually consistent).</summary>
    Task<Organization?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default);

    /// <summary>Links the organization to a payment provider's customer (one <c>UpdateItem</c>), so webhooks for the customer find it.</summary>
    /// <exception cref="ItemNotFoundException">The organization does not exist or is being deleted.</exception>
    Task<Organization> LinkPaymentCustomerAsync(string organizationId, string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds linking the organization to a payment provider's customer to a transaction the caller sends (a webhook's
    /// idempotency record with it, say): the organization's item updated if it exists and is not being deleted, as
    /// <see cref="LinkPaymentCustomerAsync"/> writes it. Validates the input at once and sends nothing. A failure on
    /// <c>Organization.CreateKey(organizationId)</c> (<see cref="TransactionFailureReason.ItemNotFound"/> or
    /// <see cref="TransactionFailureReason.ConditionFailed"/>) means there is no such organization.
    /// </summary>
    /// <param name="transaction">The caller's transaction; one action is added.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="paymentProvider">The payment provider, lower case (for example <c>stripe</c>).</param>
    /// <param name="providerCustomerId">The provider's customer id.</param>
    void AddLinkPaymentCustomer(TransactionBuilder transaction, string organizationId, string paymentProvider, string providerCustomerId);

    /// <summary>Reads one member (one <c>GetItem</c>, strongly consistent).</summary>
    Task<OrganizationMember?> GetMemberAsync(string organizationId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Lists an organization's members by user id, one page (one <c>Query</c>) at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was changed, belongs to another listing, or expired.</exception>
    Task<QueryPage<OrganizationMember>> ListMembersAsync(string organizationId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the organizations a user belongs to (with role, slug and name), one page (one <c>Query</c> of the user's collection) at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was changed, belongs to another listing, or expired.</exception>
    Task<QueryPage<UserMembership>> ListForUserAsync(string userId, int pageSize = 50, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds an existing user as a member without an invitation (a <c>GetItem</c> of the organization, then one
    /// transaction: both directions of the membership, the seat taken under <c>MemberCount &lt; SeatCount</c>, the user checked).
    /// </summary>
    /// <exception cref="DuplicateMemberException">The user is already a member.</exception>
    /// <exception cref="OrganizationSeatLimitException">No seat is left.</exception>
    /// <exception cref="ItemNotFoundException">The organization or the user does not exist or is being deleted.</exception>
    Task<OrganizationMember> AddMemberAsync(string organizationId, string userId, string role, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a member's role (a <c>GetItem</c> of the member, then one transaction: both directions, and the owner
    /// counter when the owner role is given or taken). Demoting the last owner is refused.
    /// </summary>
    /// <exception cref="ItemNotFoundException">The user is not a member.</exception>
    /// <exception cref="OrganizationOwnerRequiredException">The member is the last owner.</exception>
    Task<OrganizationMember> ChangeRoleAsync(string organizationId, string userId, string role, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a member (a <c>GetItem</c> of the member, then one transaction: both directions deleted, the seat freed,
    /// the owner counter decremented for an owner). Removing the last owner is refused.
    /// </summary>
    /// <exception cref="ItemNotFoundException">The user is not a member.</exception>
    /// <exception cref="OrganizationOwnerRequiredException">The member is the last owner.</exception>
    Task RemoveMemberAsync(string organizationId, string userId, CancellationToken cancellationToken = default);

    /// <summary>The user leaves the organization: <see cref="RemoveMemberAsync"/> of the user; the last owner cannot leave.</summary>
    /// <exception cref="ItemNotFoundException">The user is not a member.</exception>
    /// <exception cref="OrganizationOwnerRequiredException">The user is the last owner.</exception>
    Task LeaveAsync(string organizationId, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Transfers the ownership: <paramref name="toUserId"/> (a member) becomes an owner and the primary owner
    /// (<see cref="Organization.OwnerUserId"/>), and <paramref name="fromUserId"/> (an owner) becomes an admin. One
    /// <c>BatchGetItem</c> of both members, then one transaction.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fromUserId"/> is not an owner, or <paramref name="toUserId"/> is not a member or is <paramref name="fromUserId"/>.</exception>
    Task<Organization> TransferOwnershipAsync(string organizationId, string fromUserId, string toUserId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the organization, the first page of members, every subscription (and the active one) and the latest
    /// payments: four strongly consistent reads bounded by sort key, sent at once (one round trip).
    /// </summary>
    /// <returns>The overview, or <see langword="null"/> when the organization does not exist or is being deleted.</returns>
    Task<OrganizationOverview?> GetOverviewAsync(string organizationId, int members = 20, int latestPayments = 5, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an organization and everything it owns: marks it (from then on joins and billing writes are refused),
    /// then sweeps its collection (members with the user's side of each membership, invitations, subscriptions,
    /// payments with their checkout records, the application's items), frees the slug and deletes the organization last.
    /// Running it again finishes a delete cut short.
    /// </summary>
    Task<DeleteOrganizationResult> DeleteAsync(string organizationId, CancellationToken cancellationToken = default);
}
