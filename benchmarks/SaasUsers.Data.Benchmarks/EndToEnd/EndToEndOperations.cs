using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Benchmarks.HandWritten;

namespace SaasUsers.Data.Benchmarks.EndToEnd;

/// <summary>
/// The four operations of group 3, each twice: through SaasUsers.Data's repositories and table, and written by
/// hand against the low-level client. The hand-written requests are the ones the library sends (same
/// expressions, placeholders, options and consumed-capacity reporting), so the difference is the library's own
/// work: validation, mapping, request building, telemetry, the overview's cursor.
/// </summary>
public sealed class EndToEndOperations(EndToEndFixture fixture)
{
    private readonly IAmazonDynamoDB _client = fixture.Client;
    private readonly string _tableName = fixture.TableName;

    // ---- get --------------------------------------------------------------------------------------------------

    /// <summary>Ours: <c>UserRepository.GetAsync</c>.</summary>
    public async Task<object?> GetOursAsync() => await fixture.Users.GetAsync(fixture.OverviewUser.UserId).ConfigureAwait(false);

    /// <summary>By hand: one GetItem and the hand-written reader.</summary>
    public async Task<object?> GetHandWrittenAsync()
    {
        var response = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue>(2)
            {
                ["PK"] = new() { S = "USER#" + fixture.OverviewUser.UserId },
                ["SK"] = new() { S = "USER" },
            },
            ConsistentRead = false,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && item.TryGetValue("_type", out var type) && type.S == "User"
            ? HandWrittenMapping.ToUser(item)
            : null;
    }

    // ---- put of an unversioned entity -------------------------------------------------------------------------

    /// <summary>Ours: <c>EntityTable.PutAsync</c> of a payment (no version, so no condition).</summary>
    public async Task<object?> PutPaymentOursAsync() => await fixture.Table.PutAsync(fixture.Payment).ConfigureAwait(false);

    /// <summary>By hand: one PutItem of the hand-written item.</summary>
    public async Task<object?> PutPaymentHandWrittenAsync()
    {
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _tableName,
            Item = HandWrittenMapping.ToItem(fixture.Payment),
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }).ConfigureAwait(false);
        return fixture.Payment;
    }

    // ---- put of a versioned entity (optimistic concurrency) ---------------------------------------------------

    /// <summary>Ours: <c>EntityTable.PutAsync</c> of a user: written as the next version if the stored one is unchanged.</summary>
    public async Task<object?> PutUserOursAsync()
    {
        var written = await fixture.Table.PutAsync(fixture.OursPutUser).ConfigureAwait(false);
        fixture.OursPutDone(written);
        return written;
    }

    /// <summary>By hand: the same conditional PutItem.</summary>
    public async Task<object?> PutUserHandWrittenAsync()
    {
        var user = fixture.HandWrittenPutUser;
        var written = user with { Version = user.Version + 1 };
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _tableName,
            Item = HandWrittenMapping.ToItem(written),
            ConditionExpression = "attribute_exists(#n0) AND #n1 = :v0 AND #n2 = :v1",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#n0"] = "PK", ["#n1"] = "_type", ["#n2"] = "Version" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":v0"] = new() { S = "User" },
                [":v1"] = new() { N = user.Version.ToString(CultureInfo.InvariantCulture) },
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }).ConfigureAwait(false);
        fixture.HandWrittenPutDone(written);
        return written;
    }

    // ---- account overview -------------------------------------------------------------------------------------

    /// <summary>Ours: <c>AccountRepository.GetOverviewAsync</c> (the user, subscriptions and 5 latest payments).</summary>
    public async Task<object?> OverviewOursAsync() => await fixture.Accounts.GetOverviewAsync(fixture.OverviewUser.UserId).ConfigureAwait(false);

    /// <summary>
    /// By hand: the same three strongly consistent reads at once (the user's GetItem, a Query of its subscriptions,
    /// a descending Query of one payment more than shown, whose extra item says whether there are more), decoded by
    /// the hand-written readers.
    /// </summary>
    public async Task<object?> OverviewHandWrittenAsync()
    {
        const int latestPayments = 5;
        var partitionKey = "USER#" + fixture.OverviewUser.UserId;
        var userRead = _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue>(2) { ["PK"] = new() { S = partitionKey }, ["SK"] = new() { S = "USER" } },
            ConsistentRead = true,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        var subscriptionsRead = QueryAllAsync(PrefixQuery(partitionKey, "SUB#", descending: false, ItemQuery.MaxPageSize));
        var paymentsRead = _client.QueryAsync(PrefixQuery(partitionKey, "PAY#", descending: true, latestPayments + 1));
        await Task.WhenAll(userRead, subscriptionsRead, paymentsRead).ConfigureAwait(false);

        var userItem = (await userRead.ConfigureAwait(false)).Item;
        if (userItem is not { Count: > 0 } || !userItem.TryGetValue("_type", out var type) || type.S != "User" || userItem.ContainsKey("DeletedAt"))
        {
            return null;
        }

        var user = HandWrittenMapping.ToUser(userItem);
        var subscriptions = new List<Subscription>();
        foreach (var item in await subscriptionsRead.ConfigureAwait(false))
        {
            subscriptions.Add(HandWrittenMapping.ToSubscription(item));
        }

        var payments = new List<CheckoutPayment>();
        foreach (var item in (await paymentsRead.ConfigureAwait(false)).Items)
        {
            payments.Add(HandWrittenMapping.ToPayment(item));
        }

        var now = DateTimeOffset.UtcNow;
        Subscription? active = null;
        foreach (var s in subscriptions)
        {
            if (s.IsActiveAt(now) && (active is null || Better(s, active)))
            {
                active = s;
            }
        }

        return new AccountOverview(
            user,
            subscriptions,
            payments.Take(latestPayments).ToArray(),
            active,
            payments.Count > latestPayments);

        // Active before trialing, then the latest-ending period (none = never ends).
        static bool Better(Subscription candidate, Subscription current) =>
            (candidate.Status == SubscriptionStatus.Active) != (current.Status == SubscriptionStatus.Active)
                ? candidate.Status == SubscriptionStatus.Active
                : (candidate.CurrentPeriodEnd ?? DateTimeOffset.MaxValue) > (current.CurrentPeriodEnd ?? DateTimeOffset.MaxValue);
    }

    private QueryRequest PrefixQuery(string partitionKey, string prefix, bool descending, int limit) => new()
    {
        TableName = _tableName,
        KeyConditionExpression = "#n0 = :v0 AND begins_with(#n1, :v1)",
        ExpressionAttributeNames = new Dictionary<string, string> { ["#n0"] = "PK", ["#n1"] = "SK" },
        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v0"] = new() { S = partitionKey }, [":v1"] = new() { S = prefix } },
        ScanIndexForward = !descending,
        Limit = limit,
        ConsistentRead = true,
        ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
    };

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(QueryRequest request)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await _client.QueryAsync(request).ConfigureAwait(false);
            items.AddRange(response.Items);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return items;
    }
}
