using Amazon.Runtime;

namespace SaasUsers.Data.Testing;

/// <summary>How <see cref="DynamoDbLocal.CreateClient(Uri, DynamoDbClientOptions?)"/> builds a client.</summary>
public sealed record DynamoDbClientOptions
{
    /// <summary>Records every request the client sends, when set.</summary>
    public DynamoDbRequestLog? RequestLog { get; init; }

    /// <summary>Injects faults into the client's requests, when set.</summary>
    public DynamoDbFaultInjector? Faults { get; init; }

    /// <summary>The request timeout. Defaults to 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times the SDK retries a throttled or failed request. Defaults to 2.</summary>
    public int MaxErrorRetry { get; init; } = 2;

    /// <summary>
    /// The credentials the client signs with; the kit's fixed dummy ones when null. DynamoDB Local accepts any access
    /// key of letters and digits (and keeps one set of tables per access key and region).
    /// </summary>
    public AWSCredentials? Credentials { get; init; }
}
