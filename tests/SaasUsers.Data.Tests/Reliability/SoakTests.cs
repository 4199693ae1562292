using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// About a minute of concurrent mixed traffic against DynamoDB Local on loopback (sign-ups that race for the same
/// e-mail, profile updates and e-mail changes retried on version conflicts, payment webhooks delivered several times at
/// once, subscription events out of order, reads), then a full read of the table: every acknowledged write is there
/// and nothing else, each payment is recorded once, and every e-mail maps to exactly one user and back.
/// </summary>
/// <remarks>
/// Category <c>Soak</c>; it runs in the normal test command. Exclude it locally with
/// <c>./eng/test.sh --filter "Category!=Soak"</c>; <c>SAASUSERS_SOAK_SECONDS</c> changes its length (default 60).
/// </remarks>
[Trait("Category", "Soak")]
public sealed class SoakTests(ReliabilityTableFixture table) : IClassFixture<ReliabilityTableFixture>
{
    private const int Workers = 16;
    private const int EmailPool = 400;
    private const int HotUsers = 5;
    private const int SessionsPerUser = 6;
    private const int MaxOperations = 200_000;
    private static readonly DateTimeOffset EventBase = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // One subscription a user, six provider events; every status here can follow every other, so the newest event
    // delivered must win whatever the order.
    private static readonly SubscriptionStatus[] EventStatuses =
        [SubscriptionStatus.Trialing, SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Active, SubscriptionStatus.Paused, SubscriptionStatus.Unpaid];

    [Fact]
    public async Task MixedConcurrentLoad_ThenAFullConsistencyCheck_FindsEveryAcknowledgedWriteAndNothingElse()
    {
        // Given
        var cancel = TestContext.Current.CancellationToken;
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SAASUSERS_SOAK_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60;
        await using var services = table.CreateServices();
        var run = new SoakRun(services, cancel);
        var clock = Stopwatch.StartNew();

        // When sixteen workers run mixed operations for the set time (or up to the operation cap)
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919 + 17);
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds) && Interlocked.Increment(ref run.Operations) <= MaxOperations)
            {
                await run.OneAsync(worker, random);
            }
        }, cancel)).ToArray();
        await Task.WhenAll(workers);

        // Then nothing failed unexpectedly
        Assert.True(run.Unexpected.IsEmpty, $"{run.Unexpected.Count} unexpected failures, e.g.: {string.Join(" | ", run.Unexpected.Take(3))}");

        // And the table holds exactly what was acknowledged
        var report = await run.CheckAsync(table, cancel);
        Assert.True(report.Problems.Count == 0, $"{report.Problems.Count} consistency problems:\n{string.Join('\n', report.Problems.Take(20))}");
        Assert.Equal(0, report.ItemsLost);
        Assert.True(run.Counters.GetValueOrDefault("sign-ups acknowledged") > 0 && run.Counters.GetValueOrDefault("payments recorded") > 0, "The soak did too little to prove anything.");

        var summary = $"{run.Operations} operations in {clock.Elapsed.TotalSeconds:F0} s; {report.WritesChecked} acknowledged writes checked, {report.ItemsLost} lost; " +
            string.Join("; ", run.Counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        ReliabilityFigures.Add(ReliabilityFigures.OperationsRun, run.Operations);
        ReliabilityFigures.Add(ReliabilityFigures.WritesChecked, report.WritesChecked);
        ReliabilityFigures.Add(ReliabilityFigures.ItemsLost, report.ItemsLost);
        ReliabilityFigures.Add("soak operations", run.Operations);
        ReliabilityFigures.Add("soak seconds", (long)clock.Elapsed.TotalSeconds);
        foreach (var (name, value) in run.Counters)
        {
            ReliabilityFigures.Add("soak " + name, value);
        }
    }

    private sealed class SoakRun(IServiceProvider services, CancellationToken cancel)
    {
        public long Operations;

        private readonly IUserRepository _users = services.GetRequiredService<IUserRepository>();
        private readonly ISubscriptionRepository _subscriptions = services.GetRequiredService<ISubscriptionRepository>();
        private readonly ICheckoutPaymentRepository _payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        private readonly IAccountRepository _accounts = services.GetRequiredService<IAccountRepository>();
        private readonly ConcurrentDictionary<string, UserLedger> _ledgers = new(StringComparer.Ordinal);
        private readonly List<string> _userIds = [];
        private readonly object _gate = new();

        public ConcurrentDictionary<string, long> Counters { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Unexpected { get; } = new();

        public async Task OneAsync(int worker, Random random)
        {
            var dice = random.Next(100);
            var userId = RandomUser(random);
            try
            {
                switch (dice)
                {
                    case < 20:
                        await SignUpAsync(random);
                        break;
                    case < 35 when userId is not null:
                        await UpdateProfileAsync(userId, worker, random);
                        break;
                    case < 40 when userId is not null:
                        await ChangeEmailAsync(userId, random);
                        break;
                    case < 60 when userId is not null:
                        await PayAsync(userId, random);
                        break;
                    case < 75 when userId is not null:
                        await SubscriptionEventAsync(userId, random);
                        break;
                    case >= 75 when userId is not null:
                        await ReadAsync(userId, random);
                        break;
                    default:
                        await SignUpAsync(random);
                        break;
                }
            }
            catch (Exception exception) when (!cancel.IsCancellationRequested)
            {
                Unexpected.Enqueue($"{exception.GetType().Name}: {exception.Message}");
            }
        }

        private void Count(string counter, long amount = 1) => Counters.AddOrUpdate(counter, amount, (_, v) => v + amount);

        // A third of the picks go to the first few users, so that writers really race for the same items.
        private string? RandomUser(Random random)
        {
            lock (_gate)
            {
                return _userIds.Count == 0 ? null
                    : random.Next(3) == 0 ? _userIds[random.Next(Math.Min(HotUsers, _userIds.Count))]
                    : _userIds[random.Next(_userIds.Count)];
            }
        }

        private static string Email(int i) => $"soak-{i:D3}@example.com";

        // The same address as users type it: sometimes in upper case or with spaces.
        private static string AsTyped(string email, Random random) => random.Next(4) switch
        {
            0 => email.ToUpperInvariant(),
            1 => "  " + email + " ",
            _ => email,
        };

        private async Task SignUpAsync(Random random)
        {
            // Now and then three sign-ups race for the same address at the same moment.
            var email = Email(random.Next(EmailPool));
            var copies = random.Next(5) == 0 ? 3 : 1;
            var attempts = Enumerable.Range(0, copies).Select(_ => SignUpOnceAsync(AsTyped(email, random))).ToArray();
            var won = (await Task.WhenAll(attempts)).Count(w => w);
            Count("sign-ups tried", copies);
            if (won > 1)
            {
                Unexpected.Enqueue($"{won} concurrent sign-ups with {email} all succeeded.");
            }
        }

        private async Task<bool> SignUpOnceAsync(string email)
        {
            try
            {
                var user = await _users.CreateAsync(new NewUser { Email = email }, cancel);
                var ledger = new UserLedger(user.UserId);
                ledger.Acknowledge(user);
                _ledgers[user.UserId] = ledger;
                lock (_gate)
                {
                    _userIds.Add(user.UserId);
                }

                Count("sign-ups acknowledged");
                return true;
            }
            catch (DuplicateEmailException)
            {
                Count("duplicate e-mails refused");
                return false;
            }
        }

        private async Task UpdateProfileAsync(string userId, int worker, Random random)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var current = await _users.GetAsync(userId, consistentRead: true, cancel) ?? throw new InvalidOperationException($"User {userId} vanished.");
                var stamp = $"w{worker}-{random.Next(1_000_000)}";
                try
                {
                    var updated = await _users.UpdateProfileAsync(
                        current with { DisplayName = "Name " + stamp, Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["stamp"] = stamp } },
                        cancel);
                    _ledgers[userId].Acknowledge(updated);
                    Count("profile updates acknowledged");
                    return;
                }
                catch (VersionConflictException)
                {
                    Count("version conflicts retried");
                }
            }

            Unexpected.Enqueue($"Profile update of {userId} lost 50 version races in a row.");
        }

        private async Task ChangeEmailAsync(string userId, Random random)
        {
            var target = Email(random.Next(EmailPool));
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var current = await _users.GetAsync(userId, consistentRead: true, cancel) ?? throw new InvalidOperationException($"User {userId} vanished.");
                if (current.NormalizedEmail == target)
                {
                    return;
                }

                try
                {
                    var changed = await _users.ChangeEmailAsync(current, AsTyped(target, random), cancel);
                    _ledgers[userId].Acknowledge(changed);
                    Count("e-mail changes acknowledged");
                    return;
                }
                catch (DuplicateEmailException)
                {
                    Count("e-mail changes refused as duplicates");
                    return;
                }
                catch (VersionConflictException)
                {
                    Count("version conflicts retried");
                }
            }

            Unexpected.Enqueue($"E-mail change of {userId} lost 50 version races in a row.");
        }

        private async Task PayAsync(string userId, Random random)
        {
            // The provider delivers the same checkout one to three times at once; now and then a delivery disagrees.
            var ledger = _ledgers[userId];
            var session = $"cs_{userId[..12]}_{random.Next(SessionsPerUser)}";
            var amount = random.Next(50) == 0 ? 1 : 1000 + (session.GetHashCode(StringComparison.Ordinal) & 0xffff);
            var copies = 1 + random.Next(3);
            var deliveries = Enumerable.Range(0, copies).Select(_ => DeliverAsync(userId, session, amount)).ToArray();
            var results = await Task.WhenAll(deliveries);
            Count("payment deliveries", copies);
            foreach (var result in results.OfType<RecordPaymentResult>())
            {
                if (result.Outcome == RecordPaymentOutcome.Recorded)
                {
                    Count("payments recorded");
                    if (!ledger.Payments.TryAdd(session, result.Payment.Amount.AmountMinor))
                    {
                        Unexpected.Enqueue($"Checkout {session} was recorded twice.");
                    }
                }
                else
                {
                    Count("duplicate deliveries answered from the record");
                }
            }
        }

        private async Task<RecordPaymentResult?> DeliverAsync(string userId, string session, long amount)
        {
            try
            {
                return await _payments.RecordAsync(
                    new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = session, UserId = userId, Amount = new Money(amount, "USD"), Status = PaymentStatus.Paid },
                    cancellationToken: cancel);
            }
            catch (PaymentPayloadMismatchException)
            {
                Count("conflicting deliveries refused");
                return null;
            }
        }

        private async Task SubscriptionEventAsync(string userId, Random random)
        {
            var index = random.Next(EventStatuses.Length);
            var ledger = _ledgers[userId];
            ledger.Delivered(index);
            var result = await _subscriptions.ApplyChangeAsync(EventOf(userId, index), cancel);
            Count(result.Outcome switch
            {
                SubscriptionChangeOutcome.Applied => "subscription events applied",
                SubscriptionChangeOutcome.SkippedStale => "subscription events skipped as stale",
                _ => "subscription events skipped as not allowed",
            });
        }

        private async Task ReadAsync(string userId, Random random)
        {
            Count("reads");
            switch (random.Next(4))
            {
                case 0:
                    var got = await _users.GetAsync(userId, cancellationToken: cancel);
                    Check(got?.UserId == userId, $"Get of {userId} returned {got?.UserId ?? "nothing"}.");
                    break;
                case 1:
                    var email = Email(random.Next(EmailPool));
                    var found = await _users.FindByEmailAsync(email, cancel);
                    Check(found is null || found.NormalizedEmail == email, $"FindByEmail({email}) returned a user with {found?.NormalizedEmail}.");
                    break;
                case 2:
                    var overview = await _accounts.GetOverviewAsync(userId, cancellationToken: cancel);
                    Check(overview is not null && overview.User.UserId == userId && overview.LatestPayments.All(p => p.UserId == userId), "The overview mixed users.");
                    break;
                default:
                    var sessions = new HashSet<string>(StringComparer.Ordinal);
                    string? cursor = null;
                    do
                    {
                        var page = await _payments.ListAsync(userId, 2, cursor, cancel);
                        foreach (var payment in page.Items)
                        {
                            Check(payment.UserId == userId && sessions.Add(payment.CheckoutSessionId), "Payment paging returned a stranger's or a repeated payment.");
                        }

                        cursor = page.NextCursor;
                    }
                    while (cursor is not null);
                    break;
            }
        }

        private void Check(bool condition, string problem)
        {
            if (!condition)
            {
                Unexpected.Enqueue(problem);
            }
        }

        public static SubscriptionChange EventOf(string userId, int index) => new()
        {
            UserId = userId,
            SubscriptionId = "sub_main",
            PaymentProvider = "stripe",
            PlanId = "plan_" + index,
            Status = EventStatuses[index],
            EventAt = EventBase.AddMinutes(index),
        };

        public async Task<SoakReport> CheckAsync(ReliabilityTableFixture fixture, CancellationToken cancellationToken)
        {
            var items = await TableSnapshot.ScanAsync(fixture.Client, fixture.TableName, cancellationToken);
            var problems = new List<string>();
            long checkedWrites = 0;
            long lost = 0;
            static string EntityType(Dictionary<string, AttributeValue> item) => item.TryGetValue(ItemAttributeNames.EntityType, out var t) ? t.S : "?";
            var users = items.Where(i => EntityType(i) == "User").Select(User.Mapper.FromItem).ToDictionary(u => u.UserId, StringComparer.Ordinal);
            var lookups = items.Where(i => EntityType(i) == "EmailLookup").Select(EmailLookup.Mapper.FromItem).ToList();
            var payments = items.Where(i => EntityType(i) == "CheckoutPayment").Select(CheckoutPayment.Mapper.FromItem).ToList();
            var records = items.Where(i => EntityType(i) == "CheckoutRecord").Select(CheckoutRecord.Mapper.FromItem).ToList();
            var subscriptions = items.Where(i => EntityType(i) == "Subscription").Select(Subscription.Mapper.FromItem).ToDictionary(x => x.AccountId, StringComparer.Ordinal);

            // Users: exactly the acknowledged ones, each in the state of its newest acknowledged write.
            foreach (var ledger in _ledgers.Values)
            {
                checkedWrites += ledger.WriteCount;
                if (!users.TryGetValue(ledger.UserId, out var stored))
                {
                    lost += ledger.WriteCount;
                    problems.Add($"User {ledger.UserId} was acknowledged but is missing.");
                    continue;
                }

                var expected = ledger.Latest;
                if (stored.Version != expected.Version || stored.NormalizedEmail != expected.NormalizedEmail || stored.DisplayName != expected.DisplayName ||
                    !stored.Metadata.OrderBy(p => p.Key).SequenceEqual(expected.Metadata.OrderBy(p => p.Key)))
                {
                    lost++;
                    problems.Add($"User {ledger.UserId} is at version {stored.Version} ({stored.NormalizedEmail}, {stored.DisplayName}); the newest acknowledged write was version {expected.Version} ({expected.NormalizedEmail}, {expected.DisplayName}).");
                }
            }

            problems.AddRange(users.Keys.Where(id => !_ledgers.ContainsKey(id)).Select(id => $"User {id} is stored but no sign-up was acknowledged."));

            // E-mails: every user's address has a sentinel naming that user, every sentinel names a user holding it.
            var byEmail = lookups.GroupBy(l => l.NormalizedEmail, StringComparer.Ordinal).ToList();
            problems.AddRange(byEmail.Where(g => g.Count() > 1).Select(g => $"E-mail {g.Key} has {g.Count()} sentinels."));
            var sentinels = byEmail.ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var user in users.Values)
            {
                if (!sentinels.TryGetValue(user.NormalizedEmail, out var sentinel) || sentinel.UserId != user.UserId)
                {
                    problems.Add($"User {user.UserId}'s e-mail {user.NormalizedEmail} is not held by a sentinel naming the user.");
                }
            }

            foreach (var sentinel in lookups)
            {
                if (!users.TryGetValue(sentinel.UserId, out var holder) || holder.NormalizedEmail != sentinel.NormalizedEmail)
                {
                    problems.Add($"Sentinel {sentinel.NormalizedEmail} names {sentinel.UserId}, who does not hold that e-mail.");
                }
            }

            problems.AddRange(users.Values.GroupBy(u => u.NormalizedEmail, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"E-mail {g.Key} belongs to {g.Count()} users."));

            // Payments: one payment item and one record a recorded checkout, with the recorded amount; nothing else.
            var acknowledged = _ledgers.Values.SelectMany(l => l.Payments.Select(p => (l.UserId, Session: p.Key, Amount: p.Value))).ToList();
            checkedWrites += acknowledged.Count * 2;
            foreach (var (userId, session, amount) in acknowledged)
            {
                var stored = payments.Where(p => p.UserId == userId && p.CheckoutSessionId == session).ToList();
                var record = records.Where(r => r.CheckoutSessionId == session).ToList();
                if (stored.Count != 1 || record.Count != 1)
                {
                    lost += stored.Count == 0 ? 1 : 0;
                    lost += record.Count == 0 ? 1 : 0;
                    problems.Add($"Checkout {session} has {stored.Count} payment items and {record.Count} records; expected one of each.");
                }
                else if (stored[0].Amount.AmountMinor != amount || record[0].Payment.Amount.AmountMinor != amount)
                {
                    problems.Add($"Checkout {session} stores {stored[0].Amount.AmountMinor}, but {amount} was acknowledged.");
                }
            }

            var recordedSessions = acknowledged.Select(a => a.Session).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(payments.Where(p => !recordedSessions.Contains(p.CheckoutSessionId)).Select(p => $"Payment {p.CheckoutSessionId} is stored but was never acknowledged."));
            problems.AddRange(records.Where(r => !recordedSessions.Contains(r.CheckoutSessionId)).Select(r => $"Record {r.CheckoutSessionId} is stored but was never acknowledged."));

            // Subscriptions: the newest event delivered wins, whatever the order.
            foreach (var ledger in _ledgers.Values)
            {
                var newest = ledger.NewestDeliveredEvent;
                subscriptions.TryGetValue(ledger.UserId, out var stored);
                if (newest < 0)
                {
                    if (stored is not null)
                    {
                        problems.Add($"User {ledger.UserId} has a subscription but no event was delivered.");
                    }

                    continue;
                }

                checkedWrites++;
                var expected = EventOf(ledger.UserId, newest);
                if (stored is null || stored.LastEventAt != expected.EventAt || stored.Status != expected.Status || stored.PlanId != expected.PlanId)
                {
                    lost++;
                    problems.Add($"User {ledger.UserId}'s subscription is {stored?.Status} from {stored?.LastEventAt:O}; the newest event delivered was {expected.Status} at {expected.EventAt:O}.");
                }
            }

            return new SoakReport(problems, checkedWrites, lost);
        }
    }

    private sealed record SoakReport(IReadOnlyList<string> Problems, long WritesChecked, long ItemsLost);

    /// <summary>What was acknowledged for one user: each state the user was written in (by version), its payments, its events.</summary>
    private sealed class UserLedger(string userId)
    {
        private readonly object _gate = new();
        private readonly Dictionary<long, User> _states = [];
        private int _newestEvent = -1;

        public string UserId { get; } = userId;

        public ConcurrentDictionary<string, long> Payments { get; } = new(StringComparer.Ordinal);

        public int NewestDeliveredEvent => Volatile.Read(ref _newestEvent);

        public int WriteCount
        {
            get
            {
                lock (_gate)
                {
                    return _states.Count;
                }
            }
        }

        public User Latest
        {
            get
            {
                lock (_gate)
                {
                    return _states[_states.Keys.Max()];
                }
            }
        }

        public void Acknowledge(User state)
        {
            lock (_gate)
            {
                if (!_states.TryAdd(state.Version, state))
                {
                    throw new InvalidOperationException($"Two writes of user {UserId} were both acknowledged at version {state.Version}.");
                }
            }
        }

        public void Delivered(int index)
        {
            int seen;
            do
            {
                seen = Volatile.Read(ref _newestEvent);
            }
            while (index > seen && Interlocked.CompareExchange(ref _newestEvent, index, seen) != seen);
        }
    }
}
