using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// Twenty seconds of concurrent mixed traffic against DynamoDB Local on loopback (sign-ups that race for the same
/// e-mail, profile updates and e-mail changes retried on version conflicts, payment webhooks delivered several times at
/// once, subscription events out of order and of the same second, deletes raced by writes for the same user, reads),
/// with faults injected between the SDK and DynamoDB Local (throttling, 5xx, writes applied whose answer is lost,
/// unprocessed batch items, cancelled transactions), then a full read of the table: every acknowledged write is there
/// and nothing else, each payment is recorded once, every e-mail maps to exactly one user and back, and nothing of a
/// deleted user is left.
/// </summary>
/// <remarks>
/// Category <c>Soak</c>; it runs in the normal test command. Exclude it locally with
/// <c>./eng/test.sh --filter "Category!=Soak"</c>; <c>SAASUSERS_SOAK_SECONDS</c> changes its length (default 20).
/// </remarks>
[Trait("Category", "Soak")]
public sealed class SoakTests(ReliabilityTableFixture table) : IClassFixture<ReliabilityTableFixture>
{
    private const int Workers = 16;
    private const int EmailPool = 400;
    private const int HotUsers = 5;
    private const int SessionsPerUser = 6;
    private const int MaxOperations = 200_000;
    private const int MaxFaults = 80;
    private static readonly DateTimeOffset EventBase = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // One subscription a user, seven provider events; every status here can follow every other. Events 1 and 2, and
    // 5 and 6, carry the same second (the provider's resolution), the second of each pair later in the lifecycle. The
    // index order is the order (event time, lifecycle), so the event of the highest index delivered must win whatever
    // the order of arrival.
    private static readonly (SubscriptionStatus Status, int Minute)[] Events =
    [
        (SubscriptionStatus.Trialing, 0),
        (SubscriptionStatus.Active, 1),
        (SubscriptionStatus.PastDue, 1),
        (SubscriptionStatus.Active, 2),
        (SubscriptionStatus.Paused, 3),
        (SubscriptionStatus.Unpaid, 4),
        (SubscriptionStatus.Paused, 4),
    ];

    [Fact]
    public async Task MixedConcurrentLoadWithDeletesAndFaults_ThenAFullConsistencyCheck_FindsEveryAcknowledgedWriteAndNothingElse()
    {
        // Given a client whose requests pass a fault injector (more SDK retries than faults ever queued at once)
        var cancel = TestContext.Current.CancellationToken;
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SAASUSERS_SOAK_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 20;
        var faults = new DynamoDbFaultInjector();
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults, MaxErrorRetry = 5 });
        var run = new SoakRun(services, faults, cancel);
        var clock = Stopwatch.StartNew();

        // When sixteen workers run mixed operations for the set time (or up to the operation cap)
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919 + 17);
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds) && Interlocked.Increment(ref run.Operations) <= MaxOperations)
            {
                run.MaybeQueueFault(random);
                await run.OneAsync(worker, random);
            }
        }, cancel)).ToArray();
        await Task.WhenAll(workers);

        // Then the table is read back and compared with what was acknowledged; the figures are those of the table
        var report = await run.CheckAsync(table, cancel);
        var summary = $"{run.Operations} operations in {clock.Elapsed.TotalSeconds:F0} s; {report.WritesChecked} acknowledged writes checked, {report.ItemsLost} lost, " +
            $"{report.ItemsLeftOfDeletedUsers} left of deleted users; {faults.Injected} faults injected; " +
            string.Join("; ", run.Counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        foreach (var problem in report.Problems.Take(20).Concat(run.Unexpected.Take(20)))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(problem);
        }

        ReliabilityFigures.Add(ReliabilityFigures.OperationsRun, run.Operations);
        ReliabilityFigures.Add(ReliabilityFigures.FaultsInjected, faults.Injected);
        ReliabilityFigures.Add(ReliabilityFigures.WritesChecked, report.WritesChecked);
        ReliabilityFigures.Add(ReliabilityFigures.ItemsLost, report.ItemsLost);
        ReliabilityFigures.Add("soak operations", run.Operations);
        ReliabilityFigures.Add("soak seconds", (long)clock.Elapsed.TotalSeconds);
        ReliabilityFigures.Add("soak faults injected", faults.Injected);
        ReliabilityFigures.Add("soak items lost (counted from the table)", report.ItemsLost);
        ReliabilityFigures.Add("soak items left of deleted users (counted from the table)", report.ItemsLeftOfDeletedUsers);
        foreach (var (name, value) in run.Counters)
        {
            ReliabilityFigures.Add("soak " + name, value);
        }

        // And nothing failed unexpectedly, nothing acknowledged is missing, and nothing of a deleted user is left
        Assert.True(run.Unexpected.IsEmpty, $"{run.Unexpected.Count} unexpected failures, e.g.: {string.Join(" | ", run.Unexpected.Take(3))}");
        Assert.True(report.Problems.Count == 0, $"{report.Problems.Count} consistency problems:\n{string.Join('\n', report.Problems.Take(20))}");
        Assert.Equal(0, report.ItemsLost);
        Assert.Equal(0, report.ItemsLeftOfDeletedUsers);

        // And the run exercised what it claims to
        foreach (var counter in new[] { "sign-ups acknowledged", "payments recorded", "users deleted", "subscription events of an equal time", "writes refused for a user being deleted" })
        {
            Assert.True(run.Counters.GetValueOrDefault(counter) > 0, $"The soak did too little to prove anything: no {counter}. {summary}");
        }

        Assert.True(faults.Injected > 0, $"No fault was injected. {summary}");
    }

    private sealed class SoakRun(IServiceProvider services, DynamoDbFaultInjector faults, CancellationToken cancel)
    {
        public long Operations;

        private readonly IUserRepository _users = services.GetRequiredService<IUserRepository>();
        private readonly ISubscriptionRepository _subscriptions = services.GetRequiredService<ISubscriptionRepository>();
        private readonly ICheckoutPaymentRepository _payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        private readonly IAccountRepository _accounts = services.GetRequiredService<IAccountRepository>();
        private readonly ConcurrentDictionary<string, UserLedger> _ledgers = new(StringComparer.Ordinal);

        // Sign-ups still in flight when the run stopped: the server may have applied them, so only these ids may be
        // stored without an acknowledged sign-up.
        private readonly ConcurrentDictionary<string, byte> _signUpsCutShort = new(StringComparer.Ordinal);
        private readonly List<string> _userIds = [];
        private readonly object _gate = new();
        private int _faultsQueued;

        public ConcurrentDictionary<string, long> Counters { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Unexpected { get; } = new();

        /// <summary>
        /// Now and then queues one fault for the next request of an API, once the one queued before it has fired: at
        /// most one is pending, so a call meets fewer faults in a row than the client's retries.
        /// </summary>
        public void MaybeQueueFault(Random random)
        {
            if (random.Next(10) != 0)
            {
                return;
            }

            lock (_gate)
            {
                if (_faultsQueued >= MaxFaults || faults.Injected < _faultsQueued)
                {
                    return;
                }

                _faultsQueued++;
                var (kind, _) = random.Next(10) switch
                {
                    0 => ("throttled UpdateItem", faults.Throttle("UpdateItem")),
                    1 => ("throttled Query", faults.Throttle("Query")),
                    2 => ("UpdateItem applied, answer lost", faults.ServerErrorAfterApplying("UpdateItem")),
                    3 => ("TransactWriteItems applied, answer lost", faults.ServerErrorAfterApplying("TransactWriteItems")),
                    4 => ("TransactWriteItems applied, answer lost", faults.ServerErrorAfterApplying("TransactWriteItems", status: System.Net.HttpStatusCode.ServiceUnavailable)),
                    5 => ("5xx on GetItem", faults.ServerError("GetItem")),
                    6 => ("5xx on TransactWriteItems", faults.ServerError("TransactWriteItems")),
                    7 => ("transaction cancelled for a conflict", faults.CancelTransaction(["TransactionConflict"])),
                    8 => ("BatchWriteItem half unprocessed", faults.UnprocessedItems("BatchWriteItem")),
                    _ => ("DeleteItem applied, answer lost", faults.ServerErrorAfterApplying("DeleteItem")),
                };
                Count("faults queued: " + kind);
            }
        }

        public async Task OneAsync(int worker, Random random)
        {
            var dice = random.Next(100);
            var userId = RandomUser(random);
            try
            {
                switch (dice)
                {
                    case < 18:
                        await SignUpAsync(random);
                        break;
                    case < 30 when userId is not null:
                        await UpdateProfileAsync(userId, worker, random);
                        break;
                    case < 35 when userId is not null:
                        await ChangeEmailAsync(userId, random);
                        break;
                    case < 52 when userId is not null:
                        await PayAsync(userId, random);
                        break;
                    case < 67 when userId is not null:
                        await SubscriptionEventAsync(userId, random);
                        break;
                    case < 70 when userId is not null:
                        await DeleteRacedByWritesAsync(userId, worker, random);
                        break;
                    case >= 70 when userId is not null:
                        await ReadAsync(userId, random);
                        break;
                    default:
                        await SignUpAsync(random);
                        break;
                }
            }
            catch (ItemNotFoundException) when (userId is not null && _ledgers[userId].Deleting)
            {
                Count("writes refused for a user being deleted");
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
            var won = (await Task.WhenAll(attempts)).OfType<string>().ToArray();
            Count("sign-ups tried", copies);

            // Two can win only when the first winner freed the address (deleted, or its e-mail changed away) before the
            // other got through: a sign-up slowed by injected faults can finish after the first winner moved on.
            if (won.Count(id => !_ledgers[id].Deleting && !_ledgers[id].EmailChangeStarted) > 1)
            {
                Unexpected.Enqueue($"{won.Length} concurrent sign-ups with {email} all succeeded.");
            }
        }

        private async Task<string?> SignUpOnceAsync(string email)
        {
            var userId = Guid.NewGuid().ToString("N");
            try
            {
                var user = await _users.CreateAsync(new NewUser { UserId = userId, Email = email }, cancel);
                var ledger = new UserLedger(user.UserId);
                ledger.Acknowledge(user);
                _ledgers[user.UserId] = ledger;
                lock (_gate)
                {
                    _userIds.Add(user.UserId);
                }

                Count("sign-ups acknowledged");
                return user.UserId;
            }
            catch (DuplicateEmailException)
            {
                Count("duplicate e-mails refused");
                return null;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                _signUpsCutShort[userId] = 0;
                Count("sign-ups cut short by the stop");
                throw;
            }
        }

        // A user being deleted is not found (by a read, or as ItemNotFoundException from a write): expected then, and
        // only then.
        private User? Vanished(string userId)
        {
            if (!_ledgers[userId].Deleting)
            {
                throw new InvalidOperationException($"User {userId} vanished, though nobody deleted it.");
            }

            Count("writes refused for a user being deleted");
            return null;
        }

        private async Task UpdateProfileAsync(string userId, int worker, Random random)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                if (await _users.GetAsync(userId, consistentRead: true, cancel) is not { } current)
                {
                    Vanished(userId);
                    return;
                }

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
                if (await _users.GetAsync(userId, consistentRead: true, cancel) is not { } current)
                {
                    Vanished(userId);
                    return;
                }

                if (current.NormalizedEmail == target)
                {
                    return;
                }

                try
                {
                    _ledgers[userId].StartEmailChange();
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
            catch (ItemNotFoundException) when (_ledgers[userId].Deleting)
            {
                Count("writes refused for a user being deleted");
                return null;
            }
        }

        private async Task SubscriptionEventAsync(string userId, Random random)
        {
            var index = random.Next(Events.Length);
            var ledger = _ledgers[userId];
            ledger.Delivered(index);
            if (index is 2 or 6)
            {
                Count("subscription events of an equal time");
            }

            var result = await _subscriptions.ApplyChangeAsync(EventOf(userId, index), cancel);
            if (result.Outcome == SubscriptionChangeOutcome.SkippedAccountNotFound)
            {
                Vanished(userId);
                return;
            }

            Count(result.Outcome switch
            {
                SubscriptionChangeOutcome.Applied => "subscription events applied",
                SubscriptionChangeOutcome.SkippedStale => "subscription events skipped as stale",
                _ => "subscription events skipped as not allowed",
            });
        }

        // Deletes a user while three other writes for the same user run at the same moment. Each write either lands
        // before the mark (and is then swept away) or is refused; afterwards nothing of the user may be left.
        private async Task DeleteRacedByWritesAsync(string userId, int worker, Random random)
        {
            var ledger = _ledgers[userId];
            if (!ledger.StartDeleting())
            {
                return;
            }

            lock (_gate)
            {
                _userIds.Remove(userId);
            }

            var seeds = Enumerable.Range(0, 3).Select(_ => random.Next()).ToArray();
            var writes = seeds.Select(seed => Task.Run(() => RacingWriteAsync(userId, worker, new Random(seed)), cancel)).ToArray();
            var deleted = await _users.DeleteAsync(userId, cancel);
            await Task.WhenAll(writes);
            Check(deleted.UserFound, $"Deleting {userId} did not find the user.");
            ledger.MarkDeleted();
            Count("users deleted");
            Count("writes raced with a delete", writes.Length);
        }

        private async Task RacingWriteAsync(string userId, int worker, Random random)
        {
            try
            {
                switch (random.Next(4))
                {
                    case 0:
                        await UpdateProfileAsync(userId, worker, random);
                        break;
                    case 1:
                        await ChangeEmailAsync(userId, random);
                        break;
                    case 2:
                        await PayAsync(userId, random);
                        break;
                    default:
                        await SubscriptionEventAsync(userId, random);
                        break;
                }
            }
            catch (ItemNotFoundException)
            {
                Count("writes refused for a user being deleted");
            }
            catch (Exception exception) when (!cancel.IsCancellationRequested)
            {
                Unexpected.Enqueue($"A write racing the delete of {userId}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        private async Task ReadAsync(string userId, Random random)
        {
            Count("reads");

            // Read after the call: a delete may start while the read is on its way.
            bool Deleting() => _ledgers[userId].Deleting;
            switch (random.Next(4))
            {
                case 0:
                    var got = await _users.GetAsync(userId, cancellationToken: cancel);
                    Check(got?.UserId == userId || (got is null && Deleting()), $"Get of {userId} returned {got?.UserId ?? "nothing"}.");
                    break;
                case 1:
                    var email = Email(random.Next(EmailPool));
                    var found = await _users.FindByEmailAsync(email, cancel);
                    Check(found is null || found.NormalizedEmail == email, $"FindByEmail({email}) returned a user with {found?.NormalizedEmail}.");
                    break;
                case 2:
                    var overview = await _accounts.GetOverviewAsync(userId, cancellationToken: cancel);
                    Check((overview is null && Deleting()) || (overview is not null && overview.User.UserId == userId && overview.LatestPayments.All(p => p.UserId == userId)), "The overview mixed users.");
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
            Status = Events[index].Status,
            EventAt = EventBase.AddMinutes(Events[index].Minute),
        };

        public async Task<SoakReport> CheckAsync(ReliabilityTableFixture fixture, CancellationToken cancellationToken)
        {
            var items = await TableSnapshot.ScanAsync(fixture.Client, fixture.TableName, cancellationToken);
            var problems = new List<string>();
            long checkedWrites = 0;
            long lost = 0;

            // Deleted users: no item of theirs is left, in their partition or outside it (sentinels, checkout records).
            var deleted = _ledgers.Values.Where(l => l.Deleting).Select(l => l.UserId).ToHashSet(StringComparer.Ordinal);
            var leftOfDeleted = items.Where(i => deleted.Contains(OwnerOf(i))).ToList();
            problems.AddRange(leftOfDeleted.Select(i => $"{i["PK"].S} / {i["SK"].S} ({EntityType(i)}) is left of deleted user {OwnerOf(i)}."));
            items = items.Except(leftOfDeleted).ToList();
            problems.AddRange(_ledgers.Values.Where(l => l.Deleting && !l.Deleted).Select(l => $"The delete of {l.UserId} never finished."));
            var live = _ledgers.Values.Where(l => !l.Deleting).ToList();
            var users = items.Where(i => EntityType(i) == "User").Select(User.Mapper.FromItem).ToDictionary(u => u.UserId, StringComparer.Ordinal);
            var lookups = items.Where(i => EntityType(i) == "EmailLookup").Select(EmailLookup.Mapper.FromItem).ToList();
            var payments = items.Where(i => EntityType(i) == "CheckoutPayment").Select(CheckoutPayment.Mapper.FromItem).ToList();
            var records = items.Where(i => EntityType(i) == "CheckoutRecord").Select(CheckoutRecord.Mapper.FromItem).ToList();
            var subscriptions = items.Where(i => EntityType(i) == "Subscription").Select(Subscription.Mapper.FromItem).ToDictionary(x => x.AccountId, StringComparer.Ordinal);

            // Users: exactly the acknowledged ones, each in the state of its newest acknowledged write.
            foreach (var ledger in live)
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

            problems.AddRange(users.Keys.Where(id => !_ledgers.ContainsKey(id) && !_signUpsCutShort.ContainsKey(id)).Select(id => $"User {id} is stored but no sign-up was acknowledged."));

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
            var acknowledged = live.SelectMany(l => l.Payments.Select(p => (l.UserId, Session: p.Key, Amount: p.Value))).ToList();
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

            // Subscriptions: the newest event delivered wins (by time, then lifecycle), whatever the order.
            foreach (var ledger in live)
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

            return new SoakReport(problems, checkedWrites, lost, leftOfDeleted.Count);
        }

        private static string EntityType(Dictionary<string, AttributeValue> item) => item.TryGetValue(ItemAttributeNames.EntityType, out var t) ? t.S : "?";

        // The user an item belongs to: its partition's, or the one it names (an e-mail sentinel, a checkout record).
        private static string OwnerOf(Dictionary<string, AttributeValue> item) =>
            item["PK"].S.StartsWith("USER#", StringComparison.Ordinal) ? item["PK"].S["USER#".Length..]
            : item.TryGetValue("UserId", out var owner) ? owner.S
            : string.Empty;
    }

    private sealed record SoakReport(IReadOnlyList<string> Problems, long WritesChecked, long ItemsLost, int ItemsLeftOfDeletedUsers);

    /// <summary>What was acknowledged for one user: each state the user was written in (by version), its payments, its events.</summary>
    private sealed class UserLedger(string userId)
    {
        private readonly object _gate = new();
        private readonly Dictionary<long, User> _states = [];
        private int _newestEvent = -1;
        private int _deleting;
        private int _emailChanges;

        public string UserId { get; } = userId;

        public ConcurrentDictionary<string, long> Payments { get; } = new(StringComparer.Ordinal);

        public int NewestDeliveredEvent => Volatile.Read(ref _newestEvent);

        /// <summary>Whether a delete of this user has started (from then on the user may be gone).</summary>
        public bool Deleting => Volatile.Read(ref _deleting) > 0;

        public bool Deleted => Volatile.Read(ref _deleting) == 2;

        /// <summary>Whether a change of this user's e-mail has been sent (from then on its old address may be free).</summary>
        public bool EmailChangeStarted => Volatile.Read(ref _emailChanges) > 0;

        public void StartEmailChange() => Interlocked.Increment(ref _emailChanges);

        /// <summary>Claims the delete of this user; false when another worker already did.</summary>
        public bool StartDeleting() => Interlocked.CompareExchange(ref _deleting, 1, 0) == 0;

        public void MarkDeleted() => Volatile.Write(ref _deleting, 2);

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
