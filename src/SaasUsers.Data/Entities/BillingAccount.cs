using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>What kind of customer pays: a person, or an organization (a team).</summary>
public enum BillingAccountKind
{
    /// <summary>A user pays for themselves (a personal SaaS): subscriptions and payments live in the user's collection.</summary>
    User,

    /// <summary>An organization pays for its members: subscriptions and payments live in the organization's collection.</summary>
    Organization,
}

/// <summary>
/// The account that subscriptions and checkout payments belong to: a <see cref="Data.User"/> or an
/// <see cref="Data.Organization"/>. Its <see cref="PartitionKey"/> is the partition of the user
/// (<c>USER#{UserId}</c>) or the organization (<c>ORG#{OrganizationId}</c>), so an account's overview reads one
/// item collection whichever kind it is.
/// </summary>
public sealed record BillingAccount
{
    /// <summary>The stored kind of a user account (the <c>USER</c> of <c>USER#{UserId}</c>).</summary>
    public const string UserKind = "USER";

    /// <summary>The stored kind of an organization account (the <c>ORG</c> of <c>ORG#{OrganizationId}</c>).</summary>
    public const string OrganizationKind = "ORG";

    private BillingAccount(BillingAccountKind kind, string id)
    {
        Kind = kind;
        Id = id;
    }

    /// <summary>Whether the account is a user's or an organization's.</summary>
    public BillingAccountKind Kind { get; }

    /// <summary>The user's or the organization's id.</summary>
    public string Id { get; }

    /// <summary>The stored kind (<see cref="UserKind"/> or <see cref="OrganizationKind"/>): the first part of the account's partition key.</summary>
    public string StoredKind => Kind == BillingAccountKind.User ? UserKind : OrganizationKind;

    /// <summary>The partition of the account's item collection: <c>USER#{UserId}</c> or <c>ORG#{OrganizationId}</c>.</summary>
    public string PartitionKey => Kind == BillingAccountKind.User ? Data.User.CreatePartitionKey(Id) : Data.Organization.CreatePartitionKey(Id);

    /// <summary>A user's own account.</summary>
    /// <param name="userId">The user (an id: 1 to 255 printable ASCII characters, no spaces).</param>
    /// <exception cref="ArgumentException"><paramref name="userId"/> is not a valid id.</exception>
    public static BillingAccount ForUser(string userId) => new(BillingAccountKind.User, InputRules.Id(userId, nameof(userId)));

    /// <summary>An organization's account.</summary>
    /// <param name="organizationId">The organization (an id: 1 to 255 printable ASCII characters, no spaces).</param>
    /// <exception cref="ArgumentException"><paramref name="organizationId"/> is not a valid id.</exception>
    public static BillingAccount ForOrganization(string organizationId) => new(BillingAccountKind.Organization, InputRules.Id(organizationId, nameof(organizationId)));

    /// <summary>The account of a stored kind and id (<see cref="StoredKind"/>, as subscriptions and payments store them).</summary>
    /// <param name="storedKind"><see cref="UserKind"/> or <see cref="OrganizationKind"/>.</param>
    /// <param name="id">The user's or organization's id.</param>
    /// <exception cref="ArgumentException">The kind is neither, or the id is not valid.</exception>
    public static BillingAccount FromStored(string storedKind, string id) => storedKind switch
    {
        UserKind => new(BillingAccountKind.User, InputRules.Id(id, nameof(id))),
        OrganizationKind => new(BillingAccountKind.Organization, InputRules.Id(id, nameof(id))),
        _ => throw new ArgumentException($"'{nameof(storedKind)}' must be '{UserKind}' or '{OrganizationKind}'.", nameof(storedKind)),
    };

    /// <inheritdoc />
    public override string ToString() => (Kind == BillingAccountKind.User ? "user " : "organization ") + Id;
}
