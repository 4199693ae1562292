using SaasUsers.Data.Stripe.Events;

namespace SaasUsers.Data.Stripe;

/// <summary>The entity types SaasUsers.Data.Stripe stores in the table.</summary>
public static class SaasUsersStripeModel
{
    /// <summary>
    /// Adds the Stripe event record and the payment intent link to a table model built by hand (a test kit fixture's,
    /// say; <c>AddSaasUsersStripe</c> adds them to the application's model itself). They use no index, only the table's
    /// <c>ExpiresAt</c> time to live.
    /// </summary>
    /// <param name="model">The model builder.</param>
    /// <returns>The model builder.</returns>
    public static TableModelBuilder AddSaasUsersStripe(this TableModelBuilder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Add(StripeEventRecord.Mapper).Add(StripePaymentLink.Mapper);
    }
}
