using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Benchmarks.Data;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Benchmarks.EndToEnd;

/// <summary>
/// A fresh table in DynamoDB Local (<c>SAASUSERS_DYNAMODB_URL</c>, or a container started through
/// SaasUsers.Data.Testing), holding one user with three subscriptions and forty payments for the account overview,
/// and one user for each contender's versioned puts. Both contenders use the same client.
/// </summary>
public sealed class EndToEndFixture : IAsyncDisposable
{
    /// <summary>Payments of the overview user: more than one overview page holds, as for a user of some years.</summary>
    public const int OverviewPayments = 40;

    private readonly DynamoDbLocal? _local;

    private EndToEndFixture(DynamoDbLocal? local, IAmazonDynamoDB client, SaasUsersTableOptions options)
    {
        _local = local;
        Client = client;
        Options = options;
        TableName = options.TableName!;
        Table = new EntityTable(client, SaasUsersModel.Default, options);
        var repositories = new SaasUsersRepositories(Table, options);
        Users = repositories.Users;
        Accounts = repositories.Accounts;
        Provisioner = new TableProvisioner(client, SaasUsersModel.Default, options);
    }

    /// <summary>The low-level client.</summary>
    public IAmazonDynamoDB Client { get; }

    /// <summary>The table options.</summary>
    public SaasUsersTableOptions Options { get; }

    /// <summary>The table name.</summary>
    public string TableName { get; }

    /// <summary>Our table.</summary>
    public EntityTable Table { get; }

    /// <summary>Our user repository.</summary>
    public IUserRepository Users { get; }

    /// <summary>Our account repository.</summary>
    public IAccountRepository Accounts { get; }

    /// <summary>The provisioner that made the table.</summary>
    public TableProvisioner Provisioner { get; }

    /// <summary>The user of the gets and the overview (with 3 subscriptions and <see cref="OverviewPayments"/> payments).</summary>
    public User OverviewUser { get; } = SampleData.CreateUser(1);

    /// <summary>The user the hand-written versioned puts write.</summary>
    public User HandWrittenPutUser { get; private set; } = SampleData.CreateUser(2);

    /// <summary>The user our versioned puts write.</summary>
    public User OursPutUser { get; private set; } = SampleData.CreateUser(3);

    /// <summary>The payment both contenders put again and again (in a user partition of its own).</summary>
    public CheckoutPayment Payment { get; } = SampleData.CreatePayment(SampleData.CreateUser(4), 1);

    /// <summary>Creates the table and the data, and warms up DynamoDB Local.</summary>
    public static async Task<EndToEndFixture> CreateAsync()
    {
        var local = DynamoDbLocal.FromEnvironment();
        var client = await local.CreateClientAsync().ConfigureAwait(false);
        var options = new SaasUsersTableOptions
        {
            TableName = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            CursorSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var fixture = new EndToEndFixture(local, client, options);
        await fixture.Provisioner.EnsureTableAsync().ConfigureAwait(false);
        await fixture.SeedAsync().ConfigureAwait(false);
        return fixture;
    }

    /// <summary>Records the user the hand-written versioned put wrote.</summary>
    public void HandWrittenPutDone(User written) => HandWrittenPutUser = written;

    /// <summary>Records the user our versioned put wrote.</summary>
    public void OursPutDone(User written) => OursPutUser = written;

    /// <summary>
    /// The same operations over a client that answers from memory, to measure the library's own time per call
    /// without a network or a server: GetItem answers the overview user; a Query for the subscriptions (sort key
    /// prefix <c>SUB#</c>) answers all three and no next key; a Query for the payments (<c>PAY#</c>) answers the page
    /// it asks for (latest first, with a next key, since there are more); PutItem answers nothing.
    /// </summary>
    public static async Task<EndToEndFixture> CreateInMemoryAsync()
    {
        var user = SampleData.CreateUser(1);
        var subscriptions = Enumerable.Range(1, 3).Select(s => Subscription.Mapper.ToItem(SampleData.CreateSubscription(user, s))).ToList();
        var payments = Enumerable.Range(1, OverviewPayments).Select(p => CheckoutPayment.Mapper.ToItem(SampleData.CreatePayment(user, p)))
            .OrderByDescending(i => i["SK"].S, StringComparer.Ordinal).ToList();
        QueryResponse Answer(QueryRequest request)
        {
            var prefix = request.ExpressionAttributeValues.Values.Select(v => v.S).FirstOrDefault(v => v is "SUB#" or "PAY#")
                ?? throw new InvalidOperationException($"The in-memory client does not answer the query '{request.KeyConditionExpression}'.");
            var items = prefix == "SUB#" ? subscriptions : payments.Take(request.Limit ?? payments.Count).ToList();
            var more = prefix == "PAY#" && items.Count < payments.Count;
            return new QueryResponse
            {
                Items = items,
                Count = items.Count,
                LastEvaluatedKey = more ? new Dictionary<string, AttributeValue> { ["PK"] = items[^1]["PK"], ["SK"] = items[^1]["SK"] } : null,
            };
        }

        var get = new GetItemResponse { Item = User.Mapper.ToItem(user) };
        var options = new SaasUsersTableOptions { TableName = "in-memory", CursorSigningKey = Convert.ToBase64String(new byte[32]) };
        await Task.CompletedTask.ConfigureAwait(false);
        return new EndToEndFixture(null, new InMemoryDynamoDb(Answer, get), options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_local is null)
        {
            Client.Dispose();
            return;
        }

        try
        {
            await Provisioner.DeleteTableAsync(TableName).ConfigureAwait(false);
        }
        finally
        {
            Client.Dispose();
            await _local.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SeedAsync()
    {
        var items = new List<Dictionary<string, AttributeValue>>
        {
            User.Mapper.ToItem(OverviewUser),
            User.Mapper.ToItem(HandWrittenPutUser),
            User.Mapper.ToItem(OursPutUser),
        };
        for (var s = 1; s <= 3; s++)
        {
            items.Add(Subscription.Mapper.ToItem(SampleData.CreateSubscription(OverviewUser, s)));
        }

        for (var p = 1; p <= OverviewPayments; p++)
        {
            items.Add(CheckoutPayment.Mapper.ToItem(SampleData.CreatePayment(OverviewUser, p)));
        }

        foreach (var item in items)
        {
            await Client.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item }).ConfigureAwait(false);
        }
    }
}
