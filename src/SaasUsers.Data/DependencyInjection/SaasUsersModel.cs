namespace SaasUsers.Data;

/// <summary>The entity types this package stores; an application adds its own with <c>AddSaasUsersEntity&lt;T&gt;</c>.</summary>
public static class SaasUsersModel
{
    /// <summary>A model builder that already holds the package's entities.</summary>
    public static TableModelBuilder CreateBuilder() => new TableModelBuilder()
        .Add<User>()
        .Add<EmailLookup>()
        .Add<Subscription>()
        .Add<CheckoutPayment>()
        .Add<CheckoutRecord>();

    /// <summary>The model of the package's own entities.</summary>
    public static TableModel Default { get; } = CreateBuilder().Build();
}
