namespace SaasUsers.Data;

/// <summary>A payment provider's customer as stored: the user and the user's subscriptions with that provider.</summary>
/// <param name="User">The user.</param>
/// <param name="Subscriptions">The user's subscriptions linked to the customer.</param>
public sealed record CustomerAccount(User User, IReadOnlyList<Subscription> Subscriptions);
