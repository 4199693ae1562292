namespace SaasUsers.Data;

/// <summary>Reads the daily stats the change feed keeps, and rebuilds them from the table.</summary>
public interface IDailyStatsRepository
{
    /// <summary>The longest range one call reads.</summary>
    const int MaxDays = 3660;

    /// <summary>
    /// Reads the stats of each day from <paramref name="from"/> to <paramref name="to"/> (UTC days, both included),
    /// oldest first, a day without changes included with zeros. One <c>Query</c> (paged at 1 MB) of the stats
    /// partition from <paramref name="from"/> on: the days of the range, the days after it and the running totals,
    /// from which each day's levels are worked back.
    /// </summary>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per day.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>, or the range is longer than <see cref="MaxDays"/>.</exception>
    Task<IReadOnlyList<DailyStats>> GetRangeAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stats with what the table holds (a backfill, when the feed was enabled late or the stats are
    /// wrong): a parallel <c>Scan</c> of the table (an administrative operation, never an application path), then the
    /// stats items rewritten. Sign-ups, payments and revenue come back exactly; subscriptions are counted in their
    /// current plan and status from the day they were created (the table keeps no history of their changes);
    /// deleted users cannot be seen in the table, so their counts are kept as they were. Run it while the change
    /// feed consumer is stopped and then let it resume: records it reads again that the scan already saw would be
    /// counted twice, so move its checkpoints to the end of the stream first (<see cref="ChangeFeedConsumer.CatchUpAsync"/>
    /// with no stats handler registered), or rebuild again after it catches up.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the rebuild read and wrote.</returns>
    Task<DailyStatsRebuildResult> RebuildAsync(CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IDailyStatsRepository.RebuildAsync"/> read and wrote.</summary>
/// <param name="ItemsScanned">Items the scan read.</param>
/// <param name="StatsItemsDeleted">Stats items removed.</param>
/// <param name="StatsItemsWritten">Stats items written.</param>
public sealed record DailyStatsRebuildResult(long ItemsScanned, int StatsItemsDeleted, int StatsItemsWritten);
