using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Benchmarks.ChangeFeed;

/// <summary>
/// The change feed's load test on DynamoDB Local (bounded: a fixed number of events). 1: <c>backlog</c> sign-ups with
/// a paid payment each are written first, then one consumer (daily stats + activity log) catches up: changes a second
/// delivered and counted. 2: sign-ups at a steady rate while the consumer polls every 100 ms: the time from a write's
/// sending to the batch holding it being counted in the stats (p50, p99). Then the stats are checked against what
/// was written.
/// </summary>
internal static class ChangeFeedLoad
{
    public static async Task RunAsync(int backlog, int rate, int seconds)
    {
        var local = DynamoDbLocal.FromEnvironment();
        using var client = await local.CreateClientAsync().ConfigureAwait(false);
        var options = new SaasUsersTableOptions
        {
            TableName = "bench-feed-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            CursorSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            EnableStream = true,
        };
        var model = SaasUsersModel.Default;
        var provisioner = new TableProvisioner(client, model, options);
        await provisioner.EnsureTableAsync().ConfigureAwait(false);
        try
        {
            var written = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var lags = new ConcurrentBag<double>();
            var services = new ServiceCollection();
            services.AddSingleton(client);
            services.AddSingleton(DynamoDbLocal.Credentials);
            services.AddSaasUsersTable(o =>
            {
                o.TableName = options.TableName;
                o.ServiceUrl = client.Config.ServiceURL;
                o.Region = DynamoDbLocal.Region;
                o.CursorSigningKey = options.CursorSigningKey;
            });
            services.AddSaasUsersDailyStats();
            services.AddSaasUsersActivityLog();
            services.AddSaasUsersChangeFeed(o => o.RunHostedConsumer = false);
            // Registered last, so it runs after the stats handler: when it sees a change, the change is counted.
            services.AddSingleton<ITableChangeHandler>(new LagProbe(written, lags));
            await using var provider = services.BuildServiceProvider();
            var users = provider.GetRequiredService<IUserRepository>();
            var payments = provider.GetRequiredService<ICheckoutPaymentRepository>();
            var consumer = provider.GetRequiredService<ChangeFeedConsumer>();
            var statsRepository = provider.GetRequiredService<IDailyStatsRepository>();

            // 1. Throughput: a backlog, then one catch-up.
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, backlog), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var id = "b" + i.ToString(CultureInfo.InvariantCulture);
                await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com" }, ct).ConfigureAwait(false);
                await payments.RecordAsync(new NewCheckoutPayment { UserId = id, CheckoutSessionId = "cs" + id, PaymentProvider = "stripe", Amount = new Money(1900, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            var writeSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var delivered = await consumer.CatchUpAsync().ConfigureAwait(false);
            var catchUp = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"backlog: {backlog} users + {backlog} payments written in {writeSeconds:F1} s; consumer delivered {delivered} changes in {catchUp:F1} s = {delivered / catchUp:F0} changes/s ({2 * backlog / catchUp:F0} counted events/s)");

            // 2. Lag: steady writes while the consumer polls.
            using var stop = new CancellationTokenSource();
            var polling = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (await consumer.CatchUpAsync().ConfigureAwait(false) == 0)
                    {
                        await Task.Delay(100).ConfigureAwait(false);
                    }
                }
            });
            var total = rate * seconds;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait).ConfigureAwait(false);
                }

                // From the moment the write is sent (so the write's own latency is in the lag, and the probe can never
                // see a change before its time is recorded).
                var id = "l" + i.ToString(CultureInfo.InvariantCulture);
                written[User.CreatePartitionKey(id)] = Stopwatch.GetTimestamp();
                await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com" }).ConfigureAwait(false);
            }

            while (lags.Count < total && Stopwatch.GetElapsedTime(start).TotalSeconds < seconds + 60)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await polling.ConfigureAwait(false);
            var sorted = lags.Order().ToArray();
            Console.WriteLine($"lag write -> stats: {sorted.Length} of {total} sign-ups at {rate}/s for {seconds} s: p50 {Percentile(sorted, 0.50):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms");

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var counted = (await statsRepository.GetRangeAsync(today, today).ConfigureAwait(false))[0];
            Console.WriteLine($"check: stats count {counted.SignUps} sign-ups (written {backlog + total}), {counted.Payments} payments (written {backlog}), revenue {counted.Revenue.GetValueOrDefault("EUR")} (written {backlog * 1900})");
        }
        finally
        {
            await provisioner.DeleteTableAsync(options.TableName!).ConfigureAwait(false);
            await local.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Runs after the stats handler: when it sees a user's insert, that batch is counted.</summary>
    private sealed class LagProbe(ConcurrentDictionary<string, long> written, ConcurrentBag<double> lags) : ITableChangeHandler
    {
        public Task HandleAsync(TableChangeBatch batch, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var change in batch.Changes)
            {
                if (change.Kind == TableChangeKind.Inserted && change.Is<User>() && written.TryRemove(change.Key.PartitionKey, out var at))
                {
                    lags.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
            }

            return Task.CompletedTask;
        }
    }
}
