namespace SaasUsers.Data.Tests.Mapping.Entities;

public enum Status
{
    Pending,
    Active,
    Suspended = 10,

    /// <summary>An alias of <see cref="Suspended"/>: written as "Suspended", read under either name.</summary>
    Paused = 10,
    Cancelled,
}
