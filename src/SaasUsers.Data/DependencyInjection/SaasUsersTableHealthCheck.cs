using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>
/// Reports the table healthy when DynamoDB describes it as ACTIVE (one <c>DescribeTable</c>, reported like every other
/// request of the package: an activity and metrics of operation <c>HealthCheck</c>).
/// </summary>
public sealed class SaasUsersTableHealthCheck : IHealthCheck
{
    private readonly IAmazonDynamoDB _client;
    private readonly IEntityTable _table;

    /// <summary>Creates the health check.</summary>
    public SaasUsersTableHealthCheck(IAmazonDynamoDB client, IEntityTable table)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _table = table ?? throw new ArgumentNullException(nameof(table));
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var scope = TableInstrumentation.Start("HealthCheck", _table.TableName, null);
        try
        {
            var response = await _client.DescribeTableAsync(new DescribeTableRequest { TableName = _table.TableName }, cancellationToken).ConfigureAwait(false);
            scope.AddRequest("DescribeTable", (ConsumedCapacity?)null);
            var status = response.Table.TableStatus;
            return status == TableStatus.ACTIVE
                ? HealthCheckResult.Healthy($"Table {_table.TableName} is ACTIVE.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"Table {_table.TableName} is {status?.Value}.");
        }
        catch (ResourceNotFoundException)
        {
            scope.AddRequest("DescribeTable", (ConsumedCapacity?)null);
            return new HealthCheckResult(context.Registration.FailureStatus, $"Table {_table.TableName} does not exist.");
        }
        catch (AmazonDynamoDBException exception)
        {
            scope.AddRequest("DescribeTable", (ConsumedCapacity?)null);
            scope.Fail(exception);

            // The SDK's message says what failed (permissions, endpoint); it holds no credentials.
            return new HealthCheckResult(context.Registration.FailureStatus, $"Table {_table.TableName} could not be described: {exception.Message}", exception);
        }
    }
}
