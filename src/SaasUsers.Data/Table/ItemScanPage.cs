using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>One page of an <see cref="ItemScan"/>: items as stored.</summary>
public sealed class ItemScanPage
{
    /// <summary>Creates a page.</summary>
    public ItemScanPage(IReadOnlyList<Dictionary<string, AttributeValue>> items, PrimaryKey? lastKey, int scannedCount, double consumedCapacityUnits)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        LastKey = lastKey;
        ScannedCount = scannedCount;
        ConsumedCapacityUnits = consumedCapacityUnits;
    }

    /// <summary>The items of the page that passed the entity type filter, as stored.</summary>
    public IReadOnlyList<Dictionary<string, AttributeValue>> Items { get; }

    /// <summary>Where the next page starts (<see cref="ItemScan.StartAfter"/>), or <see langword="null"/> when the segment is done.</summary>
    public PrimaryKey? LastKey { get; }

    /// <summary>How many items DynamoDB read for the page, before filtering.</summary>
    public int ScannedCount { get; }

    /// <summary>The read capacity the page consumed, as DynamoDB reported it (estimated from the item sizes when it reports none, as DynamoDB Local does).</summary>
    public double ConsumedCapacityUnits { get; }
}
