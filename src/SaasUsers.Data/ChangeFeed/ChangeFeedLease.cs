namespace SaasUsers.Data;

/// <summary>
/// Which process reads the stream for a consumer name, and until when: at <c>FEED#{ConsumerName}</c> / <c>LEASE</c>.
/// Taken and renewed by a conditional write (only when it is free, expired, or already the writer's), so of several
/// processes running one <see cref="ChangeFeedOptions.ConsumerName"/> one reads and the others stand by.
/// </summary>
[DynamoEntity("FEED#{ConsumerName}", "LEASE", EntityType = "ChangeFeedLease")]
internal sealed partial record ChangeFeedLease
{
    public required string ConsumerName { get; init; }

    /// <summary>The holder: one consumer instance (host, process and a random part).</summary>
    public required string Owner { get; init; }

    /// <summary>When the lease lapses unless its holder renews it (by the holder's clock).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
