using SaasUsers.Data.Stripe.Processing;

namespace SaasUsers.Data.Stripe;

/// <summary>
/// The <c>client_reference_id</c> of a Checkout Session (or a payment link, or a pricing table) that names the billing
/// account paying: <c>org_{organizationId}</c> for an organization, the user's id as it is for a user (as before
/// organizations existed). Stripe allows only letters, digits, <c>-</c> and <c>_</c> in a pricing table's or payment
/// link's reference, so the organization prefix is <c>org_</c>, not a character such as <c>:</c> or <c>/</c>.
/// </summary>
/// <example>
/// <code>
/// var options = new SessionCreateOptions
/// {
///     ClientReferenceId = StripeClientReference.For(BillingAccount.ForOrganization(organization.OrganizationId)),
///     SubscriptionData = new() { Metadata = new() { ["organization_id"] = organization.OrganizationId } },
///     // ...
/// };
/// </code>
/// </example>
public static class StripeClientReference
{
    /// <summary>The prefix that makes a client reference name an organization: <c>org_</c>.</summary>
    public const string OrganizationPrefix = "org_";

    /// <summary>The client reference of an account: <c>org_{id}</c> for an organization, the id for a user.</summary>
    /// <param name="account">The billing account.</param>
    /// <returns>The value to put in the session's <c>client_reference_id</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The account is a user whose id begins with <c>org_</c>: it would read as an organization. Name such a user in
    /// the session's metadata (<see cref="StripeWebhookOptions.UserIdMetadataKey"/>) instead.
    /// </exception>
    public static string For(BillingAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Kind == BillingAccountKind.Organization)
        {
            return OrganizationPrefix + account.Id;
        }

        return account.Id.StartsWith(OrganizationPrefix, StringComparison.Ordinal)
            ? throw new ArgumentException($"The user id begins with '{OrganizationPrefix}', so as a client reference it would name an organization; name the user in the session's metadata instead.", nameof(account))
            : account.Id;
    }

    /// <summary>The account a client reference names, or <see langword="null"/> when it is empty or not a valid id.</summary>
    /// <param name="clientReferenceId">The session's <c>client_reference_id</c>.</param>
    /// <returns>An organization for <c>org_{id}</c>; otherwise the user with that id.</returns>
    public static BillingAccount? Parse(string? clientReferenceId) =>
        string.IsNullOrEmpty(clientReferenceId) ? null
        : clientReferenceId.StartsWith(OrganizationPrefix, StringComparison.Ordinal)
            ? StripeAccounts.Named(BillingAccountKind.Organization, clientReferenceId[OrganizationPrefix.Length..])
            : StripeAccounts.Named(BillingAccountKind.User, clientReferenceId);
}
