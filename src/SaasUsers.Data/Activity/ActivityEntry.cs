namespace SaasUsers.Data;

/// <summary>
/// One entry of an account's activity log, written from the change feed. Stored at
/// <c>ACTIVITY#{AccountKind}#{AccountId}</c> / <c>ACT#{OccurredAt}#{SequenceNumber}</c>, so a query of the partition
/// reads the log newest first. The account is a user (<c>USER</c>) or an organization (<c>ORG</c>), the
/// <see cref="BillingAccount.StoredKind"/> of subscriptions and payments. Entries carry no e-mail address or other personal data beyond ids.
/// </summary>
[DynamoEntity("ACTIVITY#{AccountKind}#{AccountId}", "ACT#{OccurredAt}#{SequenceNumber}", EntityType = "ActivityEntry")]
public sealed partial record ActivityEntry
{
    /// <summary>The account kind for users.</summary>
    public const string UserAccount = BillingAccount.UserKind;

    /// <summary>The account kind for organizations.</summary>
    public const string OrganizationAccount = BillingAccount.OrganizationKind;

    /// <summary>The kind of account (<see cref="UserAccount"/> or <see cref="OrganizationAccount"/>).</summary>
    public required string AccountKind { get; init; }

    /// <summary>The account's id (the user id for a user).</summary>
    public required string AccountId { get; init; }

    /// <summary>When it happened: the entity's own time (sign-up, payment, subscription change), else the stream record's.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The stream record it came from; with <see cref="OccurredAt"/> it makes the entry's key, so a redelivered record writes the same entry again.</summary>
    public required string SequenceNumber { get; init; }

    /// <summary>What happened.</summary>
    public AccountActivityKind Kind { get; init; }

    /// <summary>The id of what it happened to (a subscription id, a checkout session id), if any.</summary>
    public string? SubjectId { get; init; }

    /// <summary>A short description for people, for example <c>pro: Trialing → Active</c> or <c>29.00 EUR</c>.</summary>
    public required string Summary { get; init; }

    /// <summary>When the entry expires (time to live), if a retention is configured.</summary>
    [DynamoTimeToLive]
    public DateTimeOffset? ExpiresAt { get; init; }
}
