namespace SaasUsers.Data.Identity.Items;

/// <summary>An external login (provider, key) of a user, as listed on the user's <see cref="AccountItem"/>.</summary>
[DynamoDocument]
internal sealed partial record LoginRef
{
    public required string Provider { get; init; }

    public required string Key { get; init; }
}
