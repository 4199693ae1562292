using System.Diagnostics.CodeAnalysis;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.DataModel;
using Amazon.DynamoDBv2.DocumentModel;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

// Also compiled into benchmarks/Startup/Context.
namespace SaasUsers.Data.Benchmarks.Context;

/// <summary>
/// The AWS SDK's object persistence model, set up the way its documentation advises for speed: one long-lived
/// <see cref="DynamoDBContext"/>, table metadata taken from the attributes instead of a DescribeTable call, null
/// properties left out, and the V2 conversion schema (BOOL, L and M, as the table stores them). The mapped types
/// keep their members under trimming (<see cref="DynamicallyAccessedMembersAttribute"/>, as the SDK asks), so the
/// same code runs under Native AOT (<c>benchmarks/Startup/Context</c>, published with <c>-p:ContextAot=true</c>).
/// </summary>
public sealed class ContextMapping : IDisposable
{
    private readonly bool _ownsClient;

    /// <summary>Creates the context over <paramref name="client"/>, or over a client that is never called.</summary>
    public ContextMapping(IAmazonDynamoDB? client = null)
    {
        _ownsClient = client is null;
        Client = client ?? new AmazonDynamoDBClient(
            new BasicAWSCredentials("bench", "bench"),
            new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1" });
        Context = new DynamoDBContextBuilder()
            .WithDynamoDBClient(() => Client)
            .ConfigureContext(config =>
            {
                config.DisableFetchingTableMetadata = true;
                config.IgnoreNullValues = true;
                config.Conversion = DynamoDBEntryConversion.V2;
            })
            .Build();
    }

    /// <summary>The low-level client.</summary>
    public IAmazonDynamoDB Client { get; }

    /// <summary>The context.</summary>
    public DynamoDBContext Context { get; }

    /// <summary>Object to item: <c>ToDocument</c>, then <c>Document.ToAttributeMap</c>.</summary>
    public Dictionary<string, AttributeValue> ToItem<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(T value) =>
        Context.ToDocument(value).ToAttributeMap(DynamoDBEntryConversion.V2);

    /// <summary>Item to object: <c>Document.FromAttributeMap</c>, then <c>FromDocument</c>.</summary>
    public T FromItem<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(Dictionary<string, AttributeValue> item) =>
        Context.FromDocument<T>(Document.FromAttributeMap(item));

    /// <summary>Decodes one item by its stored <c>_type</c> (null for an unknown type).</summary>
    public object? Decode(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue("_type", out var type)
            ? type.S switch
            {
                "User" => FromItem<ContextUser>(item),
                "Subscription" => FromItem<ContextSubscription>(item),
                "CheckoutPayment" => FromItem<ContextPayment>(item),
                _ => null,
            }
            : null;

    /// <inheritdoc />
    public void Dispose()
    {
        Context.Dispose();
        if (_ownsClient)
        {
            Client.Dispose();
        }
    }
}
