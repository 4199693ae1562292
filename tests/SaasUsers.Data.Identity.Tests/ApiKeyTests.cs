using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>API keys: shown once, only a hash stored, verified in one read, listed, revoked, expired; what each call sends.</summary>
public sealed class ApiKeyTests(IdentityTableFixture table) : IClassFixture<IdentityTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private ServiceProvider Services(DynamoDbRequestLog? log = null, CapturingLoggerProvider? logs = null) =>
        table.CreateIdentityServices(log, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            if (logs is not null)
            {
                services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            }
        });

    [Fact]
    public async Task Create_ShowsTheSecretOnce_AndStoresOnlyItsHash()
    {
        await using var services = Services();
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "ci@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();

        var created = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "CI deploy" }, Cancel);

        Assert.StartsWith("sud_", created.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, created.ToString(), StringComparison.Ordinal);
        var secretPart = created.Secret.Split('.')[^1];
        Assert.True(secretPart.Length >= 43); // 256 random bits
        var items = await table.ScanAsync(Cancel);
        Assert.DoesNotContain(items, i => i.Values.Any(v => v.S is { } s && s.Contains(secretPart, StringComparison.Ordinal)));
        var stored = Assert.Single(items, i => i["SK"].S == "APIKEY#" + created.Key.KeyId);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secretPart))), stored["SecretHash"].S);
        Assert.Equal("USER#" + user.UserId, stored["PK"].S);
    }

    [Fact]
    public async Task Verify_IsOneRead_AndWritesLastUsedAtMostOnceAMinute()
    {
        var log = new DynamoDbRequestLog();
        await using var services = Services(log);
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "verify@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        log.Clear();
        var created = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "worker" }, Cancel);
        Assert.Equal(["TransactWriteItems"], log.Operations);

        log.Clear();
        var first = await keys.VerifyAsync(created.Secret, Cancel);
        Assert.Equal((user.UserId, created.Key.KeyId, "worker"), (first?.UserId, first?.KeyId, first?.Name));
        Assert.Equal(_clock.GetUtcNow(), first!.LastUsedAt);
        Assert.Equal(["GetItem", "UpdateItem"], log.Operations);

        _clock.Advance(TimeSpan.FromSeconds(59));
        log.Clear();
        Assert.NotNull(await keys.VerifyAsync(created.Secret, Cancel));
        Assert.NotNull(await keys.VerifyAsync(created.Secret, Cancel));
        Assert.Equal(["GetItem", "GetItem"], log.Operations);

        _clock.Advance(TimeSpan.FromSeconds(1));
        log.Clear();
        Assert.Equal(_clock.GetUtcNow(), (await keys.VerifyAsync(created.Secret, Cancel))?.LastUsedAt);
        Assert.Equal(["GetItem", "UpdateItem"], log.Operations);
    }

    [Fact]
    public async Task Verify_RefusesTamperedMalformedAndForeignKeys()
    {
        var log = new DynamoDbRequestLog();
        await using var services = Services(log);
        var users = services.GetRequiredService<IUserRepository>();
        var owner = await users.CreateAsync(new NewUser { Email = "owner@example.com" }, Cancel);
        var other = await users.CreateAsync(new NewUser { Email = "other@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var created = await keys.CreateAsync(owner.UserId, new NewApiKey { Name = "k" }, Cancel);
        var parts = created.Secret["sud_".Length..].Split('.');

        log.Clear();
        var lastChar = parts[2][^1] == 'A' ? 'B' : 'A';
        Assert.Null(await keys.VerifyAsync($"sud_{parts[0]}.{parts[1]}.{parts[2][..^1]}{lastChar}", Cancel));
        Assert.Equal(["GetItem"], log.Operations);

        var otherUserPart = Convert.ToBase64String(Encoding.UTF8.GetBytes(other.UserId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Null(await keys.VerifyAsync($"sud_{otherUserPart}.{parts[1]}.{parts[2]}", Cancel));

        log.Clear();
        foreach (var malformed in new[] { null, string.Empty, "sud_", "Bearer " + created.Secret, created.Secret + ".x", "sud_a.b", "sud_!!.b.c", "sud_" + new string('a', 600) })
        {
            Assert.Null(await keys.VerifyAsync(malformed, Cancel));
        }

        Assert.Empty(log.Operations);
    }

    [Fact]
    public async Task ListAndRevoke()
    {
        var log = new DynamoDbRequestLog();
        await using var services = Services(log);
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "list@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var first = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "one" }, Cancel);
        var second = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "two", ExpiresAt = _clock.GetUtcNow().AddDays(30) }, Cancel);

        log.Clear();
        var listed = await keys.ListAsync(user.UserId, Cancel);
        Assert.Equal(["Query"], log.Operations);
        Assert.Equal(new[] { "one", "two" }, listed.Select(k => k.Name).Order());
        Assert.Equal(_clock.GetUtcNow().AddDays(30), listed.Single(k => k.Name == "two").ExpiresAt);

        log.Clear();
        Assert.True(await keys.RevokeAsync(user.UserId, first.Key.KeyId, Cancel));
        Assert.Equal(["DeleteItem"], log.Operations);
        Assert.Null(await keys.VerifyAsync(first.Secret, Cancel));
        Assert.NotNull(await keys.VerifyAsync(second.Secret, Cancel));
        Assert.False(await keys.RevokeAsync(user.UserId, first.Key.KeyId, Cancel));
        Assert.Equal(["two"], (await keys.ListAsync(user.UserId, Cancel)).Select(k => k.Name));
    }

    [Fact]
    public async Task ExpiredKey_IsRefusedAtOnce_AndTimeToLiveRemovesIt()
    {
        await using var services = Services();
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "expiry@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var created = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "short", ExpiresAt = _clock.GetUtcNow().AddHours(1) }, Cancel);
        Assert.NotNull(await keys.VerifyAsync(created.Secret, Cancel));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await keys.VerifyAsync(created.Secret, Cancel)); // TTL deletes late: the expiry is checked on every read

        // The expiry is stored as the table's time-to-live attribute (epoch seconds), which DynamoDB deletes by.
        var item = Assert.Single(await table.ScanAsync(Cancel), i => i["SK"].S == "APIKEY#" + created.Key.KeyId);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item["ExpiresAt"].N);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithTheRule_AndNothingIsWritten()
    {
        await using var services = Services();
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "bad@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var before = await table.ItemsMentioningAsync(user.UserId, Cancel);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => keys.CreateAsync(user.UserId, new NewApiKey { Name = " " }, Cancel));
        Assert.Equal("Name", empty.ParamName);
        var past = await Assert.ThrowsAsync<ArgumentException>(() => keys.CreateAsync(user.UserId, new NewApiKey { Name = "k", ExpiresAt = _clock.GetUtcNow() }, Cancel));
        Assert.Contains("future", past.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => keys.CreateAsync(user.UserId, new NewApiKey { Name = new string('n', 101) }, Cancel));
        var missing = await Assert.ThrowsAsync<ItemNotFoundException>(() => keys.CreateAsync("no-such-user", new NewApiKey { Name = "k" }, Cancel));
        Assert.Equal("User", missing.EntityType);

        Assert.Equal(before, await table.ItemsMentioningAsync(user.UserId, Cancel));
        Assert.Empty(await table.ItemsMentioningAsync("no-such-user", Cancel));
    }

    [Fact]
    public async Task DeletingTheUser_DeletesTheirKeys()
    {
        await using var services = Services();
        var users = services.GetRequiredService<IUserRepository>();
        var user = await users.CreateAsync(new NewUser { Email = "gone@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var created = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "k" }, Cancel);

        await users.DeleteAsync(user.UserId, Cancel);

        Assert.Null(await keys.VerifyAsync(created.Secret, Cancel));
        Assert.Empty(await table.ItemsMentioningAsync(user.UserId, Cancel));
    }

    [Fact]
    public async Task NoKeyOrSecretEverReachesTheLogs()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = Services(logs: logs);
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "logs@example.com" }, Cancel);
        var keys = services.GetRequiredService<IApiKeyRepository>();
        var created = await keys.CreateAsync(user.UserId, new NewApiKey { Name = "k" }, Cancel);
        await keys.VerifyAsync(created.Secret, Cancel);
        await keys.VerifyAsync(created.Secret[..^2] + "xx", Cancel);
        var logger = services.GetRequiredService<ILogger<ApiKeyTests>>();
        logger.LogInformation("Created {Key}", created); // what an application might log

        var secretPart = created.Secret.Split('.')[^1];
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(secretPart, StringComparison.Ordinal));
    }
}

/// <summary>Keeps every log message, at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => _messages.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(_messages);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception) + " " + exception);
    }
}
