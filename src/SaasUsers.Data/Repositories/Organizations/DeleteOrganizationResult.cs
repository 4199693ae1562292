namespace SaasUsers.Data;

/// <summary>What deleting an organization did.</summary>
/// <param name="Found">Whether the organization existed (a delete cut short before is finished either way).</param>
/// <param name="ItemsDeleted">How many items were deleted: the organization, its slug, members and both directions of each membership, invitations, subscriptions, payments and their checkout records, and the application's items in its collection.</param>
public sealed record DeleteOrganizationResult(bool Found, int ItemsDeleted);
