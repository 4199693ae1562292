using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Tests.Mapping.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>
/// <c>KeyTemplate.TryFormat</c> over the attributes <c>ToItem</c> stored gives exactly the keys the generated
/// code wrote, so partial updates can rebuild index keys from stored values.
/// </summary>
public sealed class KeyTemplateConsistencyTests
{
    [Fact]
    public void TryFormat_OverStoredAttributes_GivesTheWrittenKeys()
    {
        var random = new Random(11);
        string[] fragments = ["#", "%", "a", "日", "🎉", "x%23", " b"];
        string Fragmented() => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => fragments[random.Next(fragments.Length)])) + "z";

        for (var i = 0; i < 300; i++)
        {
            var entity = new RichEntity
            {
                Id = Fragmented(),
                CreatedAt = TestEntities.Created.AddMinutes(random.Next(-100_000, 100_000)),
                Sequence = random.Next(int.MinValue, int.MaxValue),
                Email = random.Next(3) == 0 ? null : Fragmented(),
                TenantId = random.Next(3) == 0 ? null : Guid.NewGuid(),
                Status = (Status)new[] { 0, 1, 10, 11 }[random.Next(4)],
                Reference = Guid.NewGuid(),
                Big = random.NextInt64(long.MinValue, long.MaxValue),
                Work = new Address("s", "c"),
            };

            AssertTemplatesMatch(RichEntity.Mapper, RichEntity.Mapper.ToItem(entity));
        }
    }

    [Fact]
    public void Templates_OfTheMapper_UseAttributeNamesAndEnumNames()
    {
        var mapper = RenamedKeyEntity.Mapper;
        Assert.Equal("U#{uid}", mapper.PartitionKey.Pattern);
        Assert.Equal("AT#{at}", mapper.SortKey.Pattern);
        Assert.Equal("U#{uid}", mapper.Indexes.Single().SortKey.Pattern);

        var withState = mapper.ToItem(new RenamedKeyEntity { UserId = "a#b", At = -5, State = Status.Paused });
        Assert.Equal("U#a%23b", withState["PK"].S);
        Assert.Equal("AT#-5", withState["SK"].S);
        Assert.Equal("STATE#Suspended", withState["GSI5PK"].S);
        AssertTemplatesMatch(mapper, withState);

        var withoutState = mapper.ToItem(new RenamedKeyEntity { UserId = "b", At = 1 });
        Assert.False(withoutState.ContainsKey("GSI5PK"));
        AssertTemplatesMatch(mapper, withoutState);

        AssertTemplatesMatch(PlanSubscription.Mapper, PlanSubscription.Mapper.ToItem(new PlanSubscription(Plan.Enterprise, Guid.NewGuid()) { LocalNote = "n" }));
        AssertTemplatesMatch(Membership.Mapper, Membership.Mapper.ToItem(new Membership { TenantName = "t#1", Region = "eu%", UserName = "u 🎉" }));
    }

    private static void AssertTemplatesMatch(EntityMapper mapper, Dictionary<string, AttributeValue> item)
    {
        Assert.True(mapper.PartitionKey.TryFormat(item, out var partitionKey));
        Assert.Equal(item[ItemAttributeNames.PartitionKey].S, partitionKey);
        Assert.True(mapper.SortKey.TryFormat(item, out var sortKey));
        Assert.Equal(item[ItemAttributeNames.SortKey].S, sortKey);

        foreach (var index in mapper.Indexes)
        {
            var formatted = index.PartitionKey.TryFormat(item, out var indexPartition) & index.SortKey.TryFormat(item, out var indexSort);
            if (item.TryGetValue(index.PartitionKeyAttribute, out var storedPartition))
            {
                Assert.True(formatted, $"{index.IndexName} was written but its template cannot be formatted.");
                Assert.Equal(storedPartition.S, indexPartition);
                Assert.Equal(item[index.SortKeyAttribute].S, indexSort);
            }
            else
            {
                Assert.False(formatted, $"{index.IndexName} was not written (sparse) but its template formats.");
                Assert.False(item.ContainsKey(index.SortKeyAttribute));
            }
        }
    }
}
