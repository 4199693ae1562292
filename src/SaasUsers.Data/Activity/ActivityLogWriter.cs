using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>
/// The change handler that writes the activity log: one entry per change that matters to an account (sign-up,
/// e-mail change, subscription started/changed/canceled, payment recorded; for an organization also a member
/// joined or left), put in one <c>BatchWriteItem</c> per
/// 25. An entry's key holds the record's sequence number, so a redelivered record rewrites the same entry.
/// </summary>
public sealed class ActivityLogWriter : ITableChangeHandler
{
    private readonly IEntityTable _table;
    private readonly ActivityLogOptions _options;

    /// <summary>Creates the handler.</summary>
    /// <param name="table">The table the log is kept in.</param>
    /// <param name="options">The log's options.</param>
    public ActivityLogWriter(IEntityTable table, IOptions<ActivityLogOptions> options)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
    }

    /// <inheritdoc />
    public async Task HandleAsync(TableChangeBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writes = new BatchWriteBuilder();
        foreach (var change in batch.Changes)
        {
            if (ActivityFor(change) is { } entry)
            {
                writes.Put(_options.Retention is { } retention ? entry with { ExpiresAt = entry.OccurredAt + retention } : entry);
            }
        }

        if (writes.Count > 0)
        {
            await _table.BatchWriteAsync(writes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The entry a change makes, or <see langword="null"/> when it is not account activity.</summary>
    internal static ActivityEntry? ActivityFor(TableChange change)
    {
        if (change.Role != TableItemRole.Entity)
        {
            return null;
        }

        if (change.Is<User>())
        {
            var before = change.OldAs<User>();
            var after = change.NewAs<User>();
            if (change.Kind == TableChangeKind.Inserted && after is not null)
            {
                return Entry(ActivityEntry.UserAccount, after.UserId, after.CreatedAt, change, AccountActivityKind.SignedUp, null, "Signed up");
            }

            if (change.Kind == TableChangeKind.Modified && before is not null && after is not null && before.NormalizedEmail != after.NormalizedEmail)
            {
                return Entry(ActivityEntry.UserAccount, after.UserId, after.UpdatedAt, change, AccountActivityKind.EmailChanged, null, "E-mail address changed");
            }

            return null;
        }

        if (change.Is<Subscription>())
        {
            var before = change.OldAs<Subscription>();
            var after = change.NewAs<Subscription>();
            if (after is null)
            {
                return null;
            }

            if (before is null)
            {
                return Entry(after.AccountKind, after.AccountId, after.UpdatedAt, change, after.Status == SubscriptionStatus.Canceled ? AccountActivityKind.SubscriptionCanceled : AccountActivityKind.SubscriptionStarted, after.SubscriptionId, $"{after.PlanId}: {after.Status}");
            }

            if (before.PlanId == after.PlanId && before.Status == after.Status && before.Price == after.Price && before.CancelAtPeriodEnd == after.CancelAtPeriodEnd)
            {
                // A renewal (new period end) or a replayed event: nothing an account owner would call activity.
                return null;
            }

            var kind = after.Status == SubscriptionStatus.Canceled && before.Status != SubscriptionStatus.Canceled ? AccountActivityKind.SubscriptionCanceled : AccountActivityKind.SubscriptionChanged;
            var plan = before.PlanId == after.PlanId ? after.PlanId : $"{before.PlanId} → {after.PlanId}";
            var status = before.Status == after.Status ? after.Status.ToString() : $"{before.Status} → {after.Status}";
            return Entry(after.AccountKind, after.AccountId, after.UpdatedAt, change, kind, after.SubscriptionId, $"{plan}: {status}" + (after.CancelAtPeriodEnd && !before.CancelAtPeriodEnd ? ", ends at period end" : string.Empty));
        }

        if (change.Is<OrganizationMember>())
        {
            // Both directions of a membership are written in one transaction; the organization's side is the one
            // the organization's log tells, so a join or a leave is one entry.
            if (change.Kind == TableChangeKind.Inserted && change.NewAs<OrganizationMember>() is { } joined)
            {
                return Entry(ActivityEntry.OrganizationAccount, joined.OrganizationId, joined.JoinedAt, change, AccountActivityKind.MemberJoined, joined.UserId, $"Member joined as {joined.Role}");
            }

            if (change.Kind == TableChangeKind.Removed && change.OldAs<OrganizationMember>() is { } left)
            {
                return Entry(ActivityEntry.OrganizationAccount, left.OrganizationId, change.ApproximateCreationTime, change, AccountActivityKind.MemberLeft, left.UserId, $"Member left ({left.Role})");
            }

            return null;
        }

        if (change.Is<CheckoutPayment>() && change.Kind == TableChangeKind.Inserted && change.NewAs<CheckoutPayment>() is { } payment)
        {
            return Entry(payment.AccountKind, payment.AccountId, payment.CreatedAt, change, AccountActivityKind.PaymentRecorded, payment.CheckoutSessionId, $"{payment.Amount} {payment.Status}");
        }

        return null;
    }

    private static ActivityEntry Entry(string accountKind, string accountId, DateTimeOffset occurredAt, TableChange change, AccountActivityKind kind, string? subjectId, string summary) => new()
    {
        AccountKind = accountKind,
        AccountId = accountId,
        OccurredAt = occurredAt,
        SequenceNumber = change.SequenceNumber,
        Kind = kind,
        SubjectId = subjectId,
        Summary = summary,
    };
}
