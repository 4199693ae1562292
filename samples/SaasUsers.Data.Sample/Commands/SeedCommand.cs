using System.Diagnostics;
using System.Security.Cryptography;
using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary>
/// <c>seed --users N [--parallel P]</c>: signs up N fake customers with their subscriptions and checkout payments,
/// P customers at a time, through the same repository calls a SaaS backend makes (so the seeded data keeps every
/// rule: unique e-mails, one idempotency record per checkout), then prints the throughput.
/// </summary>
internal sealed class SeedCommand(
    ITableProvisioner provisioner,
    IUserRepository users,
    ICheckoutPaymentRepository payments,
    TimeProvider clock,
    DynamoDbTarget target)
{
    public async Task<int> RunAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        await EnsureCommand.EnsureAsync(provisioner, cancellationToken);
        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var customers = FakeCustomers.Create(count, run, clock.GetUtcNow());

        using var requests = new RequestCounter();
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Seeding {count:N0} users", maxValue: count);
                var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(customers, options, async (customer, token) =>
                {
                    await SeedAsync(customer, token);
                    task.Increment(1);
                });
            });
        stopwatch.Stop();

        var seconds = stopwatch.Elapsed.TotalSeconds;
        var paymentCount = customers.Sum(c => c.Payments.Count);
        AnsiConsole.MarkupLineInterpolated(
            $"Seeded [bold]{count:N0}[/] users, {count:N0} subscriptions and {paymentCount:N0} payments in {seconds:N1} s: [bold]{count / seconds:N0} users/s[/], {requests.Requests:N0} DynamoDB requests ({requests.Requests / seconds:N0}/s), {requests.CapacityUnits:N0} capacity units, {parallelism} at a time.");
        var example = customers[0].SignUp.Email;
        AnsiConsole.MarkupLineInterpolated($"One of them: {example}{(target.KeepsData ? $" (try: overview {example})" : string.Empty)}");
        return 0;
    }

    private async Task SeedAsync(FakeCustomer customer, CancellationToken cancellationToken)
    {
        // Spread the sign-ups over the last 45 days (this flow only), so the stats have a history to chart.
        var now = DateTimeOffset.UtcNow;
        var signUp = now.AddMinutes(-RandomNumberGenerator.GetInt32(0, 45 * 24 * 60));
        SampleClock.Backdate(signUp);
        var user = await users.CreateAsync(customer.SignUp, cancellationToken);
        await users.LinkPaymentCustomerAsync(user.UserId, customer.Subscription.PaymentProvider, customer.CustomerId, cancellationToken);

        // The first checkout starts the subscription: payment, idempotency record and subscription in one transaction.
        await payments.RecordAsync(customer.Payments[0], customer.Subscription, cancellationToken);
        var week = 0;
        foreach (var renewal in customer.Payments.Skip(1))
        {
            // Renewals a week apart (never in the future), so payments spread over the chart too.
            var at = signUp.AddDays(7 * ++week);
            SampleClock.Backdate(at < now ? at : now);
            await payments.RecordAsync(renewal, cancellationToken: cancellationToken);
        }
    }
}
