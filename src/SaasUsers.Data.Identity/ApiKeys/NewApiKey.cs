namespace SaasUsers.Data.Identity;

/// <summary>What a new API key is made with.</summary>
public sealed record NewApiKey
{
    /// <summary>The name shown to the user (1 to 100 characters, no control characters), for example "CI deploy".</summary>
    public required string Name { get; init; }

    /// <summary>When the key stops working, or <see langword="null"/> for never. Must be in the future.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
