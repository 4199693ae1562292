namespace SaasUsers.Data;

/// <summary>A migration threw: it is not recorded, the run stopped, and it is tried again on the next run.</summary>
public sealed class MigrationFailedException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    public MigrationFailedException(long version, string name, Exception innerException)
        : base($"Migration {version} '{name}' failed: {innerException?.Message} It was not recorded; the migrations after it did not run, and it runs again next time.", innerException)
    {
        Version = version;
        Name = name;
    }

    /// <summary>The failed migration's version.</summary>
    public long Version { get; }

    /// <summary>The failed migration's name.</summary>
    public string Name { get; }
}
