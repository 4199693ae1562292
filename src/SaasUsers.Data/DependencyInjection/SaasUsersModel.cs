namespace SaasUsers.Data;

/// <summary>The entity types this package stores; an application adds its own with <c>AddSaasUsersEntity&lt;T&gt;</c>.</summary>
public static class SaasUsersModel
{
    /// <summary>A model builder that already holds the package's entities.</summary>
    public static TableModelBuilder CreateBuilder() => new TableModelBuilder()
        .Add<User>()
        .Add<EmailLookup>()
        .Add<Subscription>()
        .Add<CheckoutPayment>()
        .Add<CheckoutRecord>()
        .Add<StreamCheckpoint>()
        .Add<ChangeFeedLease>()
        .Add<ActivityEntry>();

    /// <summary>
    /// Whether <paramref name="entityType"/> is one of the package's lookup items (the e-mail sentinel, the checkout
    /// idempotency record): items that exist for an entity and change with it.
    /// </summary>
    public static bool IsLookupEntityType(string entityType) =>
        entityType == EmailLookup.Mapper.EntityType || entityType == CheckoutRecord.Mapper.EntityType;

    /// <summary>Whether <paramref name="entityType"/> is an item the change feed writes (checkpoints, stats counters, activity entries).</summary>
    public static bool IsFeedEntityType(string entityType) =>
        entityType == StreamCheckpoint.Mapper.EntityType || entityType == ChangeFeedLease.Mapper.EntityType || entityType == DailyStatsItem.EntityType || entityType == ActivityEntry.Mapper.EntityType;

    /// <summary>The model of the package's own entities.</summary>
    public static TableModel Default { get; } = CreateBuilder().Build();
}
