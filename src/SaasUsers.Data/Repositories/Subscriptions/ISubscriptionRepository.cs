namespace SaasUsers.Data;

/// <summary>Subscriptions: listing, the active one, webhook-driven changes, and lookups by provider ids.</summary>
public interface ISubscriptionRepository
{
    /// <summary>Lists a user's subscriptions (one <c>Query</c>, strongly consistent).</summary>
    Task<IReadOnlyList<Subscription>> ListAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the subscription that gives the user access now: active or trialing with its period not over, the
    /// latest-ending first (one <c>Query</c>).
    /// </summary>
    Task<Subscription?> GetActiveAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a subscription change from a provider webhook (one conditional <c>UpdateItem</c> that creates or
    /// updates). It applies only when the stored subscription comes from an older event and the status change is
    /// allowed; otherwise the result says it was skipped and why, and nothing is written.
    /// </summary>
    Task<SubscriptionChangeResult> ApplyChangeAsync(SubscriptionChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a subscription change as <see cref="ApplyChangeAsync(SubscriptionChange, CancellationToken)"/> does, with
    /// actions of the caller's own in the same transaction: a webhook's idempotency record, say, so that the event
    /// and its effect are written together or not at all. The caller's actions are written exactly when the change
    /// is applied; when the change is skipped, nothing is written.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="alongside">
    /// Adds the caller's actions to a transaction the repository sends (called once for it; before the repository's two: a check on the user's item and the
    /// upsert of the subscription's, which the caller's actions must not touch). When one of them fails, the
    /// <see cref="TransactionFailedException"/> is thrown as is, for the caller to read with
    /// <see cref="TransactionFailedException.FailureOf"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TransactionFailedException">One of the caller's actions failed; nothing was written.</exception>
    Task<SubscriptionChangeResult> ApplyChangeWithAsync(SubscriptionChange change, Action<TransactionBuilder> alongside, CancellationToken cancellationToken = default);

    /// <summary>Finds a subscription by the provider's subscription id (one <c>Query</c> of GSI3; eventually consistent). Its <see cref="Subscription.UserId"/> names the user.</summary>
    Task<Subscription?> FindByProviderSubscriptionIdAsync(string paymentProvider, string providerSubscriptionId, CancellationToken cancellationToken = default);

    /// <summary>Finds the user and subscriptions of a provider's customer (one <c>Query</c> of GSI2; eventually consistent).</summary>
    Task<CustomerAccount?> FindByProviderCustomerIdAsync(string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default);
}
