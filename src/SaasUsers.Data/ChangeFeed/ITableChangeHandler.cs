namespace SaasUsers.Data;

/// <summary>
/// Receives the table's changes from the change feed consumer (register with
/// <c>AddSaasUsersChangeHandler&lt;T&gt;</c>). Delivery is at least once: after a crash, or when another handler of
/// the same batch failed, a batch can come again, so a handler must be idempotent (the record's
/// <see cref="TableChange.SequenceNumber"/> identifies it). Changes of one shard come in order; changes of
/// different shards (and the items of one transaction) may not.
/// </summary>
public interface ITableChangeHandler
{
    /// <summary>Handles one batch. Throwing makes the consumer retry the batch (with back-off) until it succeeds; nothing is skipped.</summary>
    /// <param name="batch">The changes.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the batch is handled.</returns>
    Task HandleAsync(TableChangeBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Called once a closed shard was read to its end and its last checkpoint written: no record of it will be
    /// delivered again, so per-shard progress kept for it (a redelivery mark) can be dropped. Failures are logged
    /// and not retried. Does nothing unless implemented.
    /// </summary>
    /// <param name="streamArn">The stream.</param>
    /// <param name="shardId">The finished shard.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the handler let go of the shard.</returns>
    Task ShardFinishedAsync(string streamArn, string shardId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Changes read from one shard in one request, in stream order.</summary>
/// <param name="StreamArn">The stream.</param>
/// <param name="ShardId">The shard the changes come from (handlers that keep per-shard progress use it).</param>
/// <param name="Changes">The changes, in sequence order.</param>
public sealed record TableChangeBatch(string StreamArn, string ShardId, IReadOnlyList<TableChange> Changes);
