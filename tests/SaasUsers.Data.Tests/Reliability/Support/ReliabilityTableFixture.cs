using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Tests.Reliability.Support;

/// <summary>A fresh table on the shared DynamoDB Local with the package's entities and <see cref="TenantDocument"/>.</summary>
public sealed class ReliabilityTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    /// <summary>Every item of the table, in a canonical text form (read with the fixture's own client, which no test log sees).</summary>
    public Task<IReadOnlyList<string>> SnapshotAsync(CancellationToken cancellationToken) =>
        TableSnapshot.TakeAsync(Client, TableName, cancellationToken);

    protected override void ConfigureModel(TableModelBuilder model) => model.Add<TenantDocument>();
}
