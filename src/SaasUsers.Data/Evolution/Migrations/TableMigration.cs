using Microsoft.Extensions.Logging;

namespace SaasUsers.Data;

/// <summary>
/// One versioned, named change to the table's data, as code: a backfill after a new index, a renamed attribute, a
/// seeded item. Register it with <c>AddSaasUsersMigration&lt;T&gt;()</c>; <see cref="ITableMigrator"/> applies the
/// registered migrations in version order, each once, and records each in the table.
/// </summary>
/// <remarks>
/// A migration that fails is not recorded: the run stops there and it is tried again next time, so write it to be
/// safe to run again (a backfill is: it resumes from its checkpoints).
/// </remarks>
public abstract class TableMigration
{
    /// <summary>Creates the migration.</summary>
    /// <param name="version">Its version, at least 1; migrations run in ascending version order.</param>
    /// <param name="name">Its name, 1 to 200 characters, recorded with it (for example <c>backfill-user-indexes</c>).</param>
    /// <exception cref="ArgumentException">The version is less than 1 or the name is empty or too long.</exception>
    protected TableMigration(long version, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 200)
        {
            throw new ArgumentException("A migration's name is at most 200 characters.", nameof(name));
        }

        Version = version;
        Name = name;
    }

    /// <summary>The version.</summary>
    public long Version { get; }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>Applies the migration.</summary>
    /// <param name="context">The table, a backfill on it and a logger.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled or the lease is lost.</param>
    /// <returns>A task that completes when the migration is applied.</returns>
    public abstract Task ApplyAsync(TableMigrationContext context, CancellationToken cancellationToken);

    /// <summary>Returns <c>{Version} {Name}</c>.</summary>
    public override string ToString() => $"{Version} {Name}";
}

/// <summary>What a <see cref="TableMigration"/> works with.</summary>
public sealed class TableMigrationContext
{
    /// <summary>Creates the context.</summary>
    public TableMigrationContext(IEntityTable table, ITableBackfill backfill, ILogger logger)
    {
        Table = table ?? throw new ArgumentNullException(nameof(table));
        Backfill = backfill ?? throw new ArgumentNullException(nameof(backfill));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The table.</summary>
    public IEntityTable Table { get; }

    /// <summary>A backfill on the table.</summary>
    public ITableBackfill Backfill { get; }

    /// <summary>A logger for the migration's own messages.</summary>
    public ILogger Logger { get; }
}
