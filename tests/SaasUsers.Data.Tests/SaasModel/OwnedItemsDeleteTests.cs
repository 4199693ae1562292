using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>An API key of the user, in the user's partition; it owns the lookup item that finds it by hash.</summary>
[DynamoEntity("USER#{UserId}", "APIKEY#{KeyId}", EntityType = "TestApiKey")]
public sealed partial record TestApiKey
{
    public required string UserId { get; init; }

    public required string KeyId { get; init; }

    public string? KeyHash { get; init; }
}

/// <summary>The lookup of an API key by hash: outside the user's partition, owned by the key.</summary>
[DynamoEntity("APIKEYHASH#{KeyHash}", "APIKEYHASH", EntityType = "TestApiKeyLookup")]
[DynamoOwnedBy(typeof(TestApiKey))]
public sealed partial record TestApiKeyLookup
{
    public required string KeyHash { get; init; }

    public required string UserId { get; init; }
}

/// <summary>"My organizations": the user's side of a membership, in the user's partition.</summary>
[DynamoEntity("USER#{UserId}", "MEMBEROF#{OrganizationId}", EntityType = "TestMemberOf")]
public sealed partial record TestMemberOf
{
    public required string UserId { get; init; }

    public required string OrganizationId { get; init; }
}

/// <summary>The organization's side of a membership, under the organization, owned by the user's side.</summary>
[DynamoEntity("TESTORG#{OrganizationId}", "MEMBER#{UserId}", EntityType = "TestMembership")]
[DynamoOwnedBy(typeof(TestMemberOf))]
public sealed partial record TestMembership
{
    public required string OrganizationId { get; init; }

    public required string UserId { get; init; }
}

public sealed class OwnedItemsTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    protected override void ConfigureModel(TableModelBuilder model) =>
        model.Add<TestApiKey>().Add<TestApiKeyLookup>().Add<TestMemberOf>().Add<TestMembership>();
}

/// <summary>Items kept outside the user's partition that declare an owner in it are deleted with the user.</summary>
public sealed class OwnedItemsDeleteTests(OwnedItemsTableFixture table) : IClassFixture<OwnedItemsTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeleteAsync_UserWithOwnedItemsOutsideThePartition_DeletesThemAndLeavesOthersItems()
    {
        // Given: two users, each with an API key (and its lookup) and a membership of the same organization
        await using var services = table.CreateServices(s => s
            .AddSaasUsersEntity<TestApiKey>().AddSaasUsersEntity<TestApiKeyLookup>()
            .AddSaasUsersEntity<TestMemberOf>().AddSaasUsersEntity<TestMembership>());
        var users = services.GetRequiredService<IUserRepository>();
        var entities = services.GetRequiredService<IEntityTable>();
        var doomed = await users.CreateAsync(new NewUser { Email = "owned-doomed@example.com" }, Cancel);
        var neighbour = await users.CreateAsync(new NewUser { Email = "owned-neighbour@example.com" }, Cancel);
        foreach (var user in new[] { doomed, neighbour })
        {
            await entities.TransactWriteAsync(new TransactionBuilder()
                .Create(new TestApiKey { UserId = user.UserId, KeyId = "k1", KeyHash = "hash-" + user.UserId })
                .Create(new TestApiKeyLookup { KeyHash = "hash-" + user.UserId, UserId = user.UserId })
                .Create(new TestMemberOf { UserId = user.UserId, OrganizationId = "acme" })
                .Create(new TestMembership { OrganizationId = "acme", UserId = user.UserId }), Cancel);
        }

        // A key without a hash owns no lookup: nothing to delete for it, and no failure
        await entities.CreateAsync(new TestApiKey { UserId = doomed.UserId, KeyId = "k2" }, Cancel);
        var before = await TableContents.KeysAsync(table, Cancel);

        // When
        var result = await users.DeleteAsync(doomed.UserId, Cancel);

        // Then: the user's lookup and membership under the organization are gone, the neighbour's stay
        var after = await TableContents.KeysAsync(table, Cancel);
        var deleted = before.Except(after).ToList();
        Assert.Contains(TableContents.KeyOf(TestApiKeyLookup.CreateKey("hash-" + doomed.UserId)), deleted);
        Assert.Contains(TableContents.KeyOf(TestMembership.CreateKey("acme", doomed.UserId)), deleted);
        Assert.Contains(TableContents.KeyOf(TestMembership.CreateKey("acme", neighbour.UserId)), after);
        Assert.Contains(TableContents.KeyOf(TestApiKeyLookup.CreateKey("hash-" + neighbour.UserId)), after);
        Assert.All(after, key => Assert.DoesNotContain(doomed.UserId, key, StringComparison.Ordinal));

        // (user, e-mail sentinel, 2 keys, 1 lookup, 2 membership sides)
        Assert.Equal(7, deleted.Count);
        Assert.Equal(deleted.Count, result.ItemsDeleted);
    }

    [Fact]
    public void OwnedKeysOf_AnOwner_GivesTheKeysOfTheItemsItOwns()
    {
        var model = SaasUsersModel.CreateBuilder().Add<TestApiKey>().Add<TestApiKeyLookup>().Build();

        var owned = model.OwnedKeysOf(new TestApiKey { UserId = "u", KeyId = "k", KeyHash = "h#1" });
        var none = model.OwnedKeysOf(new TestApiKey { UserId = "u", KeyId = "k" });
        var user = model.OwnedKeysOf(new User { UserId = "u", Email = "a@b.c", NormalizedEmail = "a@b.c", SignUpMonth = "2026-01" });

        Assert.Equal([TestApiKeyLookup.CreateKey("h#1")], owned);
        Assert.Empty(none);
        Assert.Equal([EmailLookup.CreateKey("a@b.c")], user);
    }
}
