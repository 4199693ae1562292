namespace SaasUsers.Data.Identity;

/// <summary>
/// API keys for machine access to a user's account. A key is shown once, when it is created; only a SHA-256 of its
/// secret is stored. A presented key names its own item, so verifying it is one strongly consistent read, and the
/// secret is compared in constant time. Keys live in the user's collection: deleting the user deletes them.
/// </summary>
public interface IApiKeyRepository
{
    /// <summary>Creates a key for an existing user (one transaction: the key, if the user exists).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="newKey">The key's name and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key with its secret, to show once.</returns>
    /// <exception cref="ItemNotFoundException">The user does not exist.</exception>
    /// <exception cref="ArgumentException">The name or expiry breaks a rule; nothing is written.</exception>
    Task<CreatedApiKey> CreateAsync(string userId, NewApiKey newKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies a presented key: one strongly consistent <c>GetItem</c>, plus one <c>UpdateItem</c> of its last-used
    /// time at most once a minute per key. A malformed key sends nothing.
    /// </summary>
    /// <param name="presentedKey">The key as presented (for example from an <c>Authorization</c> header).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key, or <see langword="null"/> when it is malformed, unknown, revoked or expired.</returns>
    Task<ApiKey?> VerifyAsync(string? presentedKey, CancellationToken cancellationToken = default);

    /// <summary>Lists a user's keys, without secrets (one strongly consistent <c>Query</c> a page of 1,000).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The keys, oldest id first; expired keys that time to live has not removed yet are included, with their expiry.</returns>
    Task<IReadOnlyList<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key at once (one <c>DeleteItem</c>).</summary>
    /// <param name="userId">The key's user.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the key existed.</returns>
    Task<bool> RevokeAsync(string userId, string keyId, CancellationToken cancellationToken = default);
}
