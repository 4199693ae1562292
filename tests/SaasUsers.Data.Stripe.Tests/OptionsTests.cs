using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>Options from configuration and code, validated at start-up with every problem named, and no secret in a message.</summary>
public sealed class OptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSaasUsersTable(o => { o.TableName = "options-test"; o.Region = "us-east-1"; })
            .AddSaasUsersStripe(configuration.GetSection("Stripe"))
            .BuildServiceProvider();
    }

    [Fact]
    public void Configuration_BindsEveryOption()
    {
        using var services = Build(new()
        {
            ["Stripe:WebhookSecrets:0"] = "whsec_a",
            ["Stripe:WebhookSecrets:1"] = "whsec_b",
            ["Stripe:SignatureTolerance"] = "00:02:00",
            ["Stripe:EventRetention"] = "7.00:00:00",
            ["Stripe:UserIdMetadataKey"] = "app_user",
            ["Stripe:OrganizationIdMetadataKey"] = "app_team",
        });

        var options = services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value;

        Assert.Equal(["whsec_a", "whsec_b"], options.WebhookSecrets);
        Assert.Equal(TimeSpan.FromMinutes(2), options.SignatureTolerance);
        Assert.Equal(TimeSpan.FromDays(7), options.EventRetention);
        Assert.Equal("app_user", options.UserIdMetadataKey);
        Assert.Equal("app_team", options.OrganizationIdMetadataKey);
    }

    [Fact]
    public void MetadataKeys_ThatAreTheSame_FailNamingBoth()
    {
        using var services = Build(new()
        {
            ["Stripe:WebhookSecrets:0"] = "whsec_a",
            ["Stripe:UserIdMetadataKey"] = "account",
            ["Stripe:OrganizationIdMetadataKey"] = "account",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value);

        Assert.Contains("OrganizationIdMetadataKey and UserIdMetadataKey must differ; both are 'account'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSecretAsAValue_IsBound()
    {
        using var services = Build(new() { ["Stripe:WebhookSecrets"] = "whsec_single" });

        Assert.Equal(["whsec_single"], services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value.WebhookSecrets);
    }

    [Fact]
    public void BadOptions_FailWithEveryProblem_AndNoSecret()
    {
        using var services = Build(new()
        {
            ["Stripe:WebhookSecrets:0"] = "whsec_has a space",
            ["Stripe:SignatureTolerance"] = "02:00:00",
            ["Stripe:EventRetention"] = "1.00:00:00",
            ["Stripe:UserIdMetadataKey"] = " ",
            ["Stripe:OrganizationIdMetadataKey"] = "",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value);

        Assert.Contains("WebhookSecrets[0] is empty or holds white space", error.Message, StringComparison.Ordinal);
        Assert.Contains("SignatureTolerance must be from 00:00:01 to 01:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("EventRetention must be from 4 days", error.Message, StringComparison.Ordinal);
        Assert.Contains("UserIdMetadataKey is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("OrganizationIdMetadataKey is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_has", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSecret_FailsNamingTheOption()
    {
        using var services = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value);

        Assert.Contains("WebhookSecrets needs at least one signing secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueThatDoesNotParse_FailsNamingItsKey()
    {
        using var services = Build(new() { ["Stripe:WebhookSecrets:0"] = "whsec_a", ["Stripe:SignatureTolerance"] = "five minutes" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value);

        Assert.Contains("Stripe:SignatureTolerance 'five minutes' is not a time span", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithoutASecret()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Services.AddSaasUsersTable(o => { o.TableName = "options-test"; o.Region = "us-east-1"; }).AddSaasUsersStripe(_ => { });
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void AddSaasUsersStripe_Twice_RegistersOneProcessorAndOneEntity()
    {
        using var services = new ServiceCollection()
            .AddSaasUsersTable(o => { o.TableName = "options-test"; o.Region = "us-east-1"; })
            .AddSaasUsersStripe(o => o.WebhookSecrets.Add("whsec_a"))
            .AddSaasUsersStripe(o => o.WebhookSecrets.Add("whsec_b"))
            .BuildServiceProvider();

        Assert.Single(services.GetServices<StripeWebhookProcessor>());
        Assert.Equal(["whsec_a", "whsec_b"], services.GetRequiredService<IOptions<StripeWebhookOptions>>().Value.WebhookSecrets);
        Assert.Single(services.GetRequiredService<TableModel>().Entities, e => e.EntityType == "StripeEvent");
    }

    [Fact]
    public void TheProcessor_BuiltByHand_ChecksTheOptions()
    {
        var repositories = new SaasUsersRepositories(new EntityTable(new Amazon.DynamoDBv2.AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials("a", "b"), Amazon.RegionEndpoint.USEast1), SaasUsersModel.Default, new SaasUsersTableOptions { TableName = "options-test" }));

        var error = Assert.Throws<ArgumentException>(() => new StripeWebhookProcessor(repositories, new StripeWebhookOptions()));

        Assert.Equal("options", error.ParamName);
    }
}
