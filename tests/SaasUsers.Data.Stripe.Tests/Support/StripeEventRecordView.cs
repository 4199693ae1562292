using SaasUsers.Data.Stripe.Events;

namespace SaasUsers.Data.Stripe.Tests.Support;

/// <summary>An event record as the tests see it (the entity is internal to the package).</summary>
public sealed record StripeEventRecordView(string EventId, string EventType, StripeWebhookOutcome Outcome, BillingAccount? Account, DateTimeOffset ProcessedAt, DateTimeOffset ExpiresAt)
{
    public static async Task<StripeEventRecordView?> ReadAsync(IEntityTable table, string eventId, CancellationToken cancellationToken)
    {
        var record = await table.GetAsync<StripeEventRecord>(StripeEventRecord.CreateKey(eventId), consistentRead: true, cancellationToken);
        return record is null ? null : new StripeEventRecordView(
            record.EventId,
            record.EventType,
            record.Outcome,
            record is { AccountKind: { } kind, AccountId: { } id } ? BillingAccount.FromStored(kind, id) : null,
            record.ProcessedAt,
            record.ExpiresAt);
    }
}
