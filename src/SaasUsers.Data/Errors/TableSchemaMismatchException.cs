namespace SaasUsers.Data;

/// <summary>
/// The existing table differs from the model in a way the repositories cannot work with (another key schema, a
/// missing or differently keyed index). Nothing was changed.
/// </summary>
public sealed class TableSchemaMismatchException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    public TableSchemaMismatchException(string tableName, IReadOnlyList<TableDifference> differences)
        : base($"Table '{tableName}' does not match the model: {string.Join("; ", differences)}.")
    {
        TableName = tableName;
        Differences = differences;
    }

    /// <summary>The table name.</summary>
    public string TableName { get; }

    /// <summary>Every difference found (blocking or not).</summary>
    public IReadOnlyList<TableDifference> Differences { get; }
}
