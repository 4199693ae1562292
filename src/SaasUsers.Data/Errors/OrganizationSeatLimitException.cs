namespace SaasUsers.Data;

/// <summary>
/// The organization has no seat left: its members already fill <see cref="Organization.SeatCount"/>. Nothing was
/// written; buy more seats (a subscription change with more <see cref="SubscriptionChange.Seats"/>) or remove a member.
/// </summary>
public sealed class OrganizationSeatLimitException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="seatCount">Its seats when the join was refused.</param>
    /// <param name="memberCount">Its members when the join was refused.</param>
    /// <param name="innerException">The cancelled transaction.</param>
    public OrganizationSeatLimitException(string organizationId, int seatCount, int memberCount, Exception? innerException = null)
        : base($"Organization {organizationId} has no seat left ({memberCount} members, {seatCount} seats); nothing was written.", innerException)
    {
        OrganizationId = organizationId;
        SeatCount = seatCount;
        MemberCount = memberCount;
    }

    /// <summary>The organization.</summary>
    public string OrganizationId { get; }

    /// <summary>Its seats when the join was refused.</summary>
    public int SeatCount { get; }

    /// <summary>Its members when the join was refused.</summary>
    public int MemberCount { get; }
}
