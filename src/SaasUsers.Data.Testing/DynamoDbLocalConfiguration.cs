using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace SaasUsers.Data.Testing;

/// <summary>
/// The immutable container configuration behind <see cref="DynamoDbLocalBuilder"/>. It adds nothing to
/// Testcontainers' <see cref="ContainerConfiguration"/> yet; it exists so that DynamoDB Local settings can be added
/// later without changing the builder's type.
/// </summary>
public sealed class DynamoDbLocalConfiguration : ContainerConfiguration
{
    /// <summary>Creates an empty configuration.</summary>
    public DynamoDbLocalConfiguration()
    {
    }

    /// <summary>Creates a configuration from a Docker resource configuration.</summary>
    /// <param name="resourceConfiguration">The Docker resource configuration.</param>
    public DynamoDbLocalConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>Creates a configuration from a container configuration.</summary>
    /// <param name="resourceConfiguration">The container configuration.</param>
    public DynamoDbLocalConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>Creates a configuration that copies another.</summary>
    /// <param name="resourceConfiguration">The configuration to copy.</param>
    public DynamoDbLocalConfiguration(DynamoDbLocalConfiguration resourceConfiguration)
        : this(new DynamoDbLocalConfiguration(), resourceConfiguration)
    {
    }

    /// <summary>Creates a configuration that merges two: values set in <paramref name="newValue"/> win.</summary>
    /// <param name="oldValue">The configuration so far.</param>
    /// <param name="newValue">The configuration to merge into it.</param>
    public DynamoDbLocalConfiguration(DynamoDbLocalConfiguration oldValue, DynamoDbLocalConfiguration newValue)
        : base(oldValue, newValue)
    {
    }
}
