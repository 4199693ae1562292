using System.Collections.Concurrent;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

// Three test classes (so three test collections, which xunit runs in parallel), each with its own table fixture.
// Each writes the same key with its own name as the value: with a shared table the writes would overwrite each other.

public sealed class ParallelTableTestsA(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public Task EachTestClass_HasItsOwnTable() => ParallelTables.WriteAndReadBackAsync(nameof(ParallelTableTestsA), table);
}

public sealed class ParallelTableTestsB(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public Task EachTestClass_HasItsOwnTable() => ParallelTables.WriteAndReadBackAsync(nameof(ParallelTableTestsB), table);
}

public sealed class ParallelTableTestsC(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public Task EachTestClass_HasItsOwnTable() => ParallelTables.WriteAndReadBackAsync(nameof(ParallelTableTestsC), table);
}

internal static class ParallelTables
{
    private const int ClassCount = 3;
    private static readonly ConcurrentDictionary<string, string> TableByClass = new();
    private static readonly ConcurrentDictionary<string, bool> Written = new();

    public static async Task WriteAndReadBackAsync(string testClass, DynamoDbTableFixture table)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Given: this class's table is not any other class's table
        TableByClass[testClass] = table.TableName;
        Assert.Single(TableByClass, entry => entry.Value == table.TableName);
        Assert.StartsWith($"t-{testClass}-", table.TableName, StringComparison.Ordinal);

        // When: every class writes the same key
        var key = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "PARALLEL" }, ["SK"] = new() { S = "OWNER" } };
        await table.Client.PutItemAsync(
            new PutItemRequest { TableName = table.TableName, Item = new(key) { ["Owner"] = new() { S = testClass } } },
            cancellationToken);
        Written[testClass] = true;

        // ... and, when the other classes run in this test run, they have written too (bounded wait: a filtered
        // run with one class does not wait long and does not fail for the others' absence)
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Written.Count < ClassCount && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        // Then: this table still holds this class's item, and no other table name was handed out twice
        var read = await table.Client.GetItemAsync(
            new GetItemRequest { TableName = table.TableName, Key = key, ConsistentRead = true },
            cancellationToken);
        Assert.Equal(testClass, read.Item["Owner"].S);
        Assert.Equal(TableByClass.Count, TableByClass.Values.Distinct(StringComparer.Ordinal).Count());
    }
}
