namespace SaasUsers.Data.Stripe.Tests;

/// <summary>The client reference forms: <c>org_{id}</c> names an organization, any other value a user.</summary>
public sealed class ClientReferenceTests
{
    [Fact]
    public void For_AnOrganization_IsOrgPrefixed_AndParsesBack()
    {
        var account = BillingAccount.ForOrganization("acme-1");

        var reference = StripeClientReference.For(account);

        Assert.Equal("org_acme-1", reference);
        Assert.Equal(account, StripeClientReference.Parse(reference));
    }

    [Theory]
    [InlineData("u-42")]
    [InlineData("user_2abcDEF")]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82")]
    public void For_AUser_IsTheUsersId_AndParsesBack(string userId)
    {
        var reference = StripeClientReference.For(BillingAccount.ForUser(userId));

        Assert.Equal(userId, reference);
        Assert.Equal(BillingAccount.ForUser(userId), StripeClientReference.Parse(reference));
    }

    [Fact]
    public void For_AUserWhoseIdBeginsWithTheOrganizationPrefix_IsRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => StripeClientReference.For(BillingAccount.ForUser("org_lookalike")));

        Assert.Equal("account", error.ParamName);
        Assert.Contains("metadata", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("org_")]
    [InlineData("has space")]
    [InlineData("org_has space")]
    public void Parse_OfAReferenceThatNamesNoValidAccount_IsNull(string? reference) => Assert.Null(StripeClientReference.Parse(reference));
}
