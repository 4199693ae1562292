#if NET10_0_OR_GREATER
using Microsoft.AspNetCore.Identity;
using SaasUsers.Data.Identity.Items;

namespace SaasUsers.Data.Identity;

/// <summary>
/// Passkeys (.NET 10): each in the user's collection, its credential id claimed by a sentinel in the same
/// transaction, so one credential belongs to one user and finding its user is one strongly consistent read.
/// </summary>
public sealed partial class SaasUserStore : IUserPasskeyStore<SaasIdentityUser>
{
    /// <inheritdoc />
    public Task AddOrUpdatePasskeyAsync(SaasIdentityUser user, UserPasskeyInfo passkey, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(passkey);
        ArgumentNullException.ThrowIfNull(passkey.CredentialId, nameof(passkey));
        var hash = KeyHashes.Credential(passkey.CredentialId);
        var item = new PasskeyItem
        {
            UserId = user.Id,
            CredentialHash = hash,
            CredentialId = KeyHashes.Base64Url(passkey.CredentialId),
            PublicKey = KeyHashes.Base64Url(passkey.PublicKey),
            Name = passkey.Name,
            CreatedAt = passkey.CreatedAt,
            SignCount = passkey.SignCount,
            Transports = passkey.Transports?.ToList(),
            IsUserVerified = passkey.IsUserVerified,
            IsBackupEligible = passkey.IsBackupEligible,
            IsBackedUp = passkey.IsBackedUp,
            AttestationObject = KeyHashes.Base64Url(passkey.AttestationObject),
            ClientDataJson = KeyHashes.Base64Url(passkey.ClientDataJson),
        };
        user.Pending.Passkeys[hash] = new PasskeyChange(item);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IList<UserPasskeyInfo>> GetPasskeysAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        var passkeys = new List<UserPasskeyInfo>();
        await foreach (var item in QueryAllAsync<PasskeyItem>(User.CreatePartitionKey(user.Id), cancellationToken).ConfigureAwait(false))
        {
            passkeys.Add(ToInfo(item));
        }

        return passkeys;
    }

    /// <inheritdoc />
    public async Task<SaasIdentityUser?> FindByPasskeyIdAsync(byte[] credentialId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(credentialId);
        var lookup = await _table.GetAsync<PasskeyLookupItem>(PasskeyLookupItem.CreateKey(KeyHashes.Credential(credentialId)), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return await FromLookupAsync(lookup?.UserId, lookup?.Account, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UserPasskeyInfo?> FindPasskeyAsync(SaasIdentityUser user, byte[] credentialId, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(credentialId);
        var item = await _table.GetAsync<PasskeyItem>(PasskeyItem.CreateKey(user.Id, KeyHashes.Credential(credentialId)), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return item is null ? null : ToInfo(item);
    }

    /// <inheritdoc />
    public async Task RemovePasskeyAsync(SaasIdentityUser user, byte[] credentialId, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(credentialId);
        var hash = KeyHashes.Credential(credentialId);
        var stored = await _table.GetAsync<PasskeyItem>(PasskeyItem.CreateKey(user.Id, hash), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            user.Pending.Passkeys.Remove(hash);
        }
        else
        {
            user.Pending.Passkeys[hash] = new PasskeyChange(null);
        }
    }

    private static UserPasskeyInfo ToInfo(PasskeyItem item) =>
        new(
            KeyHashes.FromBase64Url(item.CredentialId) ?? [],
            KeyHashes.FromBase64Url(item.PublicKey) ?? [],
            item.CreatedAt,
            checked((uint)item.SignCount),
            item.Transports?.ToArray(),
            item.IsUserVerified,
            item.IsBackupEligible,
            item.IsBackedUp,
            KeyHashes.FromBase64Url(item.AttestationObject) ?? [],
            KeyHashes.FromBase64Url(item.ClientDataJson) ?? [])
        {
            Name = item.Name,
        };
}
#endif
