namespace SaasUsers.Data;

/// <summary>
/// A user's membership as the user sees it: stored in the user's collection at <c>USER#{UserId}</c> /
/// <c>MEMBERSHIP#{OrganizationId}</c>, so "my organizations" is one query of the user, and deleting the user finds it.
/// Holds the organization's slug and name as they were when the user joined, so the list needs no other read.
/// </summary>
[DynamoEntity("USER#{UserId}", "MEMBERSHIP#{OrganizationId}", EntityType = "UserMembership")]
public sealed partial record UserMembership
{
    /// <summary>The member.</summary>
    public required string UserId { get; init; }

    /// <summary>The organization.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The organization's slug.</summary>
    public required string OrganizationSlug { get; init; }

    /// <summary>The organization's name.</summary>
    public required string OrganizationName { get; init; }

    /// <summary>The member's role in the organization.</summary>
    public required string Role { get; init; }

    /// <summary>When the user joined.</summary>
    public DateTimeOffset JoinedAt { get; init; }
}
