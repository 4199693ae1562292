namespace SaasUsers.Data;

/// <summary>
/// Applies the registered <see cref="TableMigration"/>s that the table has not recorded yet, in version order,
/// each once: a lease item in the table lets one instance at a time run them, so instances starting together do
/// not apply a migration twice (the others wait for the lease, then find the migrations applied).
/// </summary>
public interface ITableMigrator
{
    /// <summary>The migrations this migrator knows, in version order.</summary>
    IReadOnlyList<TableMigration> Migrations { get; }

    /// <summary>Applies the pending migrations.</summary>
    /// <param name="cancellationToken">Stops the run; a migration stopped midway is not recorded and runs again next time.</param>
    /// <returns>What was applied.</returns>
    /// <exception cref="MigrationFailedException">A migration failed; the ones before it stay applied, it and the later ones run next time.</exception>
    /// <exception cref="TimeoutException">Another instance held the lease longer than <see cref="SaasUsersTableOptions.MigrationLeaseWaitTimeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The table records a migration under a version whose registered migration has another name.</exception>
    Task<MigrationRunResult> RunAsync(CancellationToken cancellationToken = default);

    /// <summary>The migrations the table has recorded, in version order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The applied migrations.</returns>
    Task<IReadOnlyList<AppliedMigration>> GetAppliedAsync(CancellationToken cancellationToken = default);
}

/// <summary>A migration the table has recorded.</summary>
/// <param name="Version">Its version.</param>
/// <param name="Name">Its name.</param>
/// <param name="AppliedAt">When it finished.</param>
/// <param name="AppliedBy">The instance that applied it (host name and process id).</param>
/// <param name="Duration">How long it ran.</param>
public sealed record AppliedMigration(long Version, string Name, DateTimeOffset AppliedAt, string AppliedBy, TimeSpan Duration);

/// <summary>What <see cref="ITableMigrator.RunAsync"/> did.</summary>
/// <param name="Applied">The migrations this run applied, in order.</param>
/// <param name="AlreadyApplied">How many registered migrations the table had recorded before.</param>
public sealed record MigrationRunResult(IReadOnlyList<AppliedMigration> Applied, int AlreadyApplied);
