using Amazon.DynamoDBv2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace SaasUsers.Data.Tests.DependencyInjection;

public sealed class AddSaasUsersTableTests
{
    [Fact]
    public void AddSaasUsersTable_FromConfiguration_ResolvesEveryPublicService()
    {
        using var host = BuildHost(new()
        {
            ["SaasUsers:App"] = "shop",
            ["SaasUsers:Stage"] = "dev",
            ["SaasUsers:Region"] = "eu-west-1",
            ["SaasUsers:ServiceUrl"] = "http://127.0.0.1:8000",
            ["SaasUsers:BillingMode"] = "Provisioned",
            ["SaasUsers:CursorLifetime"] = "00:30:00",
            ["SaasUsers:Tags:team"] = "billing",
        });

        var services = host.Services;
        Assert.NotNull(services.GetRequiredService<IAmazonDynamoDB>());
        Assert.NotNull(services.GetRequiredService<IUserRepository>());
        Assert.NotNull(services.GetRequiredService<ISubscriptionRepository>());
        Assert.NotNull(services.GetRequiredService<ICheckoutPaymentRepository>());
        Assert.NotNull(services.GetRequiredService<IAccountRepository>());
        Assert.NotNull(services.GetRequiredService<ITableProvisioner>());
        Assert.NotNull(services.GetRequiredService<TimeProvider>());
        var table = services.GetRequiredService<IEntityTable>();
        Assert.Equal("shop-dev-users", table.TableName);
        var options = services.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value;
        Assert.Equal(TableBillingMode.Provisioned, options.BillingMode);
        Assert.Equal(TimeSpan.FromMinutes(30), options.CursorLifetime);
        Assert.Equal("billing", options.Tags["team"]);
    }

    [Fact]
    public async Task Start_WithoutTableName_FailsNamingTheOption()
    {
        using var host = BuildHost(new() { ["SaasUsers:Region"] = "eu-west-1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SaasUsers:TableName", "a", "TableName")]
    [InlineData("SaasUsers:TableName", "bad name!", "TableName")]
    [InlineData("SaasUsers:ServiceUrl", "localhost:8000", "ServiceUrl")]
    [InlineData("SaasUsers:Region", "Europe", "Region")]
    [InlineData("SaasUsers:CursorSigningKey", "c2hvcnQ=", "CursorSigningKey")]
    [InlineData("SaasUsers:MaxBatchAttempts", "0", "MaxBatchAttempts")]
    [InlineData("SaasUsers:MaxBatchConcurrency", "0", "MaxBatchConcurrency")]
    [InlineData("SaasUsers:MaxBatchConcurrency", "33", "MaxBatchConcurrency")]
    [InlineData("SaasUsers:CursorLifetime", "soon", "CursorLifetime")]
    [InlineData("SaasUsers:BillingMode", "Free", "BillingMode")]
    public async Task Start_WithInvalidOption_FailsNamingTheOption(string key, string value, string option)
    {
        var settings = new Dictionary<string, string?> { ["SaasUsers:TableName"] = "users", [key] = value };
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithInvalidCursorSigningKey_DoesNotEchoTheKey()
    {
        const string secret = "c2VjcmV0LXNpZ25pbmcta2V5";
        using var host = BuildHost(new() { ["SaasUsers:TableName"] = "users", ["SaasUsers:CursorSigningKey"] = secret });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToString_HidesTheCursorSigningKey()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var options = new SaasUsersTableOptions { TableName = "users", CursorSigningKey = key };

        Assert.DoesNotContain(key, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("hidden", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddSaasUsersTable_WithAClientAlreadyRegistered_KeepsTheApplicationsClient()
    {
        using var client = new AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials("a", "b"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:1" });
        var services = new ServiceCollection();
        services.AddSingleton<IAmazonDynamoDB>(client);

        services.AddSaasUsersTable(o => o.TableName = "users");
        using var provider = services.BuildServiceProvider();

        Assert.Same(client, provider.GetRequiredService<IAmazonDynamoDB>());
    }

    [Fact]
    public void AddSaasUsersTable_CalledTwice_RegistersEachServiceOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();

        services.AddSaasUsersTable(o => o.TableName = "first");
        var count = services.Count;
        services.AddSaasUsersTable(o => o.Region = "eu-west-1");
        using var provider = services.BuildServiceProvider();

        Assert.Equal(count + 1, services.Count);
        Assert.Single(provider.GetServices<IUserRepository>());
        Assert.Single(provider.GetServices<IHostedService>());
        var options = provider.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value;
        Assert.Equal("first", options.TableName);
        Assert.Equal("eu-west-1", options.Region);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSaasUsersTable(builder.Configuration.GetSection("SaasUsers"));
        return builder.Build();
    }
}
