namespace SaasUsers.Data;

/// <summary>How a table is billed.</summary>
public enum TableBillingMode
{
    /// <summary>On-demand: pay per request, no capacity planning.</summary>
    PayPerRequest,

    /// <summary>Provisioned read and write capacity units.</summary>
    Provisioned,
}
