using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaasUsers.Data.Stripe.Events;

// The fields of Stripe's objects the processor reads, and no more: an unknown field (a newer API version's) is
// ignored, and a field that moved between API versions is read from both places (see each type). Read with the
// source-generated StripeJsonContext: no reflection, Native AOT safe.

/// <summary>Stripe's event envelope.</summary>
internal sealed record StripeEventEnvelope
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("object")] public string? Object { get; init; }

    [JsonPropertyName("type")] public string? Type { get; init; }

    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("created")] public long Created { get; init; }

    [JsonPropertyName("api_version")] public string? ApiVersion { get; init; }

    [JsonPropertyName("livemode")] public bool Livemode { get; init; }

    [JsonPropertyName("data")] public StripeEventData? Data { get; init; }
}

/// <summary>The envelope's <c>data</c>: the object as it is after the event.</summary>
internal sealed record StripeEventData
{
    [JsonPropertyName("object")] public JsonElement Object { get; init; }
}

/// <summary>A checkout session (<c>checkout.session.*</c>).</summary>
internal sealed record StripeCheckoutSession
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary><c>payment</c>, <c>subscription</c> or <c>setup</c>.</summary>
    [JsonPropertyName("mode")] public string? Mode { get; init; }

    [JsonPropertyName("client_reference_id")] public string? ClientReferenceId { get; init; }

    [JsonPropertyName("customer"), JsonConverter(typeof(StripeIdConverter))] public string? Customer { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string?>? Metadata { get; init; }

    /// <summary><c>paid</c>, <c>unpaid</c> or <c>no_payment_required</c>.</summary>
    [JsonPropertyName("payment_status")] public string? PaymentStatus { get; init; }

    [JsonPropertyName("amount_total")] public long? AmountTotal { get; init; }

    [JsonPropertyName("currency")] public string? Currency { get; init; }

    [JsonPropertyName("payment_intent"), JsonConverter(typeof(StripeIdConverter))] public string? PaymentIntent { get; init; }

    [JsonPropertyName("subscription"), JsonConverter(typeof(StripeIdConverter))] public string? Subscription { get; init; }
}

/// <summary>A subscription (<c>customer.subscription.*</c>).</summary>
internal sealed record StripeSubscription
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("status")] public string? Status { get; init; }

    [JsonPropertyName("customer"), JsonConverter(typeof(StripeIdConverter))] public string? Customer { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string?>? Metadata { get; init; }

    [JsonPropertyName("cancel_at_period_end")] public bool CancelAtPeriodEnd { get; init; }

    /// <summary>On the subscription up to API version 2025-03-31.basil; on each item from then on.</summary>
    [JsonPropertyName("current_period_end")] public long? CurrentPeriodEnd { get; init; }

    [JsonPropertyName("items")] public StripeList<StripeSubscriptionItem>? Items { get; init; }
}

/// <summary>A list object (<c>{"object": "list", "data": [...]}</c>).</summary>
internal sealed record StripeList<T>
{
    [JsonPropertyName("data")] public List<T>? Data { get; init; }
}

/// <summary>A subscription item.</summary>
internal sealed record StripeSubscriptionItem
{
    [JsonPropertyName("price")] public StripePrice? Price { get; init; }

    /// <summary>How many of the price the subscription pays for: the seats of a per-seat price; absent for a metered price.</summary>
    [JsonPropertyName("quantity")] public long? Quantity { get; init; }

    /// <summary>From API version 2025-03-31.basil.</summary>
    [JsonPropertyName("current_period_end")] public long? CurrentPeriodEnd { get; init; }
}

/// <summary>A price.</summary>
internal sealed record StripePrice
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("product"), JsonConverter(typeof(StripeIdConverter))] public string? Product { get; init; }

    [JsonPropertyName("unit_amount")] public long? UnitAmount { get; init; }

    [JsonPropertyName("currency")] public string? Currency { get; init; }

    [JsonPropertyName("recurring")] public StripeRecurring? Recurring { get; init; }
}

/// <summary>A price's recurrence.</summary>
internal sealed record StripeRecurring
{
    /// <summary><c>day</c>, <c>week</c>, <c>month</c> or <c>year</c>.</summary>
    [JsonPropertyName("interval")] public string? Interval { get; init; }

    [JsonPropertyName("interval_count")] public long IntervalCount { get; init; } = 1;
}

/// <summary>An invoice (<c>invoice.*</c>).</summary>
internal sealed record StripeInvoice
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("customer"), JsonConverter(typeof(StripeIdConverter))] public string? Customer { get; init; }

    /// <summary>Up to API version 2025-03-31.basil; from then on <see cref="Parent"/>.</summary>
    [JsonPropertyName("subscription"), JsonConverter(typeof(StripeIdConverter))] public string? Subscription { get; init; }

    /// <summary>Up to API version 2025-03-31.basil (the subscription's metadata).</summary>
    [JsonPropertyName("subscription_details")] public StripeInvoiceSubscriptionDetails? SubscriptionDetails { get; init; }

    /// <summary>From API version 2025-03-31.basil.</summary>
    [JsonPropertyName("parent")] public StripeInvoiceParent? Parent { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string?>? Metadata { get; init; }

    [JsonPropertyName("amount_due")] public long AmountDue { get; init; }

    [JsonPropertyName("currency")] public string? Currency { get; init; }

    /// <summary>The subscription id, wherever the event's API version puts it.</summary>
    [JsonIgnore] public string? SubscriptionId => Parent?.SubscriptionDetails?.Subscription ?? Subscription;

    /// <summary>The subscription's metadata, wherever the event's API version puts it.</summary>
    [JsonIgnore] public Dictionary<string, string?>? SubscriptionMetadata => Parent?.SubscriptionDetails?.Metadata ?? SubscriptionDetails?.Metadata;
}

/// <summary>An invoice's parent (from API version 2025-03-31.basil).</summary>
internal sealed record StripeInvoiceParent
{
    [JsonPropertyName("subscription_details")] public StripeInvoiceSubscriptionDetails? SubscriptionDetails { get; init; }
}

/// <summary>The subscription an invoice bills.</summary>
internal sealed record StripeInvoiceSubscriptionDetails
{
    [JsonPropertyName("subscription"), JsonConverter(typeof(StripeIdConverter))] public string? Subscription { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>A customer (<c>customer.created</c>, <c>customer.updated</c>).</summary>
internal sealed record StripeCustomer
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>A charge (<c>charge.refunded</c>).</summary>
internal sealed record StripeCharge
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("payment_intent"), JsonConverter(typeof(StripeIdConverter))] public string? PaymentIntent { get; init; }

    [JsonPropertyName("amount")] public long Amount { get; init; }

    /// <summary>The total refunded so far (all refunds of the charge, not the latest one's amount).</summary>
    [JsonPropertyName("amount_refunded")] public long AmountRefunded { get; init; }

    [JsonPropertyName("currency")] public string? Currency { get; init; }

    /// <summary>Whether the whole amount is refunded.</summary>
    [JsonPropertyName("refunded")] public bool Refunded { get; init; }
}

/// <summary>Reads a field Stripe sends as an id, or as the expanded object with its <c>id</c>.</summary>
internal sealed class StripeIdConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartObject:
                string? id = null;
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    if (document.RootElement.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        id = value.GetString();
                    }
                }

                return id;
            default:
                throw new JsonException($"Expected an id or an object, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>The source-generated serializer context of the Stripe models.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(StripeEventEnvelope))]
[JsonSerializable(typeof(StripeCheckoutSession))]
[JsonSerializable(typeof(StripeSubscription))]
[JsonSerializable(typeof(StripeInvoice))]
[JsonSerializable(typeof(StripeCustomer))]
[JsonSerializable(typeof(StripeCharge))]
internal sealed partial class StripeJsonContext : JsonSerializerContext
{
}
