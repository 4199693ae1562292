using System.Net;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>
/// What DynamoDB Local cannot show (it keeps one open shard): a shard that closes and has a child, and iterators that
/// expire. The records are real ones, read from DynamoDB Local's stream; a Streams client of the test's spreads them
/// over a closed parent shard and its open child, lists the child first, and expires an iterator on the way.
/// </summary>
public sealed class ShardTopologyTests : IClassFixture<StreamTableFixture>
{
    private readonly StreamTableFixture _table;

    public ShardTopologyTests(StreamTableFixture table) => _table = table;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ParentShardIsReadToItsEndBeforeItsChild_AnExpiredIteratorIsRenewedFromTheCheckpoint_AndTheFinishedShardsMarkIsDropped()
    {
        // Given real records: sign-ups, and subscriptions whose counters are running totals (they mark TOTAL items)
        IReadOnlyList<StreamChangeRecord> records;
        await using (var writer = _table.CreateFeedServices())
        {
            var users = writer.GetRequiredService<IUserRepository>();
            var subscriptions = writer.GetRequiredService<ISubscriptionRepository>();
            for (var i = 0; i < 6; i++)
            {
                var id = "topo-" + i;
                await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com" }, Cancel);
                await subscriptions.ApplyChangeAsync(new SubscriptionChange
                {
                    UserId = id, SubscriptionId = "sub-" + id, PaymentProvider = "stripe", PlanId = "pro",
                    Status = SubscriptionStatus.Active, Price = new Money(1000, "EUR"), EventAt = DateTimeOffset.UtcNow,
                }, Cancel);
            }

            records = await ReadRealRecordsAsync(writer.GetRequiredService<TableStreamClient>());
        }

        Assert.True(records.Count >= 12);
        var half = records.Count / 2;
        var streams = new SplitShardStreams(("shardId-parent", null, records.Take(half).ToArray(), true), ("shardId-child", "shardId-parent", records.Skip(half).ToArray(), false))
        {
            ExpireOnceAtRead = 3, // the child's second page: its iterator has expired
        };
        var handler = new RecordingHandler();
        await using var services = _table.CreateFeedServices(
            o =>
            {
                o.ConsumerName = "topology";
                o.BatchSize = 2;
            },
            s =>
            {
                s.Replace(ServiceDescriptor.Singleton<TableStreamClient>(streams));
                s.AddSingleton<ITableChangeHandler>(handler);
            });

        // When the consumer catches up
        var delivered = await services.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel);

        // Then every record came once and in order: all of the parent's before any of the child's
        Assert.Equal(records.Select(r => r.SequenceNumber), handler.Changes.Select(c => c.SequenceNumber));
        Assert.Equal(records.Count, delivered);
        Assert.Equal(1, streams.Expired);

        // And the expired iterator was renewed after the last checkpointed record, not from the start
        Assert.Contains(("shardId-child", ShardIteratorPosition.AfterSequenceNumber), streams.IteratorRequests);
        Assert.DoesNotContain(("shardId-parent", ShardIteratorPosition.AfterSequenceNumber), streams.IteratorRequests);

        // And the parent is checkpointed as finished, the child where it was read to
        var table = services.GetRequiredService<IEntityTable>();
        var parent = await table.GetAsync<StreamCheckpoint>(StreamCheckpoint.CreateKey("topology", "shardId-parent"), consistentRead: true, Cancel);
        var child = await table.GetAsync<StreamCheckpoint>(StreamCheckpoint.CreateKey("topology", "shardId-child"), consistentRead: true, Cancel);
        Assert.Equal((true, records[half - 1].SequenceNumber), (parent!.Finished, parent.SequenceNumber));
        Assert.Equal((false, records[^1].SequenceNumber), (child!.Finished, child.SequenceNumber));

        // And the stats dropped the finished parent's redelivery mark from its running-total item, and kept the child's
        var totals = await TotalItemsAsync();
        Assert.DoesNotContain(totals, t => t.ContainsKey("w:shardId-parent"));
        Assert.Contains(totals, t => t.ContainsKey("w:shardId-child"));

        // And a second catch-up reads nothing again
        handler.OnBatch = (_, _) => throw new InvalidOperationException("nothing should be delivered again");
        Assert.Equal(0, await services.GetRequiredService<ChangeFeedConsumer>().CatchUpAsync(Cancel));
    }

    private async Task<IReadOnlyList<StreamChangeRecord>> ReadRealRecordsAsync(TableStreamClient client)
    {
        var arn = (await _table.Client.DescribeTableAsync(_table.TableName, Cancel)).Table.LatestStreamArn;
        var result = new List<StreamChangeRecord>();
        foreach (var shard in await client.ListShardsAsync(arn, Cancel))
        {
            var iterator = await client.GetShardIteratorAsync(arn, shard.ShardId, ShardIteratorPosition.TrimHorizon, null, Cancel);
            while (iterator is not null)
            {
                var page = await client.GetRecordsAsync(iterator, 1000, Cancel);
                result.AddRange(page.Records.Where(r => r.Keys["PK"].S is { } pk && pk.Contains("topo-", StringComparison.Ordinal)));
                iterator = page.Records.Count == 0 ? null : page.NextShardIterator;
            }
        }

        return result;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> TotalItemsAsync()
    {
        var response = await _table.Client.QueryAsync(new QueryRequest
        {
            TableName = _table.TableName,
            KeyConditionExpression = "PK = :pk AND begins_with(SK, :total)",
            ExpressionAttributeValues = new() { [":pk"] = new() { S = "STATS#ALL" }, [":total"] = new() { S = "TOTAL#" } },
            ConsistentRead = true,
        }, Cancel);
        return response.Items;
    }

    /// <summary>A Streams API with the given shards (child listed first), iterators "shard:index", one expiry on request.</summary>
    private sealed class SplitShardStreams : TableStreamClient
    {
        private readonly Dictionary<string, (string? Parent, StreamChangeRecord[] Records, bool Closed)> _shards;
        private int _reads;

        public SplitShardStreams(params (string Id, string? Parent, StreamChangeRecord[] Records, bool Closed)[] shards) =>
            _shards = shards.ToDictionary(s => s.Id, s => (s.Parent, s.Records, s.Closed), StringComparer.Ordinal);

        public int ExpireOnceAtRead { get; init; } = -1;

        public int Expired { get; private set; }

        public List<(string ShardId, ShardIteratorPosition Position)> IteratorRequests { get; } = [];

        public override Task<IReadOnlyList<StreamShard>> ListShardsAsync(string streamArn, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StreamShard>>(_shards
                .Reverse()
                .Select(s => new StreamShard(s.Key, s.Value.Parent, s.Value.Records[0].SequenceNumber, s.Value.Closed ? s.Value.Records[^1].SequenceNumber : null))
                .ToArray());

        public override Task<string> GetShardIteratorAsync(string streamArn, string shardId, ShardIteratorPosition position, string? sequenceNumber = null, CancellationToken cancellationToken = default)
        {
            IteratorRequests.Add((shardId, position));
            var records = _shards[shardId].Records;
            var index = position == ShardIteratorPosition.AfterSequenceNumber
                ? Array.FindIndex(records, r => r.SequenceNumber == sequenceNumber) + 1
                : 0;
            return Task.FromResult($"{shardId}:{index}");
        }

        public override Task<StreamRecordsPage> GetRecordsAsync(string shardIterator, int? limit = null, CancellationToken cancellationToken = default)
        {
            var shardId = shardIterator[..shardIterator.LastIndexOf(':')];
            var index = int.Parse(shardIterator[(shardIterator.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            if (shardId == "shardId-child" && ++_reads == ExpireOnceAtRead - 1 && Expired == 0)
            {
                Expired++;
                throw new AwsServiceException("GetRecords", "ExpiredIteratorException", "Iterator expired.", HttpStatusCode.BadRequest);
            }

            var (_, records, closed) = _shards[shardId];
            var page = records.Skip(index).Take(limit ?? 1000).ToArray();
            var next = index + page.Length;
            return Task.FromResult(new StreamRecordsPage(page, closed && next >= records.Length ? null : $"{shardId}:{next}"));
        }
    }
}
