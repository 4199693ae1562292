namespace SaasUsers.Data;

/// <summary>A payment provider's customer as stored: the account (a user or an organization) and its subscriptions with that provider.</summary>
/// <param name="Account">The billing account the customer is.</param>
/// <param name="User">The user, when the account is a user's.</param>
/// <param name="Organization">The organization, when the account is an organization's.</param>
/// <param name="Subscriptions">The account's subscriptions linked to the customer.</param>
public sealed record CustomerAccount(BillingAccount Account, User? User, Organization? Organization, IReadOnlyList<Subscription> Subscriptions);
