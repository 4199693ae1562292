namespace SaasUsers.Data;

/// <summary>How often a subscription's price is charged.</summary>
public enum PriceInterval
{
    /// <summary>Every month.</summary>
    Month,

    /// <summary>Every year; its monthly recurring revenue is a twelfth of the price.</summary>
    Year,
}
