using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Repositories;
using SaasUsers.Data.Validation;

namespace SaasUsers.Data;

/// <summary>
/// The conditional upsert that applies a <see cref="SubscriptionChange"/>: it writes the whole reported state
/// when no subscription is stored, or when the stored one comes from an older event and may change into the
/// reported status. Used alone (webhooks) and inside the checkout payment transaction.
/// </summary>
internal sealed class SubscriptionUpsert
{
    private static readonly string[] OptionalAttributes =
    [
        Subscription.Fields.PriceId.AttributeName,
        Subscription.Fields.Price.AttributeName,
        Subscription.Fields.CurrentPeriodEnd.AttributeName,
        Subscription.Fields.ProviderSubscriptionId.AttributeName,
        Subscription.Fields.ProviderCustomerId.AttributeName,
        ItemAttributeNames.IndexPartitionKey(2),
        ItemAttributeNames.IndexSortKey(2),
        ItemAttributeNames.IndexPartitionKey(3),
        ItemAttributeNames.IndexSortKey(3),
    ];

    private SubscriptionUpsert(SubscriptionChange change, PrimaryKey key, string updateExpression, string conditionExpression, ExpressionAttributes attributes)
    {
        Change = change;
        Key = key;
        UpdateExpression = updateExpression;
        ConditionExpression = conditionExpression;
        Attributes = attributes;
    }

    public SubscriptionChange Change { get; }

    public PrimaryKey Key { get; }

    public string UpdateExpression { get; }

    public string ConditionExpression { get; }

    public ExpressionAttributes Attributes { get; }

    /// <summary>Validates the change and renders the upsert.</summary>
    public static SubscriptionUpsert Create(SubscriptionChange change, DateTimeOffset now, string paramName)
    {
        ArgumentNullException.ThrowIfNull(change, paramName);
        var reported = new Subscription
        {
            UserId = InputRules.Id(change.UserId, nameof(change.UserId)),
            SubscriptionId = InputRules.Id(change.SubscriptionId, nameof(change.SubscriptionId)),
            PaymentProvider = InputRules.Provider(change.PaymentProvider, nameof(change.PaymentProvider)),
            PlanId = InputRules.Id(change.PlanId, nameof(change.PlanId)),
            PriceId = change.PriceId is null ? null : InputRules.Id(change.PriceId, nameof(change.PriceId)),
            Price = change.Price is null ? null : new Money(
                InputRules.Amount(change.Price.AmountMinor, nameof(change.Price) + "." + nameof(Money.AmountMinor)),
                InputRules.Currency(change.Price.Currency, nameof(change.Price) + "." + nameof(Money.Currency))),
            PriceInterval = InputRules.Defined(change.PriceInterval, nameof(change.PriceInterval)),
            Status = InputRules.Defined(change.Status, nameof(change.Status)),
            CurrentPeriodEnd = change.CurrentPeriodEnd,
            CancelAtPeriodEnd = change.CancelAtPeriodEnd,
            ProviderSubscriptionId = change.ProviderSubscriptionId is null ? null : InputRules.Id(change.ProviderSubscriptionId, nameof(change.ProviderSubscriptionId)),
            ProviderCustomerId = change.ProviderCustomerId is null ? null : InputRules.Id(change.ProviderCustomerId, nameof(change.ProviderCustomerId)),
            LastEventAt = InputRules.Timestamp(change.EventAt, nameof(change.EventAt)),
            CreatedAt = now,
            UpdatedAt = now,
        };

        var item = Subscription.Mapper.ToItem(reported);
        var attributes = new ExpressionAttributes();
        var createdAt = Subscription.Fields.CreatedAt.AttributeName;
        var version = Subscription.Fields.Version.AttributeName;
        var sets = new List<string>();
        foreach (var (name, value) in item)
        {
            if (name is ItemAttributeNames.PartitionKey or ItemAttributeNames.SortKey || name == createdAt || name == version)
            {
                continue;
            }

            sets.Add(attributes.Name(name) + " = " + attributes.Value(value));
        }

        // First write wins the creation time; every write bumps the version.
        sets.Add($"{attributes.Name(createdAt)} = if_not_exists({attributes.Name(createdAt)}, {attributes.Value(item[createdAt])})");
        sets.Add($"{attributes.Name(version)} = if_not_exists({attributes.Name(version)}, {attributes.Value(new AttributeValue { N = "0" })}) + {attributes.Value(new AttributeValue { N = "1" })}");
        var removes = OptionalAttributes.Where(a => !item.ContainsKey(a)).Select(attributes.Name).ToArray();
        var update = "SET " + string.Join(", ", sets) + (removes.Length > 0 ? " REMOVE " + string.Join(", ", removes) : string.Empty);

        var allowedFrom = SubscriptionTransitions.AllowedFrom(reported.Status)
            .Select(s => attributes.Value(Subscription.Fields.Status.ToAttributeValue(s)!));
        var condition =
            $"attribute_not_exists({attributes.Name(ItemAttributeNames.PartitionKey)}) OR (" +
            $"{attributes.Name(ItemAttributeNames.EntityType)} = {attributes.Value(new AttributeValue { S = Subscription.Mapper.EntityType })} AND " +
            $"{attributes.Name(Subscription.Fields.LastEventAt.AttributeName)} < {attributes.Value(item[Subscription.Fields.LastEventAt.AttributeName])} AND " +
            $"{attributes.Name(Subscription.Fields.Status.AttributeName)} IN ({string.Join(", ", allowedFrom)}))";

        return new SubscriptionUpsert(change, Subscription.Mapper.GetKey(reported), update, condition, attributes);
    }

    /// <summary>The upsert as a prepared write, sent alone or inside a transaction.</summary>
    public WriteAction ToWriteAction(string? label = null) =>
        WriteAction.CustomUpdate<Subscription>(Key, UpdateExpression, ConditionExpression, Attributes, label);

    /// <summary>Explains why the upsert's condition failed, from the subscription as stored.</summary>
    public (SubscriptionChangeOutcome Outcome, string Reason) ExplainSkip(Subscription stored) =>
        stored.LastEventAt >= Change.EventAt
            ? (SubscriptionChangeOutcome.SkippedStale,
               $"The stored subscription comes from an event at {stored.LastEventAt:O}, which is not older than this event at {Change.EventAt:O}.")
            : (SubscriptionChangeOutcome.SkippedTransitionNotAllowed,
               $"A subscription with status {stored.Status} cannot change to {Change.Status}.");
}
