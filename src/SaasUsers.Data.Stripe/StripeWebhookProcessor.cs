using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Stripe.Events;
using SaasUsers.Data.Stripe.Processing;
using SaasUsers.Data.Stripe.Signatures;
using SaasUsers.Data.Stripe.Telemetry;

namespace SaasUsers.Data.Stripe;

/// <summary>
/// Verifies and applies Stripe webhook deliveries to the SaasUsers table, host-agnostic: call it from the ASP.NET Core
/// endpoint (<c>MapStripeWebhook</c>), a worker or a Lambda handler with the raw body and the <c>Stripe-Signature</c>
/// header. Each event id has its effect once: the event's record is written in the same transaction as the effect
/// (or alone, when the event changes nothing), so a duplicate delivery, concurrent or days later, writes nothing.
/// Subscription events of any order end in the state of the newest (same-second events resolved by the subscription
/// lifecycle); an event for an account that does not exist is recorded as orphaned, never applied. The account is a
/// user or an organization (see <see cref="StripeClientReference"/> and the metadata keys of
/// <see cref="StripeWebhookOptions"/>). Thread-safe.
/// </summary>
public sealed partial class StripeWebhookProcessor
{
    /// <summary>The payment provider name stored with Stripe's payments, subscriptions and customers: <c>stripe</c>.</summary>
    public const string PaymentProvider = "stripe";

    private const string RecordLabel = "stripe-event";

    private readonly IEntityTable _table;
    private readonly IUserRepository _users;
    private readonly IOrganizationRepository _organizations;
    private readonly ISubscriptionRepository _subscriptions;
    private readonly ICheckoutPaymentRepository _payments;
    private readonly StripeWebhookOptions _options;
    private readonly StripeSignatureVerifier _verifier;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the processor (<c>AddSaasUsersStripe</c> registers one; without a container, pass the table's repositories).</summary>
    /// <param name="repositories">The SaasUsers repositories and their table.</param>
    /// <param name="options">The options; checked here as at start-up.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <param name="timeProvider">The clock for the signature's tolerance and the records' times; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are not valid (the message says which and why).</exception>
    public StripeWebhookProcessor(
        SaasUsersRepositories repositories,
        StripeWebhookOptions options,
        ILogger<StripeWebhookProcessor>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        ArgumentNullException.ThrowIfNull(options);
        var validation = new StripeWebhookOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        _table = repositories.Table;
        _users = repositories.Users;
        _organizations = repositories.Organizations;
        _subscriptions = repositories.Subscriptions;
        _payments = repositories.CheckoutPayments;
        _options = options;
        _verifier = new StripeSignatureVerifier(options.WebhookSecrets.ToArray(), options.SignatureTolerance);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Verifies one delivery's signature and applies its event. A refused signature or payload writes nothing and
    /// is not <see cref="StripeWebhookResult.Acknowledged"/> (answer 400); every other outcome is (answer 200).
    /// Failures of DynamoDB propagate (answer 500, and Stripe delivers the event again).
    /// </summary>
    /// <param name="payload">The request body, exactly as received (the signature covers these bytes).</param>
    /// <param name="signatureHeader">The <c>Stripe-Signature</c> header, or <see langword="null"/> when there is none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What processing did.</returns>
    public async Task<StripeWebhookResult> ProcessAsync(ReadOnlyMemory<byte> payload, string? signatureHeader, CancellationToken cancellationToken = default)
    {
        var check = _verifier.Verify(payload.Span, signatureHeader, _timeProvider.GetUtcNow());
        if (check != StripeSignatureCheck.Valid)
        {
            var name = check switch
            {
                StripeSignatureCheck.Missing => "missing",
                StripeSignatureCheck.Malformed => "malformed",
                StripeSignatureCheck.Mismatch => "not made with a configured secret",
                _ => "outside the tolerance of " + _options.SignatureTolerance,
            };
            StripeLog.SignatureRefused(_logger, name);
            return Finish(new StripeWebhookResult(StripeWebhookOutcome.InvalidSignature, null, null, "The signature is " + name + "."));
        }

        if (Parse(payload.Span) is not { } stripeEvent)
        {
            const string reason = "the body is not a Stripe event (id, type, created and data.object are required)";
            StripeLog.PayloadRefused(_logger, reason);
            return Finish(new StripeWebhookResult(StripeWebhookOutcome.InvalidPayload, null, null, "The body is not a Stripe event."));
        }

        StripeWebhookResult result;
        try
        {
            result = stripeEvent.Type switch
            {
                "checkout.session.completed" or "checkout.session.async_payment_succeeded" or "checkout.session.async_payment_failed"
                    => await CheckoutAsync(stripeEvent, cancellationToken).ConfigureAwait(false),
                "customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted"
                    or "customer.subscription.paused" or "customer.subscription.resumed" or "customer.subscription.trial_will_end"
                    => await SubscriptionAsync(stripeEvent, cancellationToken).ConfigureAwait(false),
                "invoice.paid" or "invoice.payment_failed"
                    => await InvoiceAsync(stripeEvent, cancellationToken).ConfigureAwait(false),
                "customer.created" or "customer.updated"
                    => await CustomerAsync(stripeEvent, cancellationToken).ConfigureAwait(false),
                "charge.refunded"
                    => await RefundAsync(stripeEvent, cancellationToken).ConfigureAwait(false),
                _ => await RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Ignored, null, "The event type is not handled.", cancellationToken).ConfigureAwait(false),
            };
        }
        catch (JsonException)
        {
            const string reason = "the event's object does not have the shape of its type";
            StripeLog.PayloadRefused(_logger, reason);
            return Finish(new StripeWebhookResult(StripeWebhookOutcome.InvalidPayload, stripeEvent.Id, stripeEvent.Type, "The event's object does not have the shape of its type."));
        }

        switch (result.Outcome)
        {
            case StripeWebhookOutcome.Orphaned:
                StripeLog.Orphaned(_logger, stripeEvent.Id, stripeEvent.Type, result.Detail);
                break;
            case StripeWebhookOutcome.Conflict:
                StripeLog.Conflict(_logger, stripeEvent.Id, stripeEvent.Type, result.Detail);
                break;
            case StripeWebhookOutcome.Ignored:
                StripeLog.Ignored(_logger, stripeEvent.Id, stripeEvent.Type);
                break;
            default:
                StripeLog.Processed(_logger, stripeEvent.Id, stripeEvent.Type, result.Outcome, result.Detail);
                break;
        }

        return Finish(result);
    }

    private static StripeWebhookResult Finish(StripeWebhookResult result)
    {
        StripeMetrics.Count(result.EventType, result.Outcome);
        return result;
    }

    /// <summary>Reads the envelope; <see langword="null"/> when the body is not an event.</summary>
    private static StripeEvent? Parse(ReadOnlySpan<byte> payload)
    {
        StripeEventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(payload, StripeJsonContext.Default.StripeEventEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }

        if (envelope is not { Id: { Length: > 0 } id, Type: { Length: > 0 } type, Created: > 0, Data.Object.ValueKind: JsonValueKind.Object }
            || envelope.Object is not (null or "event")
            || envelope.Created > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        return new StripeEvent(id, type, DateTimeOffset.FromUnixTimeSeconds(envelope.Created), envelope.Livemode, envelope.Data!.Object.Clone());
    }

    private StripeEventRecord Record(StripeEvent stripeEvent, StripeWebhookOutcome outcome, BillingAccount? account, string detail)
    {
        var now = _timeProvider.GetUtcNow();
        return new StripeEventRecord
        {
            EventId = stripeEvent.Id,
            EventType = stripeEvent.Type,
            EventAt = stripeEvent.CreatedAt,
            Livemode = stripeEvent.Livemode,
            Outcome = outcome,
            AccountKind = account?.StoredKind,
            AccountId = account?.Id,
            Detail = detail,
            ProcessedAt = now,
            ExpiresAt = now + _options.EventRetention,
        };
    }

    /// <summary>The event's record, created in the transaction of its effect (fails it when the event was processed before).</summary>
    private Action<TransactionBuilder> RecordAlongside(StripeEvent stripeEvent, BillingAccount account, string detail)
    {
        var record = Record(stripeEvent, StripeWebhookOutcome.Applied, account, detail);
        return transaction => transaction.Create(record, RecordLabel);
    }

    /// <summary>Records an event that has no effect (one conditional <c>PutItem</c>); a record already there makes it a duplicate.</summary>
    private async Task<StripeWebhookResult> RecordAloneAsync(StripeEvent stripeEvent, StripeWebhookOutcome outcome, BillingAccount? account, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await _table.CreateAsync(Record(stripeEvent, outcome, account, detail), cancellationToken).ConfigureAwait(false);
            return new StripeWebhookResult(outcome, stripeEvent.Id, stripeEvent.Type, detail);
        }
        catch (ItemAlreadyExistsException)
        {
            return DuplicateOf(stripeEvent);
        }
    }

    private static StripeWebhookResult DuplicateOf(StripeEvent stripeEvent) =>
        new(StripeWebhookOutcome.Duplicate, stripeEvent.Id, stripeEvent.Type, "The event was processed before; nothing was written.");

    /// <summary>Whether a cancelled transaction failed because the event's record exists: the event is a duplicate.</summary>
    private static bool IsDuplicate(TransactionFailedException exception) =>
        exception.FailureOf(RecordLabel) is { Reason: TransactionFailureReason.ItemAlreadyExists };

    private Task<StripeWebhookResult> OrphanAsync(StripeEvent stripeEvent, BillingAccount? account, string detail, CancellationToken cancellationToken) =>
        RecordAloneAsync(stripeEvent, StripeWebhookOutcome.Orphaned, account, detail, cancellationToken);

    /// <summary>The orphan of an event whose account's write found no such account (never created, deleted, or being deleted).</summary>
    private Task<StripeWebhookResult> MissingAccountAsync(StripeEvent stripeEvent, BillingAccount account, CancellationToken cancellationToken) =>
        OrphanAsync(stripeEvent, account, $"The {account} does not exist or is being deleted.", cancellationToken);

    /// <summary>
    /// The account an object's metadata names: the organization (<see cref="StripeWebhookOptions.OrganizationIdMetadataKey"/>)
    /// before the user (<see cref="StripeWebhookOptions.UserIdMetadataKey"/>); <see langword="null"/> when it names neither.
    /// </summary>
    private BillingAccount? MetadataAccount(Dictionary<string, string?>? metadata) =>
        MetadataOrganization(metadata) ?? StripeAccounts.Named(BillingAccountKind.User, Value(metadata, _options.UserIdMetadataKey));

    /// <summary>The organization an object's metadata names, if any.</summary>
    private BillingAccount? MetadataOrganization(Dictionary<string, string?>? metadata) =>
        StripeAccounts.Named(BillingAccountKind.Organization, Value(metadata, _options.OrganizationIdMetadataKey));

    private static string? Value(Dictionary<string, string?>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>The account (a user or an organization) of a Stripe customer, from the stored link (<c>Query</c> of GSI2); <see langword="null"/> when none.</summary>
    private async Task<BillingAccount?> AccountOfCustomerAsync(string? customerId, CancellationToken cancellationToken)
    {
        if (customerId is null)
        {
            return null;
        }

        var customer = await _subscriptions.FindByProviderCustomerIdAsync(PaymentProvider, customerId, cancellationToken).ConfigureAwait(false);
        return customer?.Account;
    }

    private T Read<T>(StripeEvent stripeEvent, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        stripeEvent.Object.Deserialize(type) ?? throw new JsonException("The event's object is null.");
}
