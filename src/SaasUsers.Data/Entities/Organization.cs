namespace SaasUsers.Data;

/// <summary>
/// An organization (a team, a tenant): a billing account whose members share its subscriptions. Stored at
/// <c>ORG#{OrganizationId}</c> / <c>ORG</c>, at the head of the organization's item collection (members,
/// invitations, subscriptions and payments share the partition), and indexed by slug (GSI1) and payment customer (GSI2).
/// </summary>
/// <remarks>
/// <see cref="MemberCount"/> and <see cref="OwnerCount"/> are counters kept in the same transaction as every
/// membership change, under conditions (<c>MemberCount &lt; SeatCount</c> to join, <c>OwnerCount &gt; 1</c> to lose
/// an owner), so the seat limit and "at least one owner" hold under concurrent writers.
/// </remarks>
[DynamoEntity("ORG#{OrganizationId}", "ORG", EntityType = "Organization")]
[DynamoIndex(1, "ORGSLUG#{Slug}", "ORG", Name = "BySlug")]
[DynamoIndex(2, "CUSTOMER#{PaymentProvider}#{ProviderCustomerId}", "ORG", Name = "ByCustomer")]
public sealed partial record Organization
{
    /// <summary>The organization's id.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The organization's unique slug (its name in URLs), lower case; kept unique by an <see cref="OrganizationSlug"/> sentinel.</summary>
    public required string Slug { get; init; }

    /// <summary>The name shown in the application.</summary>
    public required string Name { get; init; }

    /// <summary>The primary owner: the user who created the organization or took it over by a transfer (other members may have the owner role too).</summary>
    public required string OwnerUserId { get; init; }

    /// <summary>How many members the organization may have: set at creation, then from its subscription's seat quantity (<see cref="Subscription.Seats"/>).</summary>
    public int SeatCount { get; init; }

    /// <summary>How many members the organization has (owners included).</summary>
    public int MemberCount { get; init; }

    /// <summary>How many members have the owner role; never below 1.</summary>
    public int OwnerCount { get; init; }

    /// <summary>The payment provider that knows the organization as a customer (for example <c>stripe</c>), if any.</summary>
    public string? PaymentProvider { get; init; }

    /// <summary>The provider's customer id (for example <c>cus_123</c>), if any.</summary>
    public string? ProviderCustomerId { get; init; }

    /// <summary>When the organization was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the organization was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// When a delete of the organization began, if one did: from then on every write for the organization is refused
    /// and reads do not return it; the organization item is deleted last (deleting again finishes a delete cut short).
    /// </summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The version for optimistic concurrency; each write increments it.</summary>
    [DynamoVersion]
    public long Version { get; init; }

    /// <summary>How many more members may join now (0 when the organization is full or over its seats after a downgrade).</summary>
    public int SeatsLeft => Math.Max(0, SeatCount - MemberCount);
}
