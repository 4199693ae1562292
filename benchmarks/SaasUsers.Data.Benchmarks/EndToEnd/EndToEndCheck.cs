using System.Diagnostics;
using SaasUsers.Data.Benchmarks.Data;

namespace SaasUsers.Data.Benchmarks.EndToEnd;

/// <summary>Checks that both contenders of each end-to-end operation get the same result, and warms the server up.</summary>
public static class EndToEndCheck
{
    /// <summary>Throws when the contenders disagree.</summary>
    public static async Task RunAsync(EndToEndOperations operations)
    {
        var ours = (User)(await operations.GetOursAsync().ConfigureAwait(false))!;
        var hand = (User)(await operations.GetHandWrittenAsync().ConfigureAwait(false))!;
        ItemComparer.AssertEqual("Get user", User.Mapper.ToItem(ours), User.Mapper.ToItem(hand));

        var oursOverview = (AccountOverview)(await operations.OverviewOursAsync().ConfigureAwait(false))!;
        var handOverview = (AccountOverview)(await operations.OverviewHandWrittenAsync().ConfigureAwait(false))!;
        Same("overview subscriptions", oursOverview.Subscriptions.Count, handOverview.Subscriptions.Count);
        Same("overview payments", string.Join(",", oursOverview.LatestPayments.Select(p => p.CheckoutSessionId)), string.Join(",", handOverview.LatestPayments.Select(p => p.CheckoutSessionId)));
        Same("overview active subscription", oursOverview.ActiveSubscription?.SubscriptionId, handOverview.ActiveSubscription?.SubscriptionId);
        Same("overview has more", oursOverview.HasMorePayments, handOverview.HasMorePayments);
        Same("overview has more payments", true, oursOverview.HasMorePayments);
        Same("overview payments count", 5, oursOverview.LatestPayments.Count);

        var oursPut = (User)(await operations.PutUserOursAsync().ConfigureAwait(false))!;
        var handPut = (User)(await operations.PutUserHandWrittenAsync().ConfigureAwait(false))!;
        Same("versioned put: next version", oursPut.Version - 1, handPut.Version - 1);
        await operations.PutPaymentOursAsync().ConfigureAwait(false);
        await operations.PutPaymentHandWrittenAsync().ConfigureAwait(false);
    }

    /// <summary>Runs every operation of both contenders in turn for <paramref name="duration"/>.</summary>
    public static async Task WarmUpAsync(EndToEndOperations operations, TimeSpan duration)
    {
        Func<Task<object?>>[] all =
        [
            operations.GetHandWrittenAsync, operations.GetOursAsync,
            operations.PutPaymentHandWrittenAsync, operations.PutPaymentOursAsync,
            operations.PutUserHandWrittenAsync, operations.PutUserOursAsync,
            operations.OverviewHandWrittenAsync, operations.OverviewOursAsync,
        ];
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            foreach (var operation in all)
            {
                await operation().ConfigureAwait(false);
            }
        }
    }

    private static void Same<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual}");
        }
    }
}
