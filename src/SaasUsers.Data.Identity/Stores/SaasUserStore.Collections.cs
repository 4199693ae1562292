using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SaasUsers.Data.Identity.Items;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data.Identity;

/// <summary>Logins, claims, authentication tokens and roles: read from the user's collection, staged until the next save.</summary>
public sealed partial class SaasUserStore
{
    // ---- IUserLoginStore ------------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>Staged: the next save writes the login and claims its (provider, key) sentinel; if another user
    /// holds the login, the save fails with <c>LoginAlreadyAssociated</c> and writes nothing.</remarks>
    public Task AddLoginAsync(SaasIdentityUser user, UserLoginInfo login, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(login);
        RequireKeySafe(login.LoginProvider, nameof(login.LoginProvider));
        RequireKeySafe(login.ProviderKey, nameof(login.ProviderKey));
        user.Pending.Logins[(login.LoginProvider, login.ProviderKey)] = new LoginChange(true, login.ProviderDisplayName);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RemoveLoginAsync(SaasIdentityUser user, string loginProvider, string providerKey, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!IsKeySafe(loginProvider) || !IsKeySafe(providerKey))
        {
            return;
        }

        var stored = await _table.GetAsync<LoginItem>(LoginItem.CreateKey(user.Id, loginProvider, providerKey), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            user.Pending.Logins.Remove((loginProvider, providerKey));
        }
        else
        {
            user.Pending.Logins[(loginProvider, providerKey)] = new LoginChange(false, null);
        }
    }

    /// <inheritdoc />
    public async Task<IList<UserLoginInfo>> GetLoginsAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        var logins = new List<UserLoginInfo>();
        await foreach (var login in QueryAllAsync<LoginItem>(User.CreatePartitionKey(user.Id), cancellationToken).ConfigureAwait(false))
        {
            logins.Add(new UserLoginInfo(login.LoginProvider, login.ProviderKey, login.ProviderDisplayName));
        }

        return logins;
    }

    /// <inheritdoc />
    public async Task<SaasIdentityUser?> FindByLoginAsync(string loginProvider, string providerKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsKeySafe(loginProvider) || !IsKeySafe(providerKey))
        {
            return null;
        }

        var lookup = await _table.GetAsync<LoginLookupItem>(LoginLookupItem.CreateKey(loginProvider, providerKey), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return await FromLookupAsync(lookup?.UserId, lookup?.Account, cancellationToken).ConfigureAwait(false);
    }

    // ---- IUserClaimStore ------------------------------------------------------------------------------------

    /// <inheritdoc />
    public async Task<IList<Claim>> GetClaimsAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        var claims = new List<Claim>();
        await foreach (var claim in QueryAllAsync<ClaimItem>(User.CreatePartitionKey(user.Id), cancellationToken).ConfigureAwait(false))
        {
            claims.Add(new Claim(claim.ClaimType, claim.ClaimValue));
        }

        return claims;
    }

    /// <inheritdoc />
    public Task AddClaimsAsync(SaasIdentityUser user, IEnumerable<Claim> claims, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(claims);
        foreach (var claim in claims)
        {
            ArgumentNullException.ThrowIfNull(claim, nameof(claims));
            user.Pending.Claims[KeyHashes.Claim(claim.Type, claim.Value)] = (claim.Type, claim.Value);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task ReplaceClaimAsync(SaasIdentityUser user, Claim claim, Claim newClaim, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(newClaim);
        var oldHash = KeyHashes.Claim(claim.Type, claim.Value);
        var stored = await _table.GetAsync<ClaimItem>(ClaimItem.CreateKey(user.Id, oldHash), consistentRead: true, cancellationToken).ConfigureAwait(false);
        var staged = user.Pending.Claims.TryGetValue(oldHash, out var change) && change is not null;
        if (stored is null && !staged)
        {
            return;
        }

        Stage(user, oldHash, stored is not null);
        user.Pending.Claims[KeyHashes.Claim(newClaim.Type, newClaim.Value)] = (newClaim.Type, newClaim.Value);
    }

    /// <inheritdoc />
    public async Task RemoveClaimsAsync(SaasIdentityUser user, IEnumerable<Claim> claims, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentNullException.ThrowIfNull(claims);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in QueryAllAsync<ClaimItem>(User.CreatePartitionKey(user.Id), cancellationToken).ConfigureAwait(false))
        {
            stored.Add(item.ClaimHash);
        }

        foreach (var claim in claims)
        {
            ArgumentNullException.ThrowIfNull(claim, nameof(claims));
            var hash = KeyHashes.Claim(claim.Type, claim.Value);
            Stage(user, hash, stored.Contains(hash));
        }
    }

    /// <inheritdoc />
    /// <remarks>One query of GSI1 (eventually consistent, as a listing may be) and one BatchGetItem per 50 users.</remarks>
    public async Task<IList<SaasIdentityUser>> GetUsersForClaimAsync(Claim claim, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(claim);
        var ids = await QueryIndexAsync<ClaimItem, string>(ClaimItem.Indexes.ByClaim.Query(KeyHashes.Claim(claim.Type, claim.Value)), c => c.UserId, cancellationToken).ConfigureAwait(false);
        return (await LoadManyAsync(ids, cancellationToken).ConfigureAwait(false)).ToList();
    }

    // ---- IUserAuthenticationTokenStore ------------------------------------------------------------------------

    /// <inheritdoc />
    public Task SetTokenAsync(SaasIdentityUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        RequireKeySafe(loginProvider, nameof(loginProvider));
        RequireKeySafe(name, nameof(name));
        user.Pending.Tokens[(loginProvider, name)] = new TokenChange(false, value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RemoveTokenAsync(SaasIdentityUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!IsKeySafe(loginProvider) || !IsKeySafe(name))
        {
            return;
        }

        var stored = await _table.GetAsync<TokenItem>(TokenItem.CreateKey(user.Id, loginProvider, name), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            user.Pending.Tokens.Remove((loginProvider, name));
        }
        else
        {
            user.Pending.Tokens[(loginProvider, name)] = new TokenChange(true, null);
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetTokenAsync(SaasIdentityUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        if (!IsKeySafe(loginProvider) || !IsKeySafe(name))
        {
            return null;
        }

        if (user.Pending.Tokens.TryGetValue((loginProvider, name), out var staged))
        {
            return staged.Remove ? null : staged.Value;
        }

        var token = await _table.GetAsync<TokenItem>(TokenItem.CreateKey(user.Id, loginProvider, name), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return token?.Value;
    }

    // ---- IUserRoleStore -------------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No role has the name.</exception>
    public async Task AddToRoleAsync(SaasIdentityUser user, string normalizedRoleName, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizedRoleName);
        var roleId = await FindRoleIdAsync(normalizedRoleName, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Role '{normalizedRoleName}' does not exist.");
        user.Pending.Roles[roleId] = true;
    }

    /// <inheritdoc />
    public async Task RemoveFromRoleAsync(SaasIdentityUser user, string normalizedRoleName, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizedRoleName);
        if (await FindRoleIdAsync(normalizedRoleName, cancellationToken).ConfigureAwait(false) is not { } roleId)
        {
            return;
        }

        var stored = await _table.GetAsync<UserRoleItem>(UserRoleItem.CreateKey(user.Id, roleId), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            user.Pending.Roles.Remove(roleId);
        }
        else
        {
            user.Pending.Roles[roleId] = false;
        }
    }

    /// <inheritdoc />
    public async Task<IList<string>> GetRolesAsync(SaasIdentityUser user, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        var roleIds = new List<string>();
        await foreach (var link in QueryAllAsync<UserRoleItem>(User.CreatePartitionKey(user.Id), cancellationToken).ConfigureAwait(false))
        {
            roleIds.Add(link.RoleId);
        }

        if (roleIds.Count == 0)
        {
            return [];
        }

        var roles = await _table.BatchGetAsync(roleIds.Select(RoleItem.CreateKey), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return roles.OfType<RoleItem>().Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> IsInRoleAsync(SaasIdentityUser user, string normalizedRoleName, CancellationToken cancellationToken)
    {
        Checked(user, cancellationToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizedRoleName);
        if (await FindRoleIdAsync(normalizedRoleName, cancellationToken).ConfigureAwait(false) is not { } roleId)
        {
            return false;
        }

        return await _table.GetAsync<UserRoleItem>(UserRoleItem.CreateKey(user.Id, roleId), consistentRead: true, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    /// <remarks>One query of GSI1 (eventually consistent) and one BatchGetItem per 50 users.</remarks>
    public async Task<IList<SaasIdentityUser>> GetUsersInRoleAsync(string normalizedRoleName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizedRoleName);
        if (await FindRoleIdAsync(normalizedRoleName, cancellationToken).ConfigureAwait(false) is not { } roleId)
        {
            return [];
        }

        var ids = await QueryIndexAsync<UserRoleItem, string>(UserRoleItem.Indexes.ByRole.Query(roleId), r => r.UserId, cancellationToken).ConfigureAwait(false);
        return (await LoadManyAsync(ids, cancellationToken).ConfigureAwait(false)).ToList();
    }

    private async Task<string?> FindRoleIdAsync(string normalizedRoleName, CancellationToken cancellationToken)
    {
        if (!IsKeySafe(normalizedRoleName))
        {
            return null;
        }

        var lookup = await _table.GetAsync<RoleNameItem>(RoleNameItem.CreateKey(normalizedRoleName), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return lookup?.RoleId;
    }

    private async Task<List<TValue>> QueryIndexAsync<T, TValue>(ItemQuery indexQuery, Func<T, TValue> select, CancellationToken cancellationToken)
        where T : class, IDynamoEntity<T>
    {
        var values = new List<TValue>();
        await foreach (var item in _table.AllAsync<T>(indexQuery, cancellationToken).ConfigureAwait(false))
        {
            values.Add(select(item));
        }

        return values;
    }

    /// <summary>Stages the removal of a claim: a delete if it is stored, else only the staged add is dropped.</summary>
    private static void Stage(SaasIdentityUser user, string claimHash, bool isStored)
    {
        if (isStored)
        {
            user.Pending.Claims[claimHash] = null;
        }
        else
        {
            user.Pending.Claims.Remove(claimHash);
        }
    }

    private static void RequireKeySafe(string? value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        Mapping.KeyComponent.Escape(value, paramName);
    }
}
