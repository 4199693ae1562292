using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Benchmarks.HandWritten;

/// <summary>
/// The baselines: mapping written by hand against the low-level SDK, as a careful engineer would write it for
/// this table. It stores exactly the attributes the generated mapper stores (a check at start-up compares the
/// items), with a pre-sized dictionary and an initializer, string concatenation for keys, the indexer for
/// required attributes and <c>TryGetValue</c> for optional ones. How values (timestamps, enums) are turned into
/// text and back is <typeparamref name="TValues"/>: <see cref="PlainValues"/> (the framework's one-liners, the
/// <c>hand-written</c> contender) or <see cref="TunedValues"/> (what an engineer who profiled writes, the
/// <c>tuned hand-written</c> contender). <typeparamref name="TValues"/> is a struct, so the JIT compiles one
/// specialised copy of this class per codec and inlines its calls: the only difference between the two
/// contenders is the value code.
/// </summary>
/// <remarks>
/// What it leaves out and the library does: key components are not validated or escaped (an id holding
/// <c>#</c> would forge another key), key sizes are not checked, a missing or mistyped attribute is a
/// <see cref="KeyNotFoundException"/> or <see cref="NullReferenceException"/> rather than an error naming the
/// attribute, and <c>NULL</c> attributes are not treated as absent.
/// </remarks>
/// <typeparam name="TValues">How timestamps and enums are written and read.</typeparam>
public static class HandWrittenMapping<TValues>
    where TValues : struct, IHandWrittenValues
{
    // ---- User -------------------------------------------------------------------------------------------------

    /// <summary>User to item.</summary>
    public static Dictionary<string, AttributeValue> ToItem(User user)
    {
        var createdAt = TValues.Timestamp(user.CreatedAt);
        var metadata = new Dictionary<string, AttributeValue>(user.Metadata.Count);
        foreach (var (key, value) in user.Metadata)
        {
            metadata[key] = new AttributeValue { S = value };
        }

        var item = new Dictionary<string, AttributeValue>(22)
        {
            ["PK"] = new() { S = "USER#" + user.UserId },
            ["SK"] = new() { S = "USER" },
            ["_type"] = new() { S = "User" },
            ["GSI1PK"] = new() { S = "EMAIL#" + user.NormalizedEmail },
            ["GSI1SK"] = new() { S = "USER" },
            ["GSI3PK"] = new() { S = "SIGNUP#" + user.SignUpMonth },
            ["GSI3SK"] = new() { S = createdAt + "#" + user.UserId },
            ["UserId"] = new() { S = user.UserId },
            ["Email"] = new() { S = user.Email },
            ["NormalizedEmail"] = new() { S = user.NormalizedEmail },
            ["Status"] = new() { S = TValues.Name(user.Status) },
            ["Metadata"] = new() { M = metadata },
            ["CreatedAt"] = new() { S = createdAt },
            ["SignUpMonth"] = new() { S = user.SignUpMonth },
            ["UpdatedAt"] = new() { S = TValues.Timestamp(user.UpdatedAt) },
            ["Version"] = new() { N = user.Version.ToString(CultureInfo.InvariantCulture) },
        };
        if (user.DisplayName is not null)
        {
            item["DisplayName"] = new() { S = user.DisplayName };
        }

        if (user.PaymentProvider is not null)
        {
            item["PaymentProvider"] = new() { S = user.PaymentProvider };
        }

        if (user.ProviderCustomerId is not null)
        {
            item["ProviderCustomerId"] = new() { S = user.ProviderCustomerId };
        }

        if (user.PaymentProvider is not null && user.ProviderCustomerId is not null)
        {
            item["GSI2PK"] = new() { S = "CUSTOMER#" + user.PaymentProvider + "#" + user.ProviderCustomerId };
            item["GSI2SK"] = new() { S = "USER" };
        }

        return item;
    }

    /// <summary>Item to user.</summary>
    public static User ToUser(Dictionary<string, AttributeValue> item)
    {
        var storedMetadata = item.TryGetValue("Metadata", out var m) ? m.M : null;
        var metadata = new Dictionary<string, string>(storedMetadata?.Count ?? 0, StringComparer.Ordinal);
        if (storedMetadata is not null)
        {
            foreach (var (key, value) in storedMetadata)
            {
                metadata[key] = value.S;
            }
        }

        return new User
        {
            UserId = item["UserId"].S,
            Email = item["Email"].S,
            NormalizedEmail = item["NormalizedEmail"].S,
            DisplayName = item.TryGetValue("DisplayName", out var displayName) ? displayName.S : null,
            Status = TValues.ParseUserStatus(item["Status"].S),
            PaymentProvider = item.TryGetValue("PaymentProvider", out var provider) ? provider.S : null,
            ProviderCustomerId = item.TryGetValue("ProviderCustomerId", out var customer) ? customer.S : null,
            Metadata = metadata,
            CreatedAt = TValues.ParseTimestamp(item["CreatedAt"].S),
            SignUpMonth = item["SignUpMonth"].S,
            UpdatedAt = TValues.ParseTimestamp(item["UpdatedAt"].S),
            Version = long.Parse(item["Version"].N, CultureInfo.InvariantCulture),
        };
    }

    // ---- Subscription -----------------------------------------------------------------------------------------

    /// <summary>Subscription to item.</summary>
    public static Dictionary<string, AttributeValue> ToItem(Subscription subscription)
    {
        var sortKey = "SUB#" + subscription.SubscriptionId;
        var item = new Dictionary<string, AttributeValue>(22)
        {
            ["PK"] = new() { S = subscription.AccountKind + "#" + subscription.AccountId },
            ["SK"] = new() { S = sortKey },
            ["_type"] = new() { S = "Subscription" },
            ["SubscriptionId"] = new() { S = subscription.SubscriptionId },
            ["AccountKind"] = new() { S = subscription.AccountKind },
            ["AccountId"] = new() { S = subscription.AccountId },
            ["PlanId"] = new() { S = subscription.PlanId },
            ["Status"] = new() { S = TValues.Name(subscription.Status) },
            ["PriceInterval"] = new() { S = TValues.Name(subscription.PriceInterval) },
            ["CancelAtPeriodEnd"] = new() { BOOL = subscription.CancelAtPeriodEnd },
            ["PaymentProvider"] = new() { S = subscription.PaymentProvider },
            ["LastEventAt"] = new() { S = TValues.Timestamp(subscription.LastEventAt) },
            ["CreatedAt"] = new() { S = TValues.Timestamp(subscription.CreatedAt) },
            ["UpdatedAt"] = new() { S = TValues.Timestamp(subscription.UpdatedAt) },
            ["Version"] = new() { N = subscription.Version.ToString(CultureInfo.InvariantCulture) },
        };
        if (subscription.PriceId is not null)
        {
            item["PriceId"] = new() { S = subscription.PriceId };
        }

        if (subscription.CurrentPeriodEnd is { } periodEnd)
        {
            item["CurrentPeriodEnd"] = new() { S = TValues.Timestamp(periodEnd) };
        }

        if (subscription.ProviderCustomerId is not null)
        {
            item["ProviderCustomerId"] = new() { S = subscription.ProviderCustomerId };
            item["GSI2PK"] = new() { S = "CUSTOMER#" + subscription.PaymentProvider + "#" + subscription.ProviderCustomerId };
            item["GSI2SK"] = new() { S = sortKey };
        }

        if (subscription.ProviderSubscriptionId is not null)
        {
            item["ProviderSubscriptionId"] = new() { S = subscription.ProviderSubscriptionId };
            item["GSI3PK"] = new() { S = "PROVIDERSUB#" + subscription.PaymentProvider + "#" + subscription.ProviderSubscriptionId };
            item["GSI3SK"] = new() { S = "SUB" };
        }

        return item;
    }

    /// <summary>Item to subscription.</summary>
    public static Subscription ToSubscription(Dictionary<string, AttributeValue> item) => new()
    {
        SubscriptionId = item["SubscriptionId"].S,
        AccountKind = item["AccountKind"].S,
        AccountId = item["AccountId"].S,
        PlanId = item["PlanId"].S,
        PriceId = item.TryGetValue("PriceId", out var price) ? price.S : null,
        Status = TValues.ParseSubscriptionStatus(item["Status"].S),
        PriceInterval = TValues.ParsePriceInterval(item["PriceInterval"].S),
        CurrentPeriodEnd = item.TryGetValue("CurrentPeriodEnd", out var periodEnd) ? TValues.ParseTimestamp(periodEnd.S) : null,
        CancelAtPeriodEnd = item["CancelAtPeriodEnd"].BOOL == true,
        PaymentProvider = item["PaymentProvider"].S,
        ProviderSubscriptionId = item.TryGetValue("ProviderSubscriptionId", out var providerSubscription) ? providerSubscription.S : null,
        ProviderCustomerId = item.TryGetValue("ProviderCustomerId", out var customer) ? customer.S : null,
        LastEventAt = TValues.ParseTimestamp(item["LastEventAt"].S),
        CreatedAt = TValues.ParseTimestamp(item["CreatedAt"].S),
        UpdatedAt = TValues.ParseTimestamp(item["UpdatedAt"].S),
        Version = long.Parse(item["Version"].N, CultureInfo.InvariantCulture),
    };

    // ---- CheckoutPayment --------------------------------------------------------------------------------------

    /// <summary>Payment to item.</summary>
    public static Dictionary<string, AttributeValue> ToItem(CheckoutPayment payment)
    {
        var createdAt = TValues.Timestamp(payment.CreatedAt);
        var item = new Dictionary<string, AttributeValue>(12)
        {
            ["PK"] = new() { S = payment.AccountKind + "#" + payment.AccountId },
            ["SK"] = new() { S = "PAY#" + createdAt + "#" + payment.CheckoutSessionId },
            ["_type"] = new() { S = "CheckoutPayment" },
            ["CheckoutSessionId"] = new() { S = payment.CheckoutSessionId },
            ["AccountKind"] = new() { S = payment.AccountKind },
            ["AccountId"] = new() { S = payment.AccountId },
            ["PaymentProvider"] = new() { S = payment.PaymentProvider },
            ["Amount"] = new()
            {
                M = new Dictionary<string, AttributeValue>(2)
                {
                    ["AmountMinor"] = new() { N = payment.Amount.AmountMinor.ToString(CultureInfo.InvariantCulture) },
                    ["Currency"] = new() { S = payment.Amount.Currency },
                },
            },
            ["Status"] = new() { S = TValues.Name(payment.Status) },
            ["CreatedAt"] = new() { S = createdAt },
        };
        if (payment.ProviderPaymentId is not null)
        {
            item["ProviderPaymentId"] = new() { S = payment.ProviderPaymentId };
        }

        if (payment.SubscriptionId is not null)
        {
            item["SubscriptionId"] = new() { S = payment.SubscriptionId };
        }

        return item;
    }

    /// <summary>Item to payment.</summary>
    public static CheckoutPayment ToPayment(Dictionary<string, AttributeValue> item)
    {
        var amount = item["Amount"].M;
        return new CheckoutPayment
        {
            CheckoutSessionId = item["CheckoutSessionId"].S,
            AccountKind = item["AccountKind"].S,
            AccountId = item["AccountId"].S,
            PaymentProvider = item["PaymentProvider"].S,
            ProviderPaymentId = item.TryGetValue("ProviderPaymentId", out var providerPayment) ? providerPayment.S : null,
            Amount = new Money(long.Parse(amount["AmountMinor"].N, CultureInfo.InvariantCulture), amount["Currency"].S),
            Status = TValues.ParsePaymentStatus(item["Status"].S),
            SubscriptionId = item.TryGetValue("SubscriptionId", out var subscription) ? subscription.S : null,
            CreatedAt = TValues.ParseTimestamp(item["CreatedAt"].S),
        };
    }

    // ---- a page of mixed items ----------------------------------------------------------------------------------

    /// <summary>Decodes one item by its stored <c>_type</c>; unknown types are skipped by the caller (null).</summary>
    public static object? Decode(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue("_type", out var type)
            ? type.S switch
            {
                "User" => ToUser(item),
                "Subscription" => ToSubscription(item),
                "CheckoutPayment" => ToPayment(item),
                _ => null,
            }
            : null;
}
