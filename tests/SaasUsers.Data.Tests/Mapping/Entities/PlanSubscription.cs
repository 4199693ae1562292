namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>
/// A class built through its constructor (no parameterless one), with a get-only property mapped through the
/// constructor, an enum in the partition key, a required ignored member, and a version copied by construction.
/// </summary>
[DynamoEntity("PLAN#{Plan}", "SUB#{SubscriptionId}", EntityType = "MappingTests.Subscription")]
public sealed partial class PlanSubscription
{
    public PlanSubscription(Plan plan, Guid subscriptionId)
    {
        Plan = plan;
        SubscriptionId = subscriptionId;
    }

    public Plan Plan { get; }

    public Guid SubscriptionId { get; }

    public int Seats { get; init; }

    [DynamoVersion]
    public int Version { get; private set; }

    [DynamoIgnore]
    public required string LocalNote { get; init; }
}

public enum Plan : byte
{
    Free,
    Pro,
    Enterprise,
}
