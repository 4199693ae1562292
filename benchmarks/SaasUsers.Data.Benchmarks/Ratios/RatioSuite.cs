using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.Data;
using SaasUsers.Data.Benchmarks.HandWritten;

namespace SaasUsers.Data.Benchmarks.Ratios;

/// <summary>The paired (interleaved) measurements of groups 1 and 2; see <see cref="PairedRunner"/>.</summary>
public static class RatioSuite
{
    /// <summary>Runs the mapping and page comparisons.</summary>
    public static async Task RunInMemoryAsync(int rounds)
    {
        using var context = new ContextMapping();
        Equivalence.Check(context);
        var user = SampleData.User;
        var subscription = SampleData.Subscription;
        var payment = SampleData.Payment;
        var contextUser = ContextData.From(user);
        var contextSubscription = ContextData.From(subscription);
        var contextPayment = ContextData.From(payment);
        var userItem = User.Mapper.ToItem(user);
        var subscriptionItem = Subscription.Mapper.ToItem(subscription);
        var paymentItem = CheckoutPayment.Mapper.ToItem(payment);
        var batch = TimeSpan.FromMilliseconds(2);

        PairedRunner.PrintHeader();
        await PairedRunner.RunAsync("User to item", Contenders(
            () => TunedHandWrittenMapping.ToItem(user), () => HandWrittenMapping.ToItem(user), () => User.Mapper.ToItem(user), () => context.ToItem(contextUser.SetKeys())), rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Item to User", Contenders(
            () => TunedHandWrittenMapping.ToUser(userItem), () => HandWrittenMapping.ToUser(userItem), () => User.Mapper.FromItem(userItem), () => context.FromItem<ContextUser>(userItem)), rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Subscription to item", Contenders(
            () => TunedHandWrittenMapping.ToItem(subscription), () => HandWrittenMapping.ToItem(subscription), () => Subscription.Mapper.ToItem(subscription), () => context.ToItem(contextSubscription.SetKeys())), rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Item to Subscription", Contenders(
            () => TunedHandWrittenMapping.ToSubscription(subscriptionItem), () => HandWrittenMapping.ToSubscription(subscriptionItem), () => Subscription.Mapper.FromItem(subscriptionItem), () => context.FromItem<ContextSubscription>(subscriptionItem)), rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("CheckoutPayment to item", Contenders(
            () => TunedHandWrittenMapping.ToItem(payment), () => HandWrittenMapping.ToItem(payment), () => CheckoutPayment.Mapper.ToItem(payment), () => context.ToItem(contextPayment.SetKeys())), rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Item to CheckoutPayment", Contenders(
            () => TunedHandWrittenMapping.ToPayment(paymentItem), () => HandWrittenMapping.ToPayment(paymentItem), () => CheckoutPayment.Mapper.FromItem(paymentItem), () => context.FromItem<ContextPayment>(paymentItem)), rounds, batch).ConfigureAwait(false);

        var model = SaasUsersModel.Default;
        foreach (var (name, items) in new[] { ("Page of 1000 items", SampleData.CreatePage(1000)), ("1 MB page", SampleData.CreatePage(int.MaxValue, 1024 * 1024)) })
        {
            var table = InMemoryDynamoDb.CreateTable(new QueryResponse { Items = items, Count = items.Count });
            var query = new ItemQuery("USER#any") { PageSize = ItemQuery.MaxPageSize };
            await PairedRunner.RunAsync($"{name} ({items.Count} items, {ItemSizes.Of(items) / 1024} KB)",
                [
                    new Contender("tuned hand-written", () => Decode(items, TunedHandWrittenMapping.Decode)),
                    new Contender("hand-written", () => Decode(items, HandWrittenMapping.Decode)),
                    new Contender("SaasUsers.Data", () => Decode(items, item => item.TryGetValue(ItemAttributeNames.EntityType, out var type) && model.TryGetMapper(type.S, out var mapper) ? mapper.FromItemAsObject(item) : null)),
                    new Contender("SaasUsers.Data QueryAsync (in-memory client)", () => table.QueryAsync(query).GetAwaiter().GetResult()),
                    new Contender("DynamoDBContext", () => Decode(items, context.Decode)),
                ], Math.Max(rounds / 4, 10), TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the end-to-end comparisons against DynamoDB Local.</summary>
    /// <param name="rounds">Rounds of one batch per contender.</param>
    /// <param name="inMemory">Whether to use a client that answers from memory instead of DynamoDB Local.</param>
    public static async Task RunEndToEndAsync(int rounds, bool inMemory)
    {
        await using var fixture = inMemory
            ? await EndToEnd.EndToEndFixture.CreateInMemoryAsync().ConfigureAwait(false)
            : await EndToEnd.EndToEndFixture.CreateAsync().ConfigureAwait(false);
        var operations = new EndToEnd.EndToEndOperations(fixture);
        await EndToEnd.EndToEndCheck.RunAsync(operations).ConfigureAwait(false);
        await EndToEnd.EndToEndCheck.WarmUpAsync(operations, TimeSpan.FromSeconds(inMemory ? 2 : 5)).ConfigureAwait(false);
        var batch = TimeSpan.FromMilliseconds(inMemory ? 2 : 25);

        PairedRunner.PrintHeader();
        await PairedRunner.RunAsync("Get user", [new("hand-written", RunAsync: operations.GetHandWrittenAsync), new("SaasUsers.Data", RunAsync: operations.GetOursAsync)], rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Put payment", [new("hand-written", RunAsync: operations.PutPaymentHandWrittenAsync), new("SaasUsers.Data", RunAsync: operations.PutPaymentOursAsync)], rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Put user (versioned)", [new("hand-written", RunAsync: operations.PutUserHandWrittenAsync), new("SaasUsers.Data", RunAsync: operations.PutUserOursAsync)], rounds, batch).ConfigureAwait(false);
        await PairedRunner.RunAsync("Account overview", [new("hand-written", RunAsync: operations.OverviewHandWrittenAsync), new("SaasUsers.Data", RunAsync: operations.OverviewOursAsync)], rounds, batch).ConfigureAwait(false);
    }

    // The baseline is the tuned hand-written code (issue 18: mapping within 1.1x of it); the plain one follows.
    private static Contender[] Contenders(Func<object?> tuned, Func<object?> handWritten, Func<object?> ours, Func<object?> context) =>
        [new("tuned hand-written", tuned), new("hand-written", handWritten), new("SaasUsers.Data", ours), new("DynamoDBContext", context)];

    /// <summary>Decodes a page with <paramref name="decode"/>, leaving out what it does not know (null).</summary>
    internal static List<object> Decode(List<Dictionary<string, AttributeValue>> items, Func<Dictionary<string, AttributeValue>, object?> decode)
    {
        var result = new List<object>(items.Count);
        foreach (var item in items)
        {
            if (decode(item) is { } entity)
            {
                result.Add(entity);
            }
        }

        return result;
    }
}
