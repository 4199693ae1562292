namespace SaasUsers.Data;

/// <summary>
/// Rewrites every item of some entity types to the current model (after a new index, a renamed attribute, a new
/// default): a parallel scan over segments, a rate limit in capacity units a second, a checkpoint per segment stored
/// in the table so a stopped run resumes, and conditional writes so an application write made meanwhile is never
/// overwritten by an older copy. An admin tool: it scans the whole table.
/// </summary>
public interface ITableBackfill
{
    /// <summary>Runs (or resumes) a backfill.</summary>
    /// <param name="plan">The entity types to rewrite and their upgrades.</param>
    /// <param name="options">Run name, segments, rate limit, dry run; the defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives progress about four times a second and at the end; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; it resumes from its checkpoints when run again with the same name.</param>
    /// <returns>The counts and the items that failed.</returns>
    /// <exception cref="ArgumentException">The plan is empty, or an option is out of range (nothing is read or written).</exception>
    /// <exception cref="InvalidOperationException">A stopped run of the same name used another number of segments.</exception>
    Task<BackfillResult> RunAsync(BackfillPlan plan, BackfillOptions? options = null, IProgress<BackfillProgress>? progress = null, CancellationToken cancellationToken = default);
}
