using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>The <see cref="ITableMigrator"/> on an <see cref="IEntityTable"/>'s public API.</summary>
public sealed class TableMigrator : ITableMigrator
{
    private static readonly TimeSpan MaxLeasePollDelay = TimeSpan.FromSeconds(2);

    private readonly IEntityTable _table;
    private readonly ITableBackfill _backfill;
    private readonly TimeSpan _leaseDuration;
    private readonly TimeSpan _leaseWaitTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the migrator.</summary>
    /// <param name="table">The table.</param>
    /// <param name="migrations">The migrations, in any order.</param>
    /// <param name="options">The lease duration and wait timeout (<see cref="SaasUsersTableOptions.MigrationLeaseDuration"/>, <see cref="SaasUsersTableOptions.MigrationLeaseWaitTimeout"/>).</param>
    /// <param name="backfill">The backfill migrations get; one on <paramref name="table"/> when null.</param>
    /// <param name="timeProvider">The clock of the lease; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">Two migrations share a version.</exception>
    public TableMigrator(
        IEntityTable table,
        IEnumerable<TableMigration> migrations,
        SaasUsersTableOptions options,
        ITableBackfill? backfill = null,
        TimeProvider? timeProvider = null,
        ILogger<TableMigrator>? logger = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(options);
        var ordered = migrations.OrderBy(m => m.Version).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new ArgumentException($"Migrations '{ordered[i - 1].Name}' and '{ordered[i].Name}' share version {ordered[i].Version}; each migration needs its own.", nameof(migrations));
            }
        }

        Migrations = ordered;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _backfill = backfill ?? new TableBackfill(table, null, _timeProvider);
        _leaseDuration = options.MigrationLeaseDuration;
        _leaseWaitTimeout = options.MigrationLeaseWaitTimeout;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <inheritdoc />
    public IReadOnlyList<TableMigration> Migrations { get; }

    /// <summary>This instance's name in the lease and the records: host name, process id and a random part.</summary>
    public string Owner { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AppliedMigration>> GetAppliedAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<AppliedMigration>();
        var query = new ItemQuery(MigrationRecord.CreatePartitionKey(MigrationKeys.Scope)) { ConsistentRead = true, PageSize = ItemQuery.MaxPageSize };
        while (true)
        {
            var page = await _table.QueryAsync<MigrationRecord>(query, cancellationToken).ConfigureAwait(false);
            records.AddRange(page.Items.Select(r => new AppliedMigration(r.Version, r.Name, r.AppliedAt, r.AppliedBy, TimeSpan.FromMilliseconds(r.DurationMs))));
            if (page.NextCursor is null)
            {
                return records.OrderBy(r => r.Version).ToArray();
            }

            query = query with { Cursor = page.NextCursor };
        }
    }

    /// <inheritdoc />
    public async Task<MigrationRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Migrations.Count == 0)
        {
            return new MigrationRunResult([], 0);
        }

        // Most starts find everything applied: one query, no lease.
        var pending = Pending(await GetAppliedAsync(cancellationToken).ConfigureAwait(false), out _);
        if (pending.Count == 0)
        {
            return new MigrationRunResult([], Migrations.Count);
        }

        await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another instance may have applied some while this one waited for the lease.
            pending = Pending(await GetAppliedAsync(cancellationToken).ConfigureAwait(false), out var alreadyApplied);
            var applied = new List<AppliedMigration>();
            foreach (var migration in pending)
            {
                applied.Add(await ApplyAsync(migration, cancellationToken).ConfigureAwait(false));
            }

            return new MigrationRunResult(applied, alreadyApplied);
        }
        finally
        {
            await ReleaseLeaseAsync().ConfigureAwait(false);
        }
    }

    private List<TableMigration> Pending(IReadOnlyList<AppliedMigration> applied, out int alreadyApplied)
    {
        var byVersion = applied.ToDictionary(a => a.Version);
        var pending = new List<TableMigration>();
        alreadyApplied = 0;
        foreach (var migration in Migrations)
        {
            if (!byVersion.TryGetValue(migration.Version, out var record))
            {
                pending.Add(migration);
                continue;
            }

            if (!string.Equals(record.Name, migration.Name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Table '{_table.TableName}' records migration {record.Version} as '{record.Name}', but the registered migration {migration.Version} is '{migration.Name}'; a version, once applied, keeps its name.");
            }

            alreadyApplied++;
        }

        return pending;
    }

    private async Task<AppliedMigration> ApplyAsync(TableMigration migration, CancellationToken cancellationToken)
    {
        Log.MigrationApplying(_logger, migration.Version, migration.Name, _table.TableName);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var leaseLost = false;
        var renewal = RenewLeaseAsync(running, () => leaseLost = true);
        var started = _timeProvider.GetTimestamp();
        try
        {
            await migration.ApplyAsync(new TableMigrationContext(_table, _backfill, _logger), running.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var error = leaseLost
                ? new InvalidOperationException($"The migration lease of table '{_table.TableName}' was lost while migration {migration} ran (another instance took it after it expired).", exception)
                : exception;
            Log.MigrationFailed(_logger, error, migration.Version, migration.Name, _table.TableName);
            throw new MigrationFailedException(migration.Version, migration.Name, error);
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        var duration = _timeProvider.GetElapsedTime(started);
        var record = new MigrationRecord
        {
            Version = migration.Version,
            Name = migration.Name,
            AppliedAt = _timeProvider.GetUtcNow(),
            AppliedBy = Owner,
            DurationMs = (long)duration.TotalMilliseconds,
        };

        // Recorded only while this instance still holds the lease, in one transaction with the check.
        var transaction = new TransactionBuilder()
            .Check(MigrationLease.CreateKey(MigrationKeys.Scope), ItemCondition.Equal(MigrationLease.Fields.Owner, Owner), "lease")
            .Create(record, "record");
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception)
        {
            throw new MigrationFailedException(migration.Version, migration.Name,
                new InvalidOperationException($"Migration {migration} ran but could not be recorded: this instance no longer holds the migration lease of table '{_table.TableName}'.", exception));
        }

        Log.MigrationApplied(_logger, migration.Version, migration.Name, _table.TableName, record.DurationMs);
        return new AppliedMigration(record.Version, record.Name, record.AppliedAt, record.AppliedBy, duration);
    }

    private async Task AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var expires = now + (long)_leaseDuration.TotalMilliseconds;
            try
            {
                await _table.CreateAsync(new MigrationLease { Owner = Owner, ExpiresAtMs = expires }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ItemAlreadyExistsException)
            {
            }

            try
            {
                // Take it over when it has expired (its owner stopped without releasing it).
                await _table.UpdateAsync<MigrationLease>(MigrationLease.CreateKey(MigrationKeys.Scope), u => u
                    .Set(MigrationLease.Fields.Owner, Owner)
                    .Set(MigrationLease.Fields.ExpiresAtMs, expires)
                    .When(ItemCondition.LessThan(MigrationLease.Fields.ExpiresAtMs, now) | ItemCondition.Equal(MigrationLease.Fields.Owner, Owner)), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConditionFailedException)
            {
                // Held by another instance (or released between the two calls): wait and try again.
            }

            var holder = await _table.GetAsync<MigrationLease>(MigrationLease.CreateKey(MigrationKeys.Scope), consistentRead: true, cancellationToken).ConfigureAwait(false);
            if (_timeProvider.GetElapsedTime(started) + delay > _leaseWaitTimeout)
            {
                throw new TimeoutException(
                    $"Another instance ({holder?.Owner ?? "unknown"}) held the migration lease of table '{_table.TableName}' for longer than {_leaseWaitTimeout} (MigrationLeaseWaitTimeout).");
            }

            Log.MigrationLeaseWaiting(_logger, holder?.Owner ?? "unknown", _table.TableName, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(MaxLeasePollDelay.TotalMilliseconds, delay.TotalMilliseconds * 2));
        }
    }

    private async Task RenewLeaseAsync(CancellationTokenSource running, Action lost)
    {
        var interval = _leaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _timeProvider, running.Token).ConfigureAwait(false);
                var expires = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() + (long)_leaseDuration.TotalMilliseconds;
                try
                {
                    await _table.UpdateAsync<MigrationLease>(MigrationLease.CreateKey(MigrationKeys.Scope), u => u
                        .Set(MigrationLease.Fields.ExpiresAtMs, expires)
                        .When(ItemCondition.Equal(MigrationLease.Fields.Owner, Owner)), running.Token).ConfigureAwait(false);
                }
                catch (ConditionFailedException)
                {
                    // Another instance took the lease: stop the migration rather than run it twice.
                    lost();
                    await running.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The migration ended.
        }
    }

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await _table.DeleteAsync(MigrationLease.CreateKey(MigrationKeys.Scope), condition: ItemCondition.Equal(MigrationLease.Fields.Owner, Owner), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            // Already taken over or gone: nothing to release.
        }
    }
}
