namespace SaasUsers.Data.Stripe.Processing;

/// <summary>Billing accounts named in Stripe objects (metadata, client references), read tolerantly.</summary>
internal static class StripeAccounts
{
    /// <summary>
    /// The account of a kind and id, or <see langword="null"/> when the id is missing or not a valid id: an event that
    /// names no valid account is recorded as orphaned, not failed (a failure would make Stripe retry it for days).
    /// </summary>
    public static BillingAccount? Named(BillingAccountKind kind, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return kind == BillingAccountKind.User ? BillingAccount.ForUser(id) : BillingAccount.ForOrganization(id);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The user's id of a user's account, else <see langword="null"/> (for <see cref="SubscriptionChange.UserId"/> and the like).</summary>
    public static string? UserIdOf(BillingAccount account) => account.Kind == BillingAccountKind.User ? account.Id : null;

    /// <summary>The organization's id of an organization's account, else <see langword="null"/>.</summary>
    public static string? OrganizationIdOf(BillingAccount account) => account.Kind == BillingAccountKind.Organization ? account.Id : null;
}
