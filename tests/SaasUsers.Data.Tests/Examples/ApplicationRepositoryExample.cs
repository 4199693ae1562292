// An application's own repository, written on the public IEntityTable alone: everything UserRepository does
// (a unique value claimed by a sentinel item in a transaction, a versioned update, a conditional upsert, an index
// query with generated keys, a paged listing with a signed cursor). Compiled and run as a test, so it stays true.
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Examples;

/// <summary>An organization: stored under its own partition, found by owner through the overloaded index GSI1.</summary>
[DynamoEntity("WORKSPACE#{OrganizationId}", "WORKSPACE", EntityType = "ExampleWorkspace")]
[DynamoIndex(1, "WORKSPACEOWNER#{OwnerUserId}", "{CreatedAt}#{OrganizationId}", Name = "ByOwner")]
public sealed partial record Organization
{
    public required string OrganizationId { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; init; }

    public required string OwnerUserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    [DynamoVersion]
    public long Version { get; init; }
}

/// <summary>The sentinel that makes a slug unique (as <c>EmailLookup</c> does for e-mail addresses).</summary>
[DynamoEntity("WORKSPACESLUG#{Slug}", "WORKSPACESLUG", EntityType = "ExampleWorkspaceSlug")]
public sealed partial record OrganizationSlug
{
    public required string Slug { get; init; }

    public required string OrganizationId { get; init; }
}

/// <summary>The organization's plan as the billing provider last reported it: written by an upsert that older events never win.</summary>
[DynamoEntity("WORKSPACE#{OrganizationId}", "PLAN", EntityType = "ExampleWorkspacePlan")]
public sealed partial record OrganizationPlan
{
    public required string OrganizationId { get; init; }

    public required string PlanId { get; init; }

    public DateTimeOffset LastEventAt { get; init; }

    public DateTimeOffset FirstSeenAt { get; init; }

    [DynamoVersion]
    public long Version { get; init; }
}

/// <summary>Thrown when another organization has the slug.</summary>
public sealed class DuplicateSlugException(string slug, Exception inner) : Exception($"The slug '{slug}' is taken.", inner)
{
    public string Slug { get; } = slug;
}

/// <summary>The application's repository: only <see cref="IEntityTable"/> and the generated members of its entities.</summary>
public sealed class OrganizationRepository(IEntityTable table, TimeProvider timeProvider)
{
    /// <summary>Creates an organization and claims its slug, in one transaction.</summary>
    public async Task<Organization> CreateAsync(string organizationId, string slug, string name, string ownerUserId, CancellationToken cancellationToken = default)
    {
        var organization = new Organization { OrganizationId = organizationId, Slug = slug, Name = name, OwnerUserId = ownerUserId, CreatedAt = timeProvider.GetUtcNow() };
        var transaction = new TransactionBuilder()
            .Create(organization, "organization")
            .Create(new OrganizationSlug { Slug = slug, OrganizationId = organizationId }, "slug");
        try
        {
            var written = await table.TransactWriteAsync(transaction, cancellationToken);
            return written.Written<Organization>("organization"); // as stored: version 1
        }
        catch (TransactionFailedException exception)
        {
            if (exception.FailureOf("slug")?.Reason == TransactionFailureReason.ItemAlreadyExists)
            {
                throw new DuplicateSlugException(slug, exception);
            }

            throw exception.FailureOf("organization")?.ToException(exception) ?? (Exception)exception;
        }
    }

    /// <summary>Renames the organization if nobody changed it since <paramref name="organization"/> was read.</summary>
    public Task<Organization> RenameAsync(Organization organization, string name, CancellationToken cancellationToken = default) =>
        table.UpdateAsync<Organization>(
            Organization.CreateKey(organization.OrganizationId),
            update => update.Set(Organization.Fields.Name, name).ExpectVersion(organization.Version),
            cancellationToken);

    /// <summary>Applies a billing event: creates the plan, or updates it when the stored one comes from an older event.</summary>
    /// <returns>Whether the event was applied (false: an event at least as new was applied before).</returns>
    public async Task<bool> ApplyPlanEventAsync(string organizationId, string planId, DateTimeOffset eventAt, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.UpsertAsync<OrganizationPlan>(OrganizationPlan.CreateKey(organizationId), update => update
                .Set(OrganizationPlan.Fields.OrganizationId, organizationId)
                .Set(OrganizationPlan.Fields.PlanId, planId)
                .Set(OrganizationPlan.Fields.LastEventAt, eventAt)
                .SetIfNotExists(OrganizationPlan.Fields.FirstSeenAt, timeProvider.GetUtcNow())
                .When(ItemCondition.LessThan(OrganizationPlan.Fields.LastEventAt, eventAt)), cancellationToken);
            return true;
        }
        catch (ConditionFailedException exception) when (exception.StoredItem is not null)
        {
            return false;
        }
    }

    /// <summary>The owner's organizations, newest first, one page at a time; the cursor is signed and bound to this owner.</summary>
    public Task<QueryPage<Organization>> ListByOwnerAsync(string ownerUserId, int pageSize, string? cursor, CancellationToken cancellationToken = default) =>
        table.QueryAsync<Organization>(
            Organization.Indexes.ByOwner.Query(ownerUserId) with { Descending = true, PageSize = pageSize, Cursor = cursor, CursorParameterName = nameof(cursor) },
            cancellationToken);

    /// <summary>The owner's organizations created in a time range (a range of the index sort key's first component).</summary>
    public async Task<IReadOnlyList<Organization>> CreatedBetweenAsync(string ownerUserId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var page = await table.QueryAsync<Organization>(
            Organization.Indexes.ByOwner.Query(ownerUserId) with { SortKey = Organization.Indexes.ByOwner.SortKeys.Between(from, to), PageSize = ItemQuery.MaxPageSize },
            cancellationToken);
        return page.Items;
    }
}

public sealed class OrganizationTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    protected override void ConfigureModel(TableModelBuilder model) => model.Add<Organization>().Add<OrganizationSlug>().Add<OrganizationPlan>();
}

public sealed class ApplicationRepositoryExampleTests(OrganizationTableFixture fixture) : IClassFixture<OrganizationTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private OrganizationRepository CreateRepository(out IEntityTable table)
    {
        table = new EntityTable(fixture.CreateClient(), fixture.Model, fixture.CreateOptions());
        return new OrganizationRepository(table, _time);
    }

    [Fact]
    public async Task Create_WithTakenSlug_ThrowsDuplicateSlugAndWritesNothing()
    {
        var organizations = CreateRepository(out var table);
        var created = await organizations.CreateAsync("o-1", "acme", "Acme", "u-1", Cancel);

        var duplicate = await Assert.ThrowsAsync<DuplicateSlugException>(() => organizations.CreateAsync("o-2", "acme", "Acme Two", "u-2", Cancel));

        Assert.Equal(1, created.Version);
        Assert.Equal("acme", duplicate.Slug);
        Assert.Null(await table.GetAsync<Organization>(Organization.CreateKey("o-2"), consistentRead: true, Cancel));
    }

    [Fact]
    public async Task Rename_WithStaleVersion_ThrowsVersionConflict()
    {
        var organizations = CreateRepository(out _);
        var created = await organizations.CreateAsync("o-3", "initech", "Initech", "u-3", Cancel);

        var renamed = await organizations.RenameAsync(created, "Initech Ltd", Cancel);
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => organizations.RenameAsync(created, "Initrode", Cancel));

        Assert.Equal(2, renamed.Version);
        Assert.Equal(2, conflict.ActualVersion);
    }

    [Fact]
    public async Task ApplyPlanEvent_OlderEventAfterNewer_IsSkippedAndTheFirstSeenTimeStays()
    {
        var organizations = CreateRepository(out var table);
        var t0 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.True(await organizations.ApplyPlanEventAsync("o-4", "pro", t0.AddMinutes(5), Cancel));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(await organizations.ApplyPlanEventAsync("o-4", "free", t0, Cancel));
        Assert.True(await organizations.ApplyPlanEventAsync("o-4", "team", t0.AddMinutes(10), Cancel));

        var plan = await table.GetAsync<OrganizationPlan>(OrganizationPlan.CreateKey("o-4"), consistentRead: true, Cancel);
        Assert.Equal(("team", 2L, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (plan!.PlanId, plan.Version, plan.FirstSeenAt));
    }

    [Fact]
    public async Task ListByOwner_PagesNewestFirst_AndRefusesTheCursorForAnotherOwner()
    {
        var organizations = CreateRepository(out _);
        for (var i = 0; i < 5; i++)
        {
            await organizations.CreateAsync($"o-list-{i}", $"list-{i}", $"List {i}", "owner-a", Cancel);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await organizations.ListByOwnerAsync("owner-a", 2, cursor, Cancel);
            seen.AddRange(page.Items.Select(o => o.OrganizationId));
            cursor = page.NextCursor;
            if (cursor is not null)
            {
                var foreign = await Assert.ThrowsAsync<InvalidCursorException>(() => organizations.ListByOwnerAsync("owner-b", 2, cursor, Cancel));
                Assert.Equal(("cursor", InvalidCursorReason.ForeignQuery), (foreign.ParamName, foreign.Reason));
            }
        }
        while (cursor is not null);

        Assert.Equal(["o-list-4", "o-list-3", "o-list-2", "o-list-1", "o-list-0"], seen);
    }

    [Fact]
    public async Task CreatedBetween_UsesTheGeneratedSortKeyRange()
    {
        var organizations = CreateRepository(out _);
        var start = _time.GetUtcNow();
        for (var i = 0; i < 4; i++)
        {
            await organizations.CreateAsync($"o-range-{i}", $"range-{i}", $"Range {i}", "owner-range", Cancel);
            _time.Advance(TimeSpan.FromDays(1));
        }

        var middle = await organizations.CreatedBetweenAsync("owner-range", start.AddDays(1), start.AddDays(2), Cancel);

        Assert.Equal(["o-range-1", "o-range-2"], middle.Select(o => o.OrganizationId).Order(StringComparer.Ordinal));
    }
}
