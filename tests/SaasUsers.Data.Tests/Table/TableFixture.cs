using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;

namespace SaasUsers.Data.Tests.Table;

/// <summary>A fresh table whose model holds the package's entities and the application entities of these tests.</summary>
public sealed class TableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    /// <summary>A table client on its own DynamoDB client (with a request log or faults when given); dispose the returned scope.</summary>
    public TableScope CreateTable(DynamoDbClientOptions? clientOptions = null, Action<SaasUsersTableOptions>? configure = null)
    {
        var client = CreateClient(clientOptions);
        var options = CreateOptions();
        configure?.Invoke(options);
        return new TableScope(client, new EntityTable(client, Model, options));
    }

    protected override void ConfigureModel(TableModelBuilder model) => model.Add<Project>().Add<Note>();
}

/// <summary>An <see cref="EntityTable"/> and the client it owns.</summary>
public sealed class TableScope(Amazon.DynamoDBv2.IAmazonDynamoDB client, EntityTable table) : IDisposable
{
    public EntityTable Table { get; } = table;

    public Amazon.DynamoDBv2.IAmazonDynamoDB Client { get; } = client;

    public void Dispose() => Client.Dispose();
}
