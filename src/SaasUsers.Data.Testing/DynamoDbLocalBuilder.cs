using System.Net;
using System.Text;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Builds a <see cref="DynamoDbLocalContainer"/>: Amazon DynamoDB Local in Docker, in memory, its port 8000
/// published on a random host port, started once it answers DynamoDB API requests. Immutable: every
/// <c>With...</c> call returns a new builder.
/// </summary>
/// <example>
/// <code>
/// await using var container = new DynamoDbLocalBuilder().Build();
/// await container.StartAsync();
/// using var client = DynamoDbLocal.CreateClient(container.GetServiceUrl());
/// </code>
/// </example>
public sealed class DynamoDbLocalBuilder : ContainerBuilder<DynamoDbLocalBuilder, DynamoDbLocalContainer, DynamoDbLocalConfiguration>
{
    /// <summary>
    /// The image used unless another is given: Amazon's DynamoDB Local image name and version. Where no registry
    /// is reachable, the repository's build program (<c>eng/SaasUsers.Data.Build</c>) builds an image under this
    /// name from the same DynamoDB Local distribution.
    /// </summary>
    public const string DefaultImage = "amazon/dynamodb-local:3.3.1";

    /// <summary>The port DynamoDB Local listens on inside the container.</summary>
    public const ushort DynamoDbLocalPort = 8000;

    /// <summary>How long <see cref="DotNet.Testcontainers.Containers.DockerContainer.StartAsync"/> waits for DynamoDB Local to answer.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Creates a builder for <see cref="DefaultImage"/>.</summary>
    public DynamoDbLocalBuilder()
        : this(DefaultImage)
    {
    }

    /// <summary>Creates a builder for another DynamoDB Local image.</summary>
    /// <param name="image">An image with Amazon's DynamoDB Local image layout, e.g. <c>amazon/dynamodb-local:3.3.1</c>.</param>
    public DynamoDbLocalBuilder(string image)
        : this(new DynamoDbLocalConfiguration())
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        DockerResourceConfiguration = Init().WithImage(image).DockerResourceConfiguration;
    }

    private DynamoDbLocalBuilder(DynamoDbLocalConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    /// <inheritdoc />
    protected override DynamoDbLocalConfiguration DockerResourceConfiguration { get; }

    // For error messages, without Build() (which fails when Docker does not answer).
    internal string ImageName => DockerResourceConfiguration.Image?.FullName ?? "no image";

    /// <summary>Validates the configuration and creates the container (not started yet).</summary>
    /// <returns>The container.</returns>
    public override DynamoDbLocalContainer Build()
    {
        Validate();
        return new DynamoDbLocalContainer(DockerResourceConfiguration);
    }

    /// <inheritdoc />
    protected override DynamoDbLocalBuilder Init()
    {
        return base.Init()
            .WithPortBinding(DynamoDbLocalPort, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(
                AnswersListTables,
                wait => wait
                    .WithMode(WaitStrategyMode.Running) // DynamoDB Local exiting fails the start at once
                    .WithInterval(TimeSpan.FromMilliseconds(250))
                    .WithTimeout(DefaultStartupTimeout)));
    }

    /// <inheritdoc />
    protected override DynamoDbLocalBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
    {
        return Merge(DockerResourceConfiguration, new DynamoDbLocalConfiguration(resourceConfiguration));
    }

    /// <inheritdoc />
    protected override DynamoDbLocalBuilder Clone(IContainerConfiguration resourceConfiguration)
    {
        return Merge(DockerResourceConfiguration, new DynamoDbLocalConfiguration(resourceConfiguration));
    }

    /// <inheritdoc />
    protected override DynamoDbLocalBuilder Merge(DynamoDbLocalConfiguration oldValue, DynamoDbLocalConfiguration newValue)
    {
        return new DynamoDbLocalBuilder(new DynamoDbLocalConfiguration(oldValue, newValue));
    }

    // Ready means DynamoDB Local serves the DynamoDB API, not only that its port is open: a ListTables request
    // must succeed with 200. DynamoDB Local wants an access key in the Authorization header but checks no signature
    // (a request without one gets 400 MissingAuthenticationToken).
    private static HttpWaitStrategy AnswersListTables(HttpWaitStrategy request)
    {
        return request
            .ForPort(DynamoDbLocalPort)
            .ForPath("/")
            .WithMethod(HttpMethod.Post)
            .WithHeader("X-Amz-Target", "DynamoDB_20120810.ListTables")
            .WithHeader("Authorization", "AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request")
            .WithContent(() => new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"))
            .ForStatusCode(HttpStatusCode.OK);
    }
}
