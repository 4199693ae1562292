namespace SaasUsers.Data;

/// <summary>That a migration was applied: one item a migration, in the table's own migrations partition.</summary>
[DynamoEntity("SAASUSERS#MIGRATIONS#{Scope}", "MIGRATION#{Version}", EntityType = "SaasUsersMigration")]
internal sealed partial record MigrationRecord
{
    /// <summary>The set of migrations; <see cref="MigrationKeys.Scope"/> for the registered ones.</summary>
    public string Scope { get; init; } = MigrationKeys.Scope;

    public required long Version { get; init; }

    public required string Name { get; init; }

    public DateTimeOffset AppliedAt { get; init; }

    public required string AppliedBy { get; init; }

    public long DurationMs { get; init; }
}

/// <summary>
/// The lease that lets one instance at a time run migrations: held while <see cref="ExpiresAtMs"/> is in the
/// future, renewed by its owner while a migration runs.
/// </summary>
[DynamoEntity("SAASUSERS#MIGRATIONS#{Scope}", "LEASE", EntityType = "SaasUsersMigrationLease")]
internal sealed partial record MigrationLease
{
    /// <summary>The set of migrations the lease is for.</summary>
    public string Scope { get; init; } = MigrationKeys.Scope;

    public required string Owner { get; init; }

    /// <summary>When the lease ends, in Unix milliseconds (a number, so conditions compare it exactly).</summary>
    public long ExpiresAtMs { get; init; }
}

internal static class MigrationKeys
{
    /// <summary>The one set of migrations the migrator runs: the record and lease items share its small partition.</summary>
    public const string Scope = "table";
}
