using Xunit;
namespace SaasUsers.Data.Tests.Repositories;

public sealed class SubscriptionTransitionsTests
{
    public static TheoryData<SubscriptionStatus> AllStatuses() => new(Enum.GetValues<SubscriptionStatus>());

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void IsAllowed_ToTheSameStatus_IsAlwaysTrue(SubscriptionStatus status)
    {
        Assert.True(SubscriptionTransitions.IsAllowed(status, status));
    }

    [Theory]
    [InlineData(SubscriptionStatus.Incomplete, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Trialing, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.PastDue)]
    [InlineData(SubscriptionStatus.PastDue, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Canceled)]
    [InlineData(SubscriptionStatus.Incomplete, SubscriptionStatus.Canceled)]
    [InlineData(SubscriptionStatus.Paused, SubscriptionStatus.Active)]
    public void IsAllowed_ForLifecycleSteps_IsTrue(SubscriptionStatus from, SubscriptionStatus to)
    {
        Assert.True(SubscriptionTransitions.IsAllowed(from, to));
    }

    [Theory]
    [InlineData(SubscriptionStatus.Canceled, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Canceled, SubscriptionStatus.Trialing)]
    [InlineData(SubscriptionStatus.IncompleteExpired, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Incomplete)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.IncompleteExpired)]
    [InlineData(SubscriptionStatus.Trialing, SubscriptionStatus.Incomplete)]
    public void IsAllowed_ForChangesThatMakeNoSense_IsFalse(SubscriptionStatus from, SubscriptionStatus to)
    {
        Assert.False(SubscriptionTransitions.IsAllowed(from, to));
    }

    [Fact]
    public void IsAllowed_IsTransitivelyClosed_SoMissedEventsNeverBlockANewerOne()
    {
        var statuses = Enum.GetValues<SubscriptionStatus>();
        foreach (var a in statuses)
        {
            foreach (var b in statuses.Where(b => SubscriptionTransitions.IsAllowed(a, b)))
            {
                foreach (var c in statuses.Where(c => SubscriptionTransitions.IsAllowed(b, c)))
                {
                    Assert.True(SubscriptionTransitions.IsAllowed(a, c), $"{a} -> {b} -> {c} is allowed step by step but not {a} -> {c}.");
                }
            }
        }
    }

    [Fact]
    public void AllowedFrom_Active_ExcludesTerminalStatuses()
    {
        var from = SubscriptionTransitions.AllowedFrom(SubscriptionStatus.Active);

        Assert.DoesNotContain(SubscriptionStatus.Canceled, from);
        Assert.DoesNotContain(SubscriptionStatus.IncompleteExpired, from);
        Assert.Contains(SubscriptionStatus.Incomplete, from);
        Assert.Contains(SubscriptionStatus.Active, from);
    }
}
