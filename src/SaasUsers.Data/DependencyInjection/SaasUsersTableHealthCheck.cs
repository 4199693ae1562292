using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>
/// Reports the table healthy when DynamoDB describes it as ACTIVE (one <c>DescribeTable</c>, reported like every other
/// request of the package: an activity and metrics of operation <c>HealthCheck</c>). It waits at most
/// <see cref="SaasUsersTableOptions.HealthCheckTimeout"/>, whatever the client's own timeouts and retries, and then
/// reports the failure status: a health endpoint must answer in seconds.
/// </summary>
public sealed class SaasUsersTableHealthCheck : IHealthCheck
{
    private readonly IAmazonDynamoDB _client;
    private readonly IEntityTable _table;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the health check.</summary>
    /// <param name="client">The DynamoDB client.</param>
    /// <param name="table">The table to check.</param>
    /// <param name="options">The options (<see cref="SaasUsersTableOptions.HealthCheckTimeout"/>).</param>
    public SaasUsersTableHealthCheck(IAmazonDynamoDB client, IEntityTable table, IOptions<SaasUsersTableOptions> options)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentNullException.ThrowIfNull(options);
        _timeout = options.Value.HealthCheckTimeout;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TableInstrumentation.RunAsync("HealthCheck", _table.TableName, null, scope => CheckAsync(scope, context.Registration.FailureStatus, cancellationToken));
    }

    private async Task<HealthCheckResult> CheckAsync(OperationScope scope, HealthStatus failureStatus, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            var request = new DescribeTableRequest { TableName = _table.TableName };
            var response = await scope.SendAsync("DescribeTable", () => _client.DescribeTableAsync(request, timeout.Token), null, timeout.Token).ConfigureAwait(false);
            var status = response.Table.TableStatus;
            return status == TableStatus.ACTIVE
                ? HealthCheckResult.Healthy($"Table {_table.TableName} is ACTIVE.")
                : new HealthCheckResult(failureStatus, $"Table {_table.TableName} is {status?.Value}.");
        }
        catch (ResourceNotFoundException)
        {
            return new HealthCheckResult(failureStatus, $"Table {_table.TableName} does not exist.");
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own timeout (the caller's cancellation propagates as it is).
            scope.Fail(exception);
            return new HealthCheckResult(failureStatus, $"Table {_table.TableName} could not be described: DynamoDB gave no answer within {_timeout.TotalSeconds:0.#} s (HealthCheckTimeout).", exception);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException)
        {
            // A dead or unreachable endpoint: unhealthy, not an exception from the health endpoint. The SDK's message
            // says what failed (permissions, endpoint); it holds no credentials.
            scope.Fail(exception);
            return new HealthCheckResult(failureStatus, $"Table {_table.TableName} could not be described: {exception.Message}", exception);
        }
    }
}
