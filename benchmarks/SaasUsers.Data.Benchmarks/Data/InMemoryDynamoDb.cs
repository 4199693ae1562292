using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>
/// A DynamoDB client that answers Query, GetItem and PutItem from memory with canned responses, so that the
/// library's own cost around a call (request building, telemetry, decoding) can be measured without a network.
/// </summary>
public sealed class InMemoryDynamoDb : AmazonDynamoDBClient
{
    private readonly Func<QueryRequest, QueryResponse>? _query;
    private readonly GetItemResponse? _get;

    /// <summary>Creates the client; every Query is answered with <paramref name="query"/>.</summary>
    public InMemoryDynamoDb(QueryResponse? query, GetItemResponse? get = null)
        : this(query is null ? null : _ => query, get)
    {
    }

    /// <summary>Creates the client; each Query is answered by <paramref name="query"/> (by what it asks for).</summary>
    public InMemoryDynamoDb(Func<QueryRequest, QueryResponse>? query, GetItemResponse? get = null)
        : base(new BasicAWSCredentials("bench", "bench"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1" })
    {
        _query = query;
        _get = get;
    }

    /// <summary>An <see cref="EntityTable"/> over an in-memory client.</summary>
    public static EntityTable CreateTable(QueryResponse? query) =>
        new(new InMemoryDynamoDb(query), SaasUsersModel.Default, new SaasUsersTableOptions { TableName = "bench" });

    /// <inheritdoc />
    public override Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(_query?.Invoke(request) ?? throw new InvalidOperationException("No query response was given."));

    /// <inheritdoc />
    public override Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(_get ?? throw new InvalidOperationException("No get response was given."));

    /// <inheritdoc />
    public override Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PutItemResponse());
}
