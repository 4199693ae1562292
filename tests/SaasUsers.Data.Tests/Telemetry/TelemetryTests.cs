using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SaasUsers.Data.Tests.Table;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Telemetry;

/// <summary>Listeners see an activity and metrics for each repository call, with entity type, request count and consumed capacity.</summary>
public sealed class TelemetryTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RepositoryCalls_AreReportedAsActivitiesWithEntityTypeRequestCountAndCapacity()
    {
        // Given a listener for the package's activity source
        var activities = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(activities);
        using var scope = fixture.CreateTable();
        var project = EntityTableCrudTests.NewProject();

        // When
        await scope.Table.CreateAsync(project, Cancel);
        await scope.Table.GetAsync<Project>(Project.CreateKey(project.OrgId, project.ProjectId), true, Cancel);

        // Then (other tests run in parallel: keep this table's activities only)
        var mine = activities.Where(a => (string?)a.GetTagItem("db.collection.name") == scope.Table.TableName).ToList();
        var create = Assert.Single(mine, a => (string?)a.GetTagItem("db.operation.name") == "Create");
        var get = Assert.Single(mine, a => (string?)a.GetTagItem("db.operation.name") == "Get");
        Assert.Equal("Create " + scope.Table.TableName, create.DisplayName);
        Assert.Equal("TableTests.Project", create.GetTagItem("saasusers.entity_type"));
        Assert.Equal(1, create.GetTagItem("saasusers.request_count"));
        Assert.Equal("aws.dynamodb", create.GetTagItem("db.system.name"));
        Assert.True((double)create.GetTagItem("aws.dynamodb.consumed_capacity")! > 0, "PutItem consumed no capacity?");
        Assert.Equal(ActivityStatusCode.Unset, get.Status);
    }

    [Fact]
    public async Task FailedCalls_AreReportedWithTheirErrorType()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(activities);
        using var scope = fixture.CreateTable();
        var project = await scope.Table.CreateAsync(EntityTableCrudTests.NewProject(), Cancel);

        await Assert.ThrowsAsync<ItemAlreadyExistsException>(() => scope.Table.CreateAsync(project, Cancel));

        var failed = activities.Single(a => (string?)a.GetTagItem("db.collection.name") == scope.Table.TableName && a.Status == ActivityStatusCode.Error);
        Assert.Equal(nameof(ItemAlreadyExistsException), failed.GetTagItem("error.type"));
    }

    [Fact]
    public async Task SignUps_AreReportedWithTheUserEntityType_AndAFailedOneWithTheExceptionTheCallerGets()
    {
        // Given a listener, and a sign-up
        var activities = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(activities);
        using var scope = fixture.CreateTable();
        var users = new UserRepository(scope.Table);
        await users.CreateAsync(new NewUser { Email = "span@example.com" }, Cancel);

        // When the same address signs up again
        var error = await Assert.ThrowsAsync<DuplicateEmailException>(() => users.CreateAsync(new NewUser { Email = "SPAN@example.com" }, Cancel));

        // Then both spans are about a User, and the failed one names the exception the caller got
        var signUps = activities.Where(a => (string?)a.GetTagItem("db.collection.name") == scope.Table.TableName && (string?)a.GetTagItem("db.operation.name") == "Transaction").ToList();
        Assert.Equal(2, signUps.Count);
        Assert.All(signUps, a => Assert.Equal("User", a.GetTagItem("saasusers.entity_type")));
        var failed = Assert.Single(signUps, a => a.Status == ActivityStatusCode.Error);
        Assert.Equal(nameof(DuplicateEmailException), failed.GetTagItem("error.type"));
        Assert.Equal(error.Message, failed.StatusDescription);
    }

    [Fact]
    public async Task RepositoryCalls_AreCountedByTheMeterWithRequestsAndConsumedCapacity()
    {
        // Given a listener for the package's meter
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SaasUsersTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();
        using var scope = fixture.CreateTable();
        var project = EntityTableCrudTests.NewProject() with { OrgId = "org-metered-" + Guid.NewGuid().ToString("N")[..6] };

        // When
        await scope.Table.CreateAsync(project, Cancel);

        // Then
        var projectMeasurements = measurements.Where(m => (string?)m.Tags.GetValueOrDefault("saasusers.entity_type") == "TableTests.Project").ToList();
        Assert.Contains(projectMeasurements, m => m.Instrument == SaasUsersTelemetry.OperationsMetric && (string?)m.Tags["db.operation.name"] == "Create");
        Assert.Contains(projectMeasurements, m => m.Instrument == SaasUsersTelemetry.RequestsMetric && (string?)m.Tags["db.operation.name"] == "PutItem");
        Assert.Contains(projectMeasurements, m => m.Instrument == SaasUsersTelemetry.ConsumedCapacityMetric && m.Value > 0);
        Assert.Contains(projectMeasurements, m => m.Instrument == SaasUsersTelemetry.OperationDurationMetric && m.Value > 0);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    // Every activity of the package's source, as it stops.
    private static ActivityListener ListenToActivities(ConcurrentQueue<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SaasUsersTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
