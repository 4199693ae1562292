namespace SaasUsers.Data;

/// <summary>
/// The one home of "the account exists and is not being deleted" in a billing write's transaction, for both kinds
/// of account: a check of the user, or of the organization (an update of its seat count when the write reports one).
/// </summary>
internal static class BillingAccountChecks
{
    /// <summary>The condition every write for an organization carries (with its existence): no delete has begun.</summary>
    public static ItemCondition<Organization> OrganizationNotDeleted => ItemCondition.NotExists(Organization.Fields.DeletedAt);

    /// <summary>
    /// Adds to <paramref name="transaction"/> the action that the account must exist and not be being deleted; for an
    /// organization with <paramref name="seats"/>, that action also sets its seat count (so the seats follow the
    /// subscription change the transaction applies, and only when it applies).
    /// </summary>
    public static TransactionBuilder AddAccountCheck(this TransactionBuilder transaction, BillingAccount account, string label, int? seats, DateTimeOffset now)
    {
        if (account.Kind == BillingAccountKind.User)
        {
            return transaction.Check(User.CreateKey(account.Id), UserRepository.NotDeleted, label);
        }

        var key = Organization.CreateKey(account.Id);
        return seats is { } count
            ? transaction.Update<Organization>(key, update => update
                .Set(Organization.Fields.SeatCount, count)
                .Set(Organization.Fields.UpdatedAt, now)
                .When(OrganizationNotDeleted), label)
            : transaction.Check(key, OrganizationNotDeleted, label);
    }

    /// <summary>The key of the account's head item (the user or the organization).</summary>
    public static PrimaryKey HeadKey(BillingAccount account) =>
        account.Kind == BillingAccountKind.User ? User.CreateKey(account.Id) : Organization.CreateKey(account.Id);

    /// <summary>The "not found" a write for a missing or deleted account throws.</summary>
    public static ItemNotFoundException NotFound(BillingAccount account, Exception? innerException = null) =>
        new(account.Kind == BillingAccountKind.User ? User.Mapper.EntityType : Organization.Mapper.EntityType, HeadKey(account), innerException);
}
