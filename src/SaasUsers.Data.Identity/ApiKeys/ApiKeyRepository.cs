using System.Security.Cryptography;
using System.Text;
using SaasUsers.Data.Identity.Items;

namespace SaasUsers.Data.Identity;

/// <summary>The <see cref="IApiKeyRepository"/> on the SaaS table.</summary>
/// <remarks>
/// A key reads <c>sud_{base64url(user id)}.{key id}.{secret}</c>: the user id and key id name the item
/// (<c>USER#{user id}</c> / <c>APIKEY#{key id}</c>), and the 256-bit random secret is checked against the stored
/// SHA-256 with <see cref="CryptographicOperations.FixedTimeEquals"/>. A fast hash is enough for a random secret
/// of that size (no dictionary to attack); a password hash would make every request slow. The repository never
/// logs, and no exception it throws holds a key.
/// </remarks>
public sealed class ApiKeyRepository : IApiKeyRepository
{
    /// <summary>The prefix of every key, so secret scanners and people can recognise one.</summary>
    public const string KeyPrefix = "sud_";

    /// <summary>How often at most a key's last-used time is written.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int MaxNameLength = 100;
    private const int MaxPresentedKeyLength = 512;
    private const int SecretBytes = 32;
    private const int KeyIdBytes = 12;

    private readonly IEntityTable _table;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the repository.</summary>
    /// <param name="table">The table.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public ApiKeyRepository(IEntityTable table, TimeProvider? timeProvider = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<CreatedApiKey> CreateAsync(string userId, NewApiKey newKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        var userKey = User.CreateKey(userId);
        var name = CheckName(newKey.Name);
        var now = _timeProvider.GetUtcNow();
        if (newKey.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw new ArgumentException($"'{nameof(newKey.ExpiresAt)}' must be in the future; it is {expiresAt:O}.", nameof(newKey));
        }

        var keyId = KeyHashes.Base64Url(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secret = KeyHashes.Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var item = new ApiKeyItem
        {
            UserId = userId,
            KeyId = keyId,
            Name = name,
            SecretHash = Convert.ToBase64String(Hash(secret)),
            CreatedAt = now,
            ExpiresAt = newKey.ExpiresAt,
        };
        var transaction = new TransactionBuilder()
            .Check<User>(userKey)
            .Create(item);
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException exception) when (exception.Failures.Any(f => f.Key == userKey && f.Reason == TransactionFailureReason.ItemNotFound))
        {
            throw new ItemNotFoundException(User.Mapper.EntityType, userKey, exception);
        }

        var presented = KeyPrefix + KeyHashes.Base64Url(Encoding.UTF8.GetBytes(userId)) + "." + keyId + "." + secret;
        return new CreatedApiKey(ToKey(item), presented);
    }

    /// <inheritdoc />
    public async Task<ApiKey?> VerifyAsync(string? presentedKey, CancellationToken cancellationToken = default)
    {
        if (!TryParse(presentedKey, out var userId, out var keyId, out var secret))
        {
            return null;
        }

        var item = await _table.GetAsync<ApiKeyItem>(ApiKeyItem.CreateKey(userId, keyId), consistentRead: true, cancellationToken).ConfigureAwait(false);
        var stored = item is null ? null : FromBase64(item.SecretHash);
        if (item is null || stored is null || !CryptographicOperations.FixedTimeEquals(Hash(secret), stored))
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        if (item.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            // Time to live deletes expired items late (typically within two days): the expiry is checked here.
            return null;
        }

        if (item.LastUsedAt is null || now - item.LastUsedAt.Value >= LastUsedResolution)
        {
            item = await TouchAsync(item, now, cancellationToken).ConfigureAwait(false);
        }

        return ToKey(item);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var keys = new List<ApiKey>();
        await foreach (var item in _table.CollectionAsync<ApiKeyItem>(User.CreatePartitionKey(userId), cancellationToken).ConfigureAwait(false))
        {
            keys.Add(ToKey(item));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string userId, string keyId, CancellationToken cancellationToken = default)
    {
        var key = ApiKeyItem.CreateKey(userId, keyId);
        try
        {
            await _table.DeleteAsync<ApiKeyItem>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ItemNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Parses <c>sud_{base64url(user id)}.{key id}.{secret}</c> without sending anything.</summary>
    internal static bool TryParse(string? presentedKey, out string userId, out string keyId, out string secret)
    {
        userId = keyId = secret = string.Empty;
        if (presentedKey is null || presentedKey.Length > MaxPresentedKeyLength || !presentedKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = presentedKey[KeyPrefix.Length..].Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !p.All(IsBase64UrlChar)))
        {
            return false;
        }

        var userIdBytes = KeyHashes.FromBase64Url(parts[0]);
        if (userIdBytes is null)
        {
            return false;
        }

        try
        {
            userId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(userIdBytes);
            Mapping.KeyComponent.Escape(userId, nameof(userId));
        }
        catch (ArgumentException)
        {
            return false;
        }

        keyId = parts[1];
        secret = parts[2];
        return true;
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }

    private static string CheckName(string? name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(NewApiKey.Name));
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"'{nameof(NewApiKey.Name)}' must be at most {MaxNameLength} characters; it has {name.Length}.", nameof(NewApiKey.Name));
        }

        if (name.Any(char.IsControl))
        {
            throw new ArgumentException($"'{nameof(NewApiKey.Name)}' must not contain control characters.", nameof(NewApiKey.Name));
        }

        return name;
    }

    private static ApiKey ToKey(ApiKeyItem item) => new(item.UserId, item.KeyId, item.Name, item.CreatedAt, item.ExpiresAt, item.LastUsedAt);

    /// <summary>
    /// Records the use, at most once a minute per key even across instances: the update applies only while the
    /// stored last-used time is older than a minute (or absent); losing that race, or a revoke, changes nothing.
    /// </summary>
    private async Task<ApiKeyItem> TouchAsync(ApiKeyItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? threshold = now - LastUsedResolution;
        try
        {
            return await _table.UpdateAsync<ApiKeyItem>(ApiKeyItem.CreateKey(item.UserId, item.KeyId), update => update
                .Set(ApiKeyItem.Fields.LastUsedAt, now)
                .When(ItemCondition.NotExists(ApiKeyItem.Fields.LastUsedAt) | ItemCondition.LessThanOrEqual(ApiKeyItem.Fields.LastUsedAt, threshold)), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            return item;
        }
    }
}
