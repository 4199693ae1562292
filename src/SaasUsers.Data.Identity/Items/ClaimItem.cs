namespace SaasUsers.Data.Identity.Items;

/// <summary>
/// A claim of a user, keyed by a hash of (type, value) so any claim fits a key; indexed by the same hash in GSI1
/// so "users with this claim" is one query of the index.
/// </summary>
[DynamoEntity("USER#{UserId}", "CLAIM#{ClaimHash}", EntityType = "IdentityClaim")]
[DynamoIndex(1, "CLAIM#{ClaimHash}", "USER#{UserId}", Name = "ByClaim")]
internal sealed partial record ClaimItem
{
    public required string UserId { get; init; }

    public required string ClaimHash { get; init; }

    public required string ClaimType { get; init; }

    public required string ClaimValue { get; init; }
}
