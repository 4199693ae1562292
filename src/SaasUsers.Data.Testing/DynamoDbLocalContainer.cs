using DotNet.Testcontainers.Containers;

namespace SaasUsers.Data.Testing;

/// <summary>A DynamoDB Local container made by <see cref="DynamoDbLocalBuilder"/>.</summary>
public sealed class DynamoDbLocalContainer : DockerContainer
{
    /// <summary>Creates the container from its configuration; use <see cref="DynamoDbLocalBuilder"/> instead.</summary>
    /// <param name="configuration">The container configuration.</param>
    public DynamoDbLocalContainer(DynamoDbLocalConfiguration configuration)
        : base(configuration)
    {
    }

    /// <summary>
    /// The URL of the started DynamoDB Local, for <c>AmazonDynamoDBConfig.ServiceURL</c>: <c>http://</c>, the
    /// host Testcontainers reaches the container on, and the published port. With a local Docker engine and
    /// <c>TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1</c> (which <c>eng/test.sh</c> sets) that is
    /// <c>http://127.0.0.1:&lt;port&gt;/</c>, so test traffic stays on loopback.
    /// </summary>
    /// <returns>The service URL.</returns>
    /// <exception cref="InvalidOperationException">The container has not been started.</exception>
    public Uri GetServiceUrl()
    {
        return new UriBuilder(Uri.UriSchemeHttp, Hostname, GetMappedPublicPort(DynamoDbLocalBuilder.DynamoDbLocalPort)).Uri;
    }
}
