using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SaasUsers.Data.Identity.Items;

namespace SaasUsers.Data.Identity;

/// <summary>
/// ASP.NET Core Identity's role store on the SaaS table: a role at <c>ROLE#{id}</c> / <c>ROLE</c>, its normalized
/// name made unique by a sentinel written in the same transaction, its claims in its collection. The role's
/// <c>ConcurrencyStamp</c> is its stored version. No <see cref="IQueryableRoleStore{TRole}"/> (it would need a Scan).
/// </summary>
public sealed class SaasRoleStore : IRoleClaimStore<SaasIdentityRole>
{
    private readonly IEntityTable _table;
    private readonly IdentityErrorDescriber _errors;

    /// <summary>Creates the store.</summary>
    /// <param name="table">The table.</param>
    /// <param name="errors">Identity's error describer; the default one when null.</param>
    public SaasRoleStore(IEntityTable table, IdentityErrorDescriber? errors = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _errors = errors ?? new IdentityErrorDescriber();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release.
    }

    /// <inheritdoc />
    public async Task<IdentityResult> CreateAsync(SaasIdentityRole role, CancellationToken cancellationToken)
    {
        Checked(role, cancellationToken);
        if (string.IsNullOrWhiteSpace(role.Name) || string.IsNullOrWhiteSpace(role.NormalizedName))
        {
            return IdentityResult.Failed(_errors.InvalidRoleName(role.Name));
        }

        var transaction = new TransactionBuilder()
            .Create(ToItem(role, 0))
            .Create(new RoleNameItem { NormalizedName = role.NormalizedName, RoleId = role.Id });
        AddPendingClaims(transaction, role);
        var failure = await SendAsync(transaction, role, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        Saved(role, 1);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public async Task<IdentityResult> UpdateAsync(SaasIdentityRole role, CancellationToken cancellationToken)
    {
        Checked(role, cancellationToken);
        if (!long.TryParse(role.ConcurrencyStamp, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        if (string.IsNullOrWhiteSpace(role.Name) || string.IsNullOrWhiteSpace(role.NormalizedName))
        {
            return IdentityResult.Failed(_errors.InvalidRoleName(role.Name));
        }

        var item = ToItem(role, version);
        var transaction = new TransactionBuilder().Put(item);
        if (!string.Equals(role.NormalizedName, role.StoredNormalizedName, StringComparison.Ordinal))
        {
            if (role.StoredNormalizedName is { } stored)
            {
                transaction.Delete(RoleNameItem.CreateKey(stored), condition: ItemCondition.Equal(RoleNameItem.Fields.RoleId, role.Id));
            }

            transaction.Create(new RoleNameItem { NormalizedName = role.NormalizedName, RoleId = role.Id });
        }

        AddPendingClaims(transaction, role);
        IdentityResult? failure;
        if (transaction.Count == 1)
        {
            try
            {
                await _table.PutAsync(item, cancellationToken).ConfigureAwait(false);
                failure = null;
            }
            catch (ConditionFailedException)
            {
                failure = IdentityResult.Failed(_errors.ConcurrencyFailure());
            }
        }
        else
        {
            failure = await SendAsync(transaction, role, cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            return failure;
        }

        Saved(role, version + 1);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    /// <remarks>Removes the role, its name sentinel and claims, and every user's membership of it (found through GSI1).</remarks>
    public async Task<IdentityResult> DeleteAsync(SaasIdentityRole role, CancellationToken cancellationToken)
    {
        Checked(role, cancellationToken);
        if (!long.TryParse(role.ConcurrencyStamp, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        var stored = await _table.GetAsync<RoleItem>(RoleItem.CreateKey(role.Id), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Version != version)
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        var transaction = new TransactionBuilder()
            .Delete<RoleItem>(RoleItem.CreateKey(role.Id), expectedVersion: version)
            .Delete(RoleNameItem.CreateKey(stored.NormalizedName), condition: ItemCondition.Equal(RoleNameItem.Fields.RoleId, role.Id));
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionFailedException)
        {
            return IdentityResult.Failed(_errors.ConcurrencyFailure());
        }

        // The role is gone; its claims and memberships go after it (a membership of a missing role reads as none).
        var batch = new BatchWriteBuilder();
        await foreach (var claim in _table.CollectionAsync<RoleClaimItem>(RoleItem.CreatePartitionKey(role.Id), cancellationToken).ConfigureAwait(false))
        {
            batch.Delete(RoleClaimItem.CreateKey(claim.RoleId, claim.ClaimHash));
        }

        await foreach (var link in _table.AllAsync<UserRoleItem>(UserRoleItem.Indexes.ByRole.Query(role.Id), cancellationToken).ConfigureAwait(false))
        {
            batch.Delete(UserRoleItem.CreateKey(link.UserId, link.RoleId));
        }

        if (batch.Count > 0)
        {
            await _table.BatchWriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public Task<string> GetRoleIdAsync(SaasIdentityRole role, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(role, cancellationToken).Id);

    /// <inheritdoc />
    public Task<string?> GetRoleNameAsync(SaasIdentityRole role, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(role, cancellationToken).Name);

    /// <inheritdoc />
    public Task SetRoleNameAsync(SaasIdentityRole role, string? roleName, CancellationToken cancellationToken)
    {
        Checked(role, cancellationToken).Name = roleName;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetNormalizedRoleNameAsync(SaasIdentityRole role, CancellationToken cancellationToken) =>
        Task.FromResult(Checked(role, cancellationToken).NormalizedName);

    /// <inheritdoc />
    public Task SetNormalizedRoleNameAsync(SaasIdentityRole role, string? normalizedName, CancellationToken cancellationToken)
    {
        Checked(role, cancellationToken).NormalizedName = normalizedName;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<SaasIdentityRole?> FindByIdAsync(string roleId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsKeySafe(roleId))
        {
            return null;
        }

        var item = await _table.GetAsync<RoleItem>(RoleItem.CreateKey(roleId), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return item is null ? null : FromItem(item);
    }

    /// <inheritdoc />
    public async Task<SaasIdentityRole?> FindByNameAsync(string normalizedRoleName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsKeySafe(normalizedRoleName))
        {
            return null;
        }

        var lookup = await _table.GetAsync<RoleNameItem>(RoleNameItem.CreateKey(normalizedRoleName), consistentRead: true, cancellationToken).ConfigureAwait(false);
        return lookup is null ? null : await FindByIdAsync(lookup.RoleId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IList<Claim>> GetClaimsAsync(SaasIdentityRole role, CancellationToken cancellationToken = default)
    {
        Checked(role, cancellationToken);
        var claims = new List<Claim>();
        await foreach (var claim in _table.CollectionAsync<RoleClaimItem>(RoleItem.CreatePartitionKey(role.Id), cancellationToken).ConfigureAwait(false))
        {
            claims.Add(new Claim(claim.ClaimType, claim.ClaimValue));
        }

        return claims;
    }

    /// <inheritdoc />
    public Task AddClaimAsync(SaasIdentityRole role, Claim claim, CancellationToken cancellationToken = default)
    {
        Checked(role, cancellationToken);
        ArgumentNullException.ThrowIfNull(claim);
        role.ClaimsToRemove.Remove((claim.Type, claim.Value));
        role.ClaimsToAdd.Add((claim.Type, claim.Value));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RemoveClaimAsync(SaasIdentityRole role, Claim claim, CancellationToken cancellationToken = default)
    {
        Checked(role, cancellationToken);
        ArgumentNullException.ThrowIfNull(claim);
        role.ClaimsToAdd.Remove((claim.Type, claim.Value));
        var stored = await _table.GetAsync<RoleClaimItem>(RoleClaimItem.CreateKey(role.Id, KeyHashes.Claim(claim.Type, claim.Value)), consistentRead: true, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            role.ClaimsToRemove.Add((claim.Type, claim.Value));
        }
    }

    private static SaasIdentityRole Checked(SaasIdentityRole role, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(role);
        return role;
    }

    private static bool IsKeySafe(string? value) => TableQueries.IsKeySafe(value);

    private static RoleItem ToItem(SaasIdentityRole role, long version) => new()
    {
        RoleId = role.Id,
        Name = role.Name!,
        NormalizedName = role.NormalizedName!,
        Version = version,
    };

    private static SaasIdentityRole FromItem(RoleItem item) => new()
    {
        Id = item.RoleId,
        Name = item.Name,
        NormalizedName = item.NormalizedName,
        StoredNormalizedName = item.NormalizedName,
        ConcurrencyStamp = item.Version.ToString(CultureInfo.InvariantCulture),
    };

    private static void Saved(SaasIdentityRole role, long version)
    {
        role.ConcurrencyStamp = version.ToString(CultureInfo.InvariantCulture);
        role.StoredNormalizedName = role.NormalizedName;
        role.ClaimsToAdd.Clear();
        role.ClaimsToRemove.Clear();
    }

    private static void AddPendingClaims(TransactionBuilder transaction, SaasIdentityRole role)
    {
        foreach (var (type, value) in role.ClaimsToRemove.Distinct())
        {
            transaction.Delete<RoleClaimItem>(RoleClaimItem.CreateKey(role.Id, KeyHashes.Claim(type, value)));
        }

        foreach (var (type, value) in role.ClaimsToAdd.Distinct())
        {
            transaction.Put(new RoleClaimItem { RoleId = role.Id, ClaimHash = KeyHashes.Claim(type, value), ClaimType = type, ClaimValue = value });
        }
    }

    private async Task<IdentityResult?> SendAsync(TransactionBuilder transaction, SaasIdentityRole role, CancellationToken cancellationToken)
    {
        try
        {
            await _table.TransactWriteAsync(transaction, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TransactionFailedException exception)
        {
            var nameKey = RoleNameItem.CreateKey(role.NormalizedName!);
            return exception.Failures.Any(f => f.Key == nameKey && f.Reason == TransactionFailureReason.ItemAlreadyExists)
                ? IdentityResult.Failed(_errors.DuplicateRoleName(role.Name!))
                : IdentityResult.Failed(_errors.ConcurrencyFailure());
        }
    }
}
