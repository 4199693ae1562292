namespace SaasUsers.Data;

/// <summary>
/// The table does not exist (or is not in the configured region or endpoint). Ensure it first with
/// <c>ITableProvisioner.EnsureTableAsync</c> or the <c>EnsureTableOnStartup</c> option.
/// </summary>
public sealed class MissingTableException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    public MissingTableException(string tableName, Exception? innerException = null)
        : base($"Table '{tableName}' does not exist. Ensure it with ITableProvisioner.EnsureTableAsync, or set the EnsureTableOnStartup option.", innerException)
    {
        TableName = tableName;
    }

    /// <summary>The table name.</summary>
    public string TableName { get; }
}
