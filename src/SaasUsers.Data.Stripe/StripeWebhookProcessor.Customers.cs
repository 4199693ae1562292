using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

public sealed partial class StripeWebhookProcessor
{
    /// <summary>
    /// <c>customer.created</c> and <c>customer.updated</c>: a customer whose metadata names an organization or a user is
    /// linked to that account (so later events find it by customer id). A customer without one is acknowledged and recorded.
    /// </summary>
    private async Task<StripeWebhookResult> CustomerAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var customer = Read(stripeEvent, StripeJsonContext.Default.StripeCustomer);
        return customer.Id is not null && MetadataAccount(customer.Metadata) is { } account
            ? await LinkCustomerAsync(stripeEvent, account, customer.Id, cancellationToken).ConfigureAwait(false)
            : await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, $"The customer's metadata names no organization ({_options.OrganizationIdMetadataKey}) or user ({_options.UserIdMetadataKey}).", cancellationToken).ConfigureAwait(false);
    }
}
