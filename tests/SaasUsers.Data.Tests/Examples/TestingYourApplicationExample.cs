// The README's "Testing your application" example, compiled and run as a test so it cannot go stale.
// In an application's test project the assembly fixture line goes in any one file:
//   [assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Examples;

// The application's own entity, in the same table as the package's.
[DynamoEntity("TEAM#{TeamId}", "TEAM")]
public sealed partial record Team
{
    public required string TeamId { get; init; }

    public required string OwnerUserId { get; init; }

    public required string Name { get; init; }
}

// One fresh table per test class, created from the model by the package's own provisioner.
public sealed class TeamTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    protected override void ConfigureModel(TableModelBuilder model) => model.Add<Team>();
}

public sealed class SignUpFlowTests(TeamTableFixture table) : IClassFixture<TeamTableFixture>
{
    [Fact]
    public async Task SignUp_CreatesTheUserAndTheirTeam()
    {
        // The application's services, with AddSaasUsersTable pointed at the test table.
        await using var services = table.CreateServices(s => s.AddSaasUsersEntity<Team>());
        var users = services.GetRequiredService<IUserRepository>();
        var entities = services.GetRequiredService<IEntityTable>();

        var user = await users.CreateAsync(new NewUser { Email = "ada@example.com" }, TestContext.Current.CancellationToken);
        await entities.CreateAsync(new Team { TeamId = "t1", OwnerUserId = user.UserId, Name = "Analytical" }, TestContext.Current.CancellationToken);

        var team = await entities.GetAsync<Team>(Team.CreateKey("t1"), consistentRead: true, TestContext.Current.CancellationToken);
        Assert.Equal(user.UserId, team?.OwnerUserId);
    }

    [Fact]
    public async Task SignUp_SurvivesThrottling()
    {
        // DynamoDB Local never throttles; the fault injector makes the first two transactions fail as the service would.
        var faults = new DynamoDbFaultInjector().Throttle("TransactWriteItems", times: 2);
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var users = services.GetRequiredService<IUserRepository>();

        var user = await users.CreateAsync(new NewUser { Email = "grace@example.com" }, TestContext.Current.CancellationToken);

        Assert.Equal(2, faults.Injected);
        Assert.NotNull(await users.GetAsync(user.UserId, consistentRead: true, TestContext.Current.CancellationToken));
    }
}
