using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Security;

/// <summary>
/// Values chosen to forge another user's key (the delimiter '#', its escaped form '%23', control characters, Unicode
/// look-alikes) can neither read nor overwrite another user's items: ids outside printable ASCII are refused before
/// any request; printable ASCII ids (identity providers' subjects such as <c>auth0|123</c> are valid ids) are escaped
/// into a partition of their own, as are an application entity's key parts.
/// </summary>
public sealed class KeyInjectionTests(ReliabilityTableFixture table) : IClassFixture<ReliabilityTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> EscapedForgedUserIds => new()
    {
        { "the delimiter, to reach the victim's profile item", "victim#USER" },
        { "the delimiter, to reach a subscription of the victim", "victim#SUB#sub_1" },
        { "the escaped delimiter %23", "victim%23USER" },
        { "a whole forged partition key", "USER#victim" },
    };

    [Theory]
    [MemberData(nameof(EscapedForgedUserIds))]
    public async Task ForgedUserId_OfPrintableAscii_IsEscapedIntoItsOwnPartition_AndTheVictimIsUntouched(string attack, string forgedId)
    {
        // Given a victim with a subscription and a payment
        _ = attack;
        var victim = await VictimAsync();
        await using var services = table.CreateServices();
        var users = services.GetRequiredService<IUserRepository>();
        var subscriptions = services.GetRequiredService<ISubscriptionRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var accounts = services.GetRequiredService<IAccountRepository>();
        var before = await VictimItemsAsync();
        Assert.NotEqual(User.CreatePartitionKey("victim"), User.CreatePartitionKey(forgedId));

        // When the attacker tries every entry point with the forged id (no user of that id exists)
        Assert.Null(await users.GetAsync(forgedId, consistentRead: true, Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => users.UpdateProfileAsync(victim with { UserId = forgedId, DisplayName = "pwned" }, Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => users.LinkPaymentCustomerAsync(forgedId, "stripe", "cus_mallory", Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => payments.RecordAsync(InjectedFaultTests.Payment(forgedId, "cs_forged"), cancellationToken: Cancel));
        Assert.Empty(await subscriptions.ListAsync(forgedId, Cancel));
        Assert.Empty((await payments.ListAsync(forgedId, cancellationToken: Cancel)).Items);
        Assert.Null(await accounts.GetOverviewAsync(forgedId, cancellationToken: Cancel));
        Assert.False((await users.DeleteAsync(forgedId, Cancel)).UserFound);

        // Then the victim's items are exactly as they were
        Assert.Equal(before, await VictimItemsAsync());
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 8);
    }

    public static TheoryData<string, string> ForgedUserIds => new()
    {
        { "a NUL control character", "victim\u0000" },
        { "a right-to-left override", "victim\u202e" },
        { "a zero-width space", "vic\u200btim" },
        { "a Cyrillic look-alike letter", "vict\u0456m" },
        { "fullwidth letters", "\uff56\uff49\uff43\uff54\uff49\uff4d" },
        { "a combining accent", "victim\u0301" },
    };

    [Theory]
    [MemberData(nameof(ForgedUserIds))]
    public async Task ForgedUserId_IsRefusedByEveryRepository_BeforeAnyRequest_AndTheVictimIsUntouched(string attack, string forgedId)
    {
        // Given a victim with a subscription and a payment
        _ = attack;
        var victim = await VictimAsync();
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { RequestLog = log });
        var users = services.GetRequiredService<IUserRepository>();
        var subscriptions = services.GetRequiredService<ISubscriptionRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var accounts = services.GetRequiredService<IAccountRepository>();
        var before = await VictimItemsAsync();

        // When the attacker tries every entry point with the forged id
        var attempts = new Func<Task>[]
        {
            () => users.GetAsync(forgedId, consistentRead: true, Cancel),
            () => users.CreateAsync(new NewUser { Email = "mallory@example.com", UserId = forgedId, DisplayName = "pwned" }, Cancel),
            () => users.UpdateProfileAsync(victim with { UserId = forgedId, DisplayName = "pwned" }, Cancel),
            () => users.LinkPaymentCustomerAsync(forgedId, "stripe", "cus_mallory", Cancel),
            () => users.DeleteAsync(forgedId, Cancel),
            () => subscriptions.ListAsync(forgedId, Cancel),
            () => subscriptions.ApplyChangeAsync(Change(forgedId), Cancel),
            () => payments.RecordAsync(InjectedFaultTests.Payment(forgedId, "cs_forged"), cancellationToken: Cancel),
            () => payments.ListAsync(forgedId, cancellationToken: Cancel),
            () => accounts.GetOverviewAsync(forgedId, cancellationToken: Cancel),
        };
        foreach (var attempt in attempts)
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(attempt);
            Assert.Contains("userid", error.ParamName?.ToLowerInvariant() ?? string.Empty, StringComparison.Ordinal);
        }

        // Then nothing was sent and the victim's items are exactly as they were
        Assert.Empty(log.Operations);
        Assert.Equal(before, await VictimItemsAsync());
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, attempts.Length);
    }

    public static TheoryData<string, string, string> ForgedTenants => new()
    {
        // The victim's document lives at TENANT#acme#x%23y; unescaped, the attacker's would land on TENANT#acme#x#y too.
        { "the delimiter moved from the project into the tenant", "acme#x", "y" },
        { "the escaped form of the victim's key", "acme", "x%23y" },
        { "a fully forged partition", "acme#x%23y", "p" },
        { "a Cyrillic look-alike tenant", "\u0430cme", "x#y" },
        { "a trailing zero-width space", "acme\u200b", "x#y" },
        { "a fullwidth number sign", "acme", "x\uff03y" },
    };

    [Theory]
    [MemberData(nameof(ForgedTenants))]
    public async Task ApplicationEntity_KeyPartsThatWouldForgeAnotherTenantsKey_AreEscapedIntoTheirOwnPartition(string attack, string tenant, string project)
    {
        // Given the victim's document, whose project contains the delimiter
        _ = attack;
        using var client = table.CreateClient();
        var entities = new EntityTable(client, table.Model, table.CreateOptions());
        var victimKey = TenantDocument.CreateKey("acme", "x#y", "d1");
        if (await entities.GetAsync<TenantDocument>(victimKey, consistentRead: true, Cancel) is null)
        {
            await entities.CreateAsync(new TenantDocument { Tenant = "acme", Project = "x#y", DocumentId = "d1", Body = "victim's secret" }, Cancel);
        }

        var victimBefore = await VictimDocumentItemAsync();

        // When the attacker reads, writes, updates, deletes and queries with the forged parts
        var attackerKey = TenantDocument.CreateKey(tenant, project, "d1");
        Assert.NotEqual(victimKey, attackerKey);
        var read = await entities.GetAsync<TenantDocument>(attackerKey, consistentRead: true, Cancel);
        var updateError = await Assert.ThrowsAsync<ItemNotFoundException>(
            () => entities.UpdateAsync<TenantDocument>(attackerKey, u => u.Set(TenantDocument.Fields.Body, "pwned"), Cancel));
        var deleteError = await Assert.ThrowsAsync<ItemNotFoundException>(() => entities.DeleteAsync<TenantDocument>(attackerKey, cancellationToken: Cancel));
        var page = await entities.QueryAsync<TenantDocument>(new ItemQuery(TenantDocument.CreatePartitionKey(tenant, project)) { ConsistentRead = true }, Cancel);
        var created = await entities.PutAsync(new TenantDocument { Tenant = tenant, Project = project, DocumentId = "d1", Body = "attacker's own" }, Cancel);

        // Then the attacker saw nothing of the victim's and wrote only its own item
        Assert.Null(read);
        Assert.Equal(attackerKey, updateError.Key);
        Assert.Equal(attackerKey, deleteError.Key);
        Assert.Empty(page.Items);
        Assert.Equal(tenant, created.Tenant);
        Assert.Equal(victimBefore, await VictimDocumentItemAsync());
        var stored = await entities.GetAsync<TenantDocument>(attackerKey, consistentRead: true, Cancel);
        Assert.Equal((tenant, project, "attacker's own"), (stored!.Tenant, stored.Project, stored.Body));
        await entities.DeleteAsync<TenantDocument>(attackerKey, cancellationToken: Cancel);
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 5);
    }

    [Fact]
    public async Task ApplicationEntity_KeyPartWithAControlCharacter_IsRefusedNamingTheProperty()
    {
        using var client = table.CreateClient();
        var entities = new EntityTable(client, table.Model, table.CreateOptions());

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => entities.GetAsync<TenantDocument>(TenantDocument.CreateKey("acme\u0000", "x#y", "d1"), cancellationToken: Cancel));

        Assert.Equal("Tenant", error.ParamName);
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 1);
    }

    public static TheoryData<string, string, bool> LookAlikeEmails => new()
    {
        // description, address, whether it is the victim's address (true) or another one (false)
        { "upper case", "VICTIM@EXAMPLE.COM", true },
        { "surrounding whitespace", "  victim@example.com\t", true },
        { "the Kelvin sign, which Unicode folds to K", "\u212Aictim-k@example.com", true },
        { "a Cyrillic look-alike letter", "v\u0456ctim@example.com", false },
        { "the delimiter in the local part", "victim#x@example.com", false },
        { "the escaped delimiter in the local part", "victim%23@example.com", false },
    };

    [Theory]
    [MemberData(nameof(LookAlikeEmails))]
    public async Task LookAlikeEmail_EitherIsTheSameAddressAndRefusedAsADuplicate_OrGetsItsOwnSentinel(string attack, string email, bool sameAddress)
    {
        // Given the victim, known by two addresses ("victim@" and "kictim-k@", the latter for the Kelvin-sign case)
        _ = attack;
        await VictimAsync();
        await using var services = table.CreateServices();
        var users = services.GetRequiredService<IUserRepository>();
        if (await users.FindByEmailAsync("kictim-k@example.com", Cancel) is null)
        {
            await users.CreateAsync(new NewUser { Email = "kictim-k@example.com", UserId = "victim-k" }, Cancel);
        }

        var before = await VictimItemsAsync();

        // When an attacker signs up with the look-alike address
        if (sameAddress)
        {
            // Then it is the same address: refused, nothing written
            await Assert.ThrowsAsync<DuplicateEmailException>(() => users.CreateAsync(new NewUser { Email = email, UserId = "mallory-" + Guid.NewGuid().ToString("N")[..8] }, Cancel));
            Assert.Equal(before, await VictimItemsAsync());
        }
        else
        {
            // Then it is another address: the attacker gets a user and a sentinel of its own, and finding by it never
            // returns the victim
            var mallory = await users.CreateAsync(new NewUser { Email = email, UserId = "mallory-" + Guid.NewGuid().ToString("N")[..8] }, Cancel);
            Assert.NotEqual("victim@example.com", mallory.NormalizedEmail);
            Assert.Equal(before, await VictimItemsAsync());
            var sentinelKey = EmailLookup.CreateKey(mallory.NormalizedEmail);
            var sentinel = await table.Client.GetItemAsync(table.TableName, new() { ["PK"] = new(sentinelKey.PartitionKey), ["SK"] = new(sentinelKey.SortKey) }, Cancel);
            Assert.Equal(mallory.UserId, sentinel.Item["UserId"].S);
            await users.DeleteAsync(mallory.UserId, Cancel);
        }

        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 1);
    }

    [Fact]
    public async Task ChangingEmailToTheVictimsAddress_IsRefusedAsADuplicate_AndNeitherUserChanges()
    {
        var victim = await VictimAsync();
        await using var services = table.CreateServices();
        var users = services.GetRequiredService<IUserRepository>();
        var mallory = await users.CreateAsync(new NewUser { Email = $"mallory-{Guid.NewGuid():N}@example.com" }, Cancel);
        var before = await VictimItemsAsync();

        await Assert.ThrowsAsync<DuplicateEmailException>(() => users.ChangeEmailAsync(mallory, " Victim@Example.COM ", Cancel));

        Assert.Equal(before, await VictimItemsAsync());
        Assert.Equal(mallory.NormalizedEmail, (await users.GetAsync(mallory.UserId, consistentRead: true, Cancel))?.NormalizedEmail);
        Assert.Equal(victim.UserId, (await users.FindByEmailAsync("victim@example.com", Cancel))?.UserId);
        ReliabilityFigures.Add(ReliabilityFigures.InjectionAttempts, 1);
    }

    private static SubscriptionChange Change(string userId) => new()
    {
        UserId = userId,
        SubscriptionId = "sub_1",
        PaymentProvider = "stripe",
        PlanId = "pro",
        Status = SubscriptionStatus.Canceled,
        EventAt = DateTimeOffset.UtcNow.AddYears(1),
    };

    private async Task<User> VictimAsync()
    {
        await using var services = table.CreateServices();
        var users = services.GetRequiredService<IUserRepository>();
        if (await users.GetAsync("victim", consistentRead: true, Cancel) is { } existing)
        {
            return existing;
        }

        try
        {
            var victim = await users.CreateAsync(new NewUser { Email = "victim@example.com", UserId = "victim", DisplayName = "Victim" }, Cancel);
            await services.GetRequiredService<ISubscriptionRepository>().ApplyChangeAsync(Change("victim") with { Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow }, Cancel);
            await services.GetRequiredService<ICheckoutPaymentRepository>().RecordAsync(InjectedFaultTests.Payment("victim", "cs_victim"), cancellationToken: Cancel);
            return victim;
        }
        catch (ItemAlreadyExistsException)
        {
            // Another test of this class created the victim first.
            return (await users.GetAsync("victim", consistentRead: true, Cancel))!;
        }
    }

    // The victim's own items and lookups, canonically rendered.
    private async Task<IReadOnlyList<string>> VictimItemsAsync()
    {
        var items = await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel);
        return items
            .Where(i => i["PK"].S is "USER#victim" or "USER#victim-k" || (i.TryGetValue("UserId", out var owner) && owner.S is "victim" or "victim-k"))
            .Select(TableSnapshot.Render)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private async Task<string> VictimDocumentItemAsync()
    {
        var items = await TableSnapshot.ScanAsync(table.Client, table.TableName, Cancel);
        return TableSnapshot.Render(Assert.Single(items, i => i["PK"].S == TenantDocument.CreatePartitionKey("acme", "x#y")));
    }
}
