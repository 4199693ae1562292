namespace SaasUsers.Data;

/// <summary>
/// The change would leave the organization without an owner (removing, demoting or the leaving of its last owner,
/// or deleting a user who is the last owner of an organization). Nothing was written: make another member an owner
/// first, or delete the organization.
/// </summary>
public sealed class OrganizationOwnerRequiredException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="userId">The owner the change was about.</param>
    /// <param name="innerException">The cancelled transaction.</param>
    public OrganizationOwnerRequiredException(string organizationId, string userId, Exception? innerException = null)
        : base($"User {userId} is the last owner of organization {organizationId}: an organization keeps at least one owner, so nothing was written. Make another member an owner first.", innerException)
    {
        OrganizationId = organizationId;
        UserId = userId;
    }

    /// <summary>The organization.</summary>
    public string OrganizationId { get; }

    /// <summary>The owner the change was about.</summary>
    public string UserId { get; }
}
