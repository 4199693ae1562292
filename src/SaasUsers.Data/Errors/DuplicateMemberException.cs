namespace SaasUsers.Data;

/// <summary>The user is already a member of the organization. Nothing was written (no seat was taken).</summary>
public sealed class DuplicateMemberException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="userId">The user.</param>
    /// <param name="innerException">The cancelled transaction.</param>
    public DuplicateMemberException(string organizationId, string userId, Exception? innerException = null)
        : base($"User {userId} is already a member of organization {organizationId}.", innerException)
    {
        OrganizationId = organizationId;
        UserId = userId;
    }

    /// <summary>The organization.</summary>
    public string OrganizationId { get; }

    /// <summary>The user.</summary>
    public string UserId { get; }
}
