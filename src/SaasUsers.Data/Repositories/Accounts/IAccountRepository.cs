namespace SaasUsers.Data;

/// <summary>Reads across a user's whole account.</summary>
public interface IAccountRepository
{
    /// <summary>The most subscriptions an overview reads.</summary>
    const int MaxOverviewSubscriptions = 25;

    /// <summary>
    /// Reads the user, the subscriptions (up to <see cref="MaxOverviewSubscriptions"/>) and the latest payments
    /// in one strongly consistent <c>Query</c> of the user's item collection.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="latestPayments">How many of the newest payments to include, 0 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The overview, or <see langword="null"/> when the user does not exist.</returns>
    Task<AccountOverview?> GetOverviewAsync(string userId, int latestPayments = 5, CancellationToken cancellationToken = default);
}
