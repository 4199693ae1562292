namespace SaasUsers.Data.Sample.Commands;

/// <summary>The package's entity types by name, for <c>--types</c>.</summary>
internal static class SampleEntityTypes
{
    public static readonly string[] All = ["User", "EmailLookup", "Subscription", "CheckoutPayment", "CheckoutRecord"];

    /// <summary>A backfill plan of the named types (all when null).</summary>
    /// <exception cref="ArgumentException">A name is not one of the package's entity types.</exception>
    public static BackfillPlan Plan(IReadOnlyList<string>? types)
    {
        var plan = new BackfillPlan();
        foreach (var type in types ?? All)
        {
            _ = type switch
            {
                "User" => plan.Include<User>(),
                "EmailLookup" => plan.Include<EmailLookup>(),
                "Subscription" => plan.Include<Subscription>(),
                "CheckoutPayment" => plan.Include<CheckoutPayment>(),
                "CheckoutRecord" => plan.Include<CheckoutRecord>(),
                _ => throw new ArgumentException($"--types: '{type}' is not an entity type of the table ({string.Join(", ", All)})."),
            };
        }

        return plan;
    }
}
