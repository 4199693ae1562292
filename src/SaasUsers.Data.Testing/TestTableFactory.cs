using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Creates and deletes the tables the fixtures hand out: string keys <c>PK</c>/<c>SK</c>, on-demand billing, and
/// global secondary indexes <c>GSI1</c>..<c>GSI3</c> (keys <c>GSI{n}PK</c>/<c>GSI{n}SK</c>, all attributes projected).
/// </summary>
/// <remarks>
/// The one place that knows the test table's layout. It stands in for the package's table provisioner and will be
/// replaced by it, so nothing outside the fixtures calls it.
/// </remarks>
internal static class TestTableFactory
{
    /// <summary>The number of global secondary indexes, <c>GSI1</c>..<c>GSI{IndexCount}</c>.</summary>
    public const int IndexCount = 3;

    private const int MaxHintLength = 48;
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A fresh table name <c>t-&lt;hint&gt;-&lt;8 hex digits&gt;</c>: the hint (e.g. the test class) reduced to
    /// DynamoDB's table name characters <c>[a-zA-Z0-9_.-]</c> and at most 48 of them, so the name stays within 3..255.
    /// </summary>
    public static string NewTableName(string? hint)
    {
        var chars = (hint ?? string.Empty)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-')
            .Take(MaxHintLength)
            .ToArray();
        var cleaned = new string(chars).Trim('-', '.');
        var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        return cleaned.Length == 0 ? $"t-{random}" : $"t-{cleaned}-{random}";
    }

    /// <summary>Creates the table and waits until it and its indexes are ACTIVE.</summary>
    public static async Task CreateAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)],
            KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
            GlobalSecondaryIndexes = [],
        };
        for (var n = 1; n <= IndexCount; n++)
        {
            request.AttributeDefinitions.Add(new($"GSI{n}PK", ScalarAttributeType.S));
            request.AttributeDefinitions.Add(new($"GSI{n}SK", ScalarAttributeType.S));
            request.GlobalSecondaryIndexes.Add(new GlobalSecondaryIndex
            {
                IndexName = $"GSI{n}",
                KeySchema = [new($"GSI{n}PK", KeyType.HASH), new($"GSI{n}SK", KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            });
        }

        await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        await WaitUntilActiveAsync(client, tableName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the table.</summary>
    public static Task DeleteAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        return client.DeleteTableAsync(new DeleteTableRequest { TableName = tableName }, cancellationToken);
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ActiveTimeout);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            TableDescription table;
            try
            {
                table = (await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, timeout.Token).ConfigureAwait(false)).Table;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Table {tableName} was not ACTIVE within {ActiveTimeout.TotalSeconds:0} seconds.");
            }

            var indexesActive = (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive)
            {
                return;
            }

            try
            {
                await Task.Delay(delay, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Table {tableName} was not ACTIVE within {ActiveTimeout.TotalSeconds:0} seconds (last status {table.TableStatus}).");
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
