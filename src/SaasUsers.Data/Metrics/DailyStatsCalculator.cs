namespace SaasUsers.Data;

/// <summary>
/// What a change adds to the daily stats, and what the table's current state amounts to (for a rebuild). The one
/// place that says what each counter means.
/// </summary>
internal static class DailyStatsCalculator
{
    public static IEnumerable<StatsContribution> Of(TableChange change)
    {
        if (change.Role != TableItemRole.Entity)
        {
            return [];
        }

        var contributions = new List<StatsContribution>();
        var recordDay = DayOf(change.ApproximateCreationTime);
        if (change.Is<User>())
        {
            if (change.Kind == TableChangeKind.Inserted && change.NewAs<User>() is { } user)
            {
                contributions.Add(new(DayOf(user.CreatedAt), StatsCounter.SignUps, 1));
            }
            else if (change.Kind is TableChangeKind.Removed or TableChangeKind.Expired)
            {
                contributions.Add(new(recordDay, StatsCounter.DeletedUsers, 1));
            }
        }
        else if (change.Is<CheckoutPayment>())
        {
            if (change.Kind == TableChangeKind.Inserted && change.NewAs<CheckoutPayment>() is { Status: PaymentStatus.Paid } payment)
            {
                var day = DayOf(payment.CreatedAt);
                contributions.Add(new(day, StatsCounter.Payments, 1));
                contributions.Add(new(day, StatsCounter.Revenue(payment.Amount.Currency), payment.Amount.AmountMinor));
            }
        }
        else if (change.Is<Subscription>())
        {
            var before = change.OldAs<Subscription>();
            var after = change.NewAs<Subscription>();
            var day = after is null ? recordDay : DayOf(after.UpdatedAt);
            if (before is not null)
            {
                AddState(contributions, day, before, -1);
            }

            if (after is not null)
            {
                AddState(contributions, day, after, +1);
                if (after.Status == SubscriptionStatus.Canceled && before?.Status != SubscriptionStatus.Canceled)
                {
                    contributions.Add(new(day, StatsCounter.Cancellations, 1));
                }
            }
        }

        // A change that moves nothing (a renewal date, say) adds nothing.
        return contributions
            .GroupBy(c => (c.Day, c.Counter))
            .Select(g => new StatsContribution(g.Key.Day, g.Key.Counter, g.Sum(c => c.Delta)))
            .Where(c => c.Delta != 0)
            .ToArray();
    }

    /// <summary>
    /// What the table's items amount to, for a rebuild: sign-ups, payments and revenue on their days; each stored
    /// subscription counted (by plan and status, and its monthly recurring revenue) from the day it was created;
    /// a canceled one as a cancellation on the day it was last changed.
    /// </summary>
    public static IEnumerable<StatsContribution> OfStoredEntity(object entity)
    {
        switch (entity)
        {
            case User user:
                yield return new(DayOf(user.CreatedAt), StatsCounter.SignUps, 1);
                break;
            case CheckoutPayment { Status: PaymentStatus.Paid } payment:
                yield return new(DayOf(payment.CreatedAt), StatsCounter.Payments, 1);
                yield return new(DayOf(payment.CreatedAt), StatsCounter.Revenue(payment.Amount.Currency), payment.Amount.AmountMinor);
                break;
            case Subscription subscription:
                var created = DayOf(subscription.CreatedAt);
                yield return new(created, StatsCounter.Subscriptions(subscription.PlanId, subscription.Status), 1);
                if (subscription.Price is { } price && subscription.MonthlyRecurringRevenueMinor != 0)
                {
                    yield return new(created, StatsCounter.Mrr(price.Currency), subscription.MonthlyRecurringRevenueMinor);
                }

                if (subscription.Status == SubscriptionStatus.Canceled)
                {
                    yield return new(DayOf(subscription.UpdatedAt), StatsCounter.Cancellations, 1);
                }

                break;
        }
    }

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    private static void AddState(List<StatsContribution> contributions, DateOnly day, Subscription subscription, int sign)
    {
        contributions.Add(new(day, StatsCounter.Subscriptions(subscription.PlanId, subscription.Status), sign));
        if (subscription.Price is { } price && subscription.MonthlyRecurringRevenueMinor != 0)
        {
            contributions.Add(new(day, StatsCounter.Mrr(price.Currency), sign * subscription.MonthlyRecurringRevenueMinor));
        }
    }
}
