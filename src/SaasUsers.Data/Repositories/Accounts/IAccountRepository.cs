namespace SaasUsers.Data;

/// <summary>Reads across a user's whole account.</summary>
public interface IAccountRepository
{
    /// <summary>
    /// Reads the user, all of the user's subscriptions (and the active one among them) and the latest payments: a
    /// strongly consistent <c>GetItem</c> and two strongly consistent <c>Query</c> requests bounded by sort key
    /// (<c>SUB#</c>, <c>PAY#</c>), sent at once. The application's own items in the user's collection are never read.
    /// The three reads are not one snapshot: a write between them can show in one and not another.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="latestPayments">How many of the newest payments to include, 0 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The overview, or <see langword="null"/> when the user does not exist.</returns>
    Task<AccountOverview?> GetOverviewAsync(string userId, int latestPayments = 5, CancellationToken cancellationToken = default);
}
