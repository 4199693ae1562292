namespace SaasUsers.Data.Sample.Migrations;

/// <summary>
/// Migration 1: rewrites every item of the package's entity types to the current model, so items an older version
/// wrote (without index attributes, say) become visible to the index queries. A backfill resumes from its
/// checkpoints, so the migration is safe to run again after a failure.
/// </summary>
internal sealed class BackfillPackageEntitiesMigration() : TableMigration(1, "backfill-package-entities")
{
    public override async Task ApplyAsync(TableMigrationContext context, CancellationToken cancellationToken)
    {
        var plan = new BackfillPlan().Include<User>().Include<EmailLookup>().Include<Subscription>().Include<CheckoutPayment>().Include<CheckoutRecord>();
        var result = await context.Backfill.RunAsync(plan, new BackfillOptions { RunName = "migration-1" }, cancellationToken: cancellationToken);
        if (result.Progress.ItemsFailed > 0)
        {
            throw new InvalidOperationException($"{result.Progress.ItemsFailed} items could not be rewritten, for example {result.Failures[0].Key}: {result.Failures[0].Error}");
        }
    }
}
