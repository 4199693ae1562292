using Xunit;

namespace SaasUsers.Data.Tests.Repositories;

public sealed class UpdateBuilderTests
{
    private static readonly PrimaryKey Key = User.CreateKey("u1");

    [Fact]
    public void Render_SetOfIndexedAttribute_RebuildsTheIndexKeys()
    {
        var update = new UpdateBuilder<User>().Set(User.Fields.NormalizedEmail, "new@example.com");
        var attributes = new ExpressionAttributes();

        var rendered = update.Render(Key, attributes);

        Assert.Contains("GSI1PK", attributes.Names.Values);
        Assert.Contains("GSI1SK", attributes.Names.Values);
        Assert.Contains(attributes.Values.Values, v => v.S == "EMAIL#new@example.com");
        Assert.StartsWith("SET ", rendered.UpdateExpression, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RemovalOfSparseIndexAttribute_RemovesTheIndexKeys()
    {
        var update = new UpdateBuilder<User>()
            .Set(User.Fields.PaymentProvider, null)
            .Set(User.Fields.ProviderCustomerId, null);
        var attributes = new ExpressionAttributes();

        var rendered = update.Render(Key, attributes);

        var remove = rendered.UpdateExpression[rendered.UpdateExpression.IndexOf("REMOVE", StringComparison.Ordinal)..];
        foreach (var attribute in new[] { "PaymentProvider", "ProviderCustomerId", "GSI2PK", "GSI2SK" })
        {
            var placeholder = attributes.Names.Single(n => n.Value == attribute).Key;
            Assert.Contains(placeholder, remove, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SetOfOnlyPartOfAnIndexTemplate_ThrowsNamingWhatIsMissing()
    {
        var update = new UpdateBuilder<User>().Set(User.Fields.ProviderCustomerId, "cus_1");

        var error = Assert.Throws<ArgumentException>(() => update.Render(Key, new ExpressionAttributes()));

        Assert.Equal("ProviderCustomerId", error.ParamName);
        Assert.Contains("PaymentProvider", error.Message, StringComparison.Ordinal);
        Assert.Contains("GSI2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SetOfPrimaryKeyAttribute_Throws()
    {
        var update = new UpdateBuilder<User>().Set(User.Fields.UserId, "other");

        var error = Assert.Throws<ArgumentException>(() => update.Render(Key, new ExpressionAttributes()));

        Assert.Equal("UserId", error.ParamName);
        Assert.Contains("primary key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SetOfVersion_Throws()
    {
        var update = new UpdateBuilder<User>().Set(User.Fields.Version, 7);

        var error = Assert.Throws<ArgumentException>(() => update.Render(Key, new ExpressionAttributes()));

        Assert.Equal("Version", error.ParamName);
    }

    [Fact]
    public void Render_WithoutChanges_Throws()
    {
        Assert.Throws<ArgumentException>(() => new UpdateBuilder<User>().ExpectVersion(1).Render(Key, new ExpressionAttributes()));
    }

    [Fact]
    public void Set_OfTheSameAttributeTwice_Throws()
    {
        var update = new UpdateBuilder<User>().Set(User.Fields.DisplayName, "a");

        var error = Assert.Throws<ArgumentException>(() => update.Set(User.Fields.DisplayName, "b"));

        Assert.Equal("DisplayName", error.ParamName);
    }

    [Fact]
    public void Render_OfAnyUpdate_RequiresTheItemToExistAsItsTypeAndBumpsTheVersion()
    {
        var attributes = new ExpressionAttributes();

        var rendered = new UpdateBuilder<User>().Set(User.Fields.DisplayName, "Ann").ExpectVersion(3).Render(Key, attributes);

        Assert.Contains("attribute_exists(", rendered.ConditionExpression, StringComparison.Ordinal);
        Assert.Contains(attributes.Values.Values, v => v.S == "User");
        Assert.Contains(attributes.Values.Values, v => v.N == "3");
        Assert.Contains("if_not_exists(", rendered.UpdateExpression, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectVersion_OnUnversionedEntity_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new UpdateBuilder<EmailLookup>().ExpectVersion(1));
    }
}
