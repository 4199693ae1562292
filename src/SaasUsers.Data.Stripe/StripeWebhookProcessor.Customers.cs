using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>customer.created</c> and <c>customer.updated</c>: a customer whose metadata names a user is linked to that user
    /// (so later events find the user by customer id). A customer without one is acknowledged and recorded.
    /// </summary>
    private async Task<StripeWebhookResult> CustomerAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var customer = Read(stripeEvent, StripeJsonContext.Default.StripeCustomer);
        return customer.Id is not null && MetadataUserId(customer.Metadata) is { } userId
            ? await LinkCustomerAsync(stripeEvent, userId, customer.Id, cancellationToken).ConfigureAwait(false)
            : await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, $"The customer's metadata names no user ({_options.UserIdMetadataKey}).", cancellationToken).ConfigureAwait(false);
    }
}
