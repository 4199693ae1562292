using Amazon.DynamoDBv2;
using Xunit;

namespace SaasUsers.Data.Testing;

/// <summary>
/// The xunit v3 assembly fixture for one shared DynamoDB Local per test assembly:
/// <c>[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]</c>. The container starts when a test (or a
/// <see cref="DynamoDbTableFixture"/>) first asks for the endpoint, so tests that never touch DynamoDB need no
/// Docker, and it is removed after the last test of the assembly. <c>SAASUSERS_DYNAMODB_URL</c> replaces the
/// container with a running DynamoDB Local (see <see cref="DynamoDbLocal.FromEnvironment"/>).
/// </summary>
/// <remarks>
/// Register this type itself: <see cref="DynamoDbTableFixture"/> asks xunit for exactly this assembly fixture. To
/// start another image set <c>SAASUSERS_DYNAMODB_IMAGE</c>; for any other container use <see cref="DynamoDbLocal"/>
/// and <see cref="DynamoDbLocalBuilder"/> directly in a fixture of your own.
/// </remarks>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    private DynamoDbLocal? _endpoint;

    /// <summary>The shared endpoint.</summary>
    /// <exception cref="InvalidOperationException">Used before xunit initialized the fixture.</exception>
    public DynamoDbLocal Endpoint =>
        _endpoint ?? throw new InvalidOperationException($"{nameof(DynamoDbLocalFixture)} is used before its InitializeAsync ran; let xunit create it as an assembly fixture.");

    /// <summary>The service URL; starts DynamoDB Local on first use (see <see cref="DynamoDbLocal.GetServiceUrlAsync"/>).</summary>
    /// <param name="cancellationToken">Stops waiting, e.g. <c>TestContext.Current.CancellationToken</c>.</param>
    /// <returns>The URL.</returns>
    public Task<Uri> GetServiceUrlAsync(CancellationToken cancellationToken = default) =>
        Endpoint.GetServiceUrlAsync(cancellationToken);

    /// <summary>A new DynamoDB client for the shared endpoint; the caller disposes it.</summary>
    /// <param name="cancellationToken">Stops waiting, e.g. <c>TestContext.Current.CancellationToken</c>.</param>
    /// <returns>The client.</returns>
    public Task<IAmazonDynamoDB> CreateClientAsync(CancellationToken cancellationToken = default) =>
        Endpoint.CreateClientAsync(cancellationToken);

    /// <summary>Creates the endpoint from the environment (nothing starts yet). Called once by xunit.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask InitializeAsync()
    {
        _endpoint ??= DynamoDbLocal.FromEnvironment();
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes the container, if one was started. Called once by xunit after the last test.</summary>
    /// <returns>A task that completes when the container is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }
}
