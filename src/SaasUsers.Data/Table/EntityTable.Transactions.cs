using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

public sealed partial class EntityTable
{
    /// <inheritdoc />
    public async Task<TransactionResult> TransactWriteAsync(TransactionBuilder transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var actions = transaction.Actions;
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(transaction));
        }

        var items = actions.Select(a => a.ToTransactItem(TableName)).ToList();
        // The entity type a transaction is about: that of its first action (a sign-up's user; the others are its
        // sentinel, records and checks).
        var entityType = actions[0].EntityType;
        using var scope = TableInstrumentation.Start("Transaction", TableName, entityType);
        for (var attempt = 1; ; attempt++)
        {
            // One token per attempt: the SDK's own retries of this request reuse it, so a write that reached
            // DynamoDB is applied once; a cancelled attempt applied nothing, so the next attempt needs a new one.
            var request = new TransactWriteItemsRequest
            {
                TransactItems = items,
                ClientRequestToken = transaction.ClientRequestToken ?? Guid.NewGuid().ToString("N"),
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };

            try
            {
                await SendAsync(scope, "TransactWriteItems", () => _client.TransactWriteItemsAsync(request, cancellationToken), r => Sum(r.ConsumedCapacity), cancellationToken).ConfigureAwait(false);
                return new TransactionResult(actions);
            }
            catch (TransactionCanceledException exception)
            {
                var failures = DescribeFailures(actions, exception.CancellationReasons);
                var retryable = failures.Count > 0 && failures.All(f => f.Reason is TransactionFailureReason.TransactionConflict or TransactionFailureReason.Throttled);
                if (!retryable || attempt >= _options.MaxTransactionAttempts)
                {
                    var failed = new TransactionFailedException(actions.Count, failures, exception);
                    var thrown = transaction.MapFailure?.Invoke(failed) ?? failed;
                    scope.Fail(thrown);
                    throw thrown;
                }

                var delay = RetryDelay.Compute(attempt);
                Log.TransactionRetried(_logger, actions.Count, TableName, failures[0].Reason.ToString(), attempt, _options.MaxTransactionAttempts, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, RetryDelay.Clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static List<TransactionActionFailure> DescribeFailures(IReadOnlyList<WriteAction> actions, List<CancellationReason>? reasons)
    {
        var failures = new List<TransactionActionFailure>();
        if (reasons is null)
        {
            return failures;
        }

        for (var i = 0; i < reasons.Count && i < actions.Count; i++)
        {
            var code = reasons[i].Code;
            if (string.IsNullOrEmpty(code) || code == "None")
            {
                continue;
            }

            var action = actions[i];
            var reason = code switch
            {
                "ConditionalCheckFailed" => action.Classify(reasons[i].Item),
                "TransactionConflict" => TransactionFailureReason.TransactionConflict,
                "ThrottlingError" or "ProvisionedThroughputExceeded" or "RequestLimitExceeded" => TransactionFailureReason.Throttled,
                "ValidationError" => TransactionFailureReason.ValidationError,
                _ => TransactionFailureReason.Other,
            };
            failures.Add(action.ToFailure(i, reason, code, reasons[i].Item));
        }

        return failures;
    }
}
