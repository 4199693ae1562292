namespace SaasUsers.Data;

/// <summary>
/// The sentinel item that makes an e-mail address unique: written with <c>attribute_not_exists</c> in the same
/// transaction as the user, so two sign-ups with the same address cannot both succeed (an index could not
/// promise that: indexes are eventually consistent). Owned by the <see cref="User"/>: deleting the user deletes it.
/// </summary>
[DynamoEntity("EMAIL#{NormalizedEmail}", "EMAIL", EntityType = "EmailLookup")]
[DynamoOwnedBy(typeof(User))]
public sealed partial record EmailLookup
{
    /// <summary>The normalized e-mail address.</summary>
    public required string NormalizedEmail { get; init; }

    /// <summary>The user who holds the address.</summary>
    public required string UserId { get; init; }

    /// <summary>When the address was claimed.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
