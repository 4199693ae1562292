using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.HandWritten;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>
/// Proves, before anything is measured, that the contenders do the same work: for each sample entity they
/// write the same item, and each reads that item back to the same entity (checked by writing it again). The tuned
/// hand-written mapping is checked like the plain one.
/// </summary>
public static class Equivalence
{
    /// <summary>Throws when any contender writes or reads differently.</summary>
    public static void Check(ContextMapping context)
    {
        CheckUser(context, SampleData.User);
        CheckSubscription(context, SampleData.Subscription);
        CheckPayment(context, SampleData.Payment);

        // Every item of the page, through every decoder.
        var ours = SaasUsersModel.Default;
        foreach (var item in SampleData.CreatePage(1000))
        {
            var type = item["_type"].S;
            ours.TryGetMapper(type, out var mapper);
            var decoded = mapper!.FromItemAsObject(item);
            ItemComparer.AssertEqual($"page {type} (ours)", item, Encode(decoded));
            ItemComparer.AssertEqual($"page {type} (hand-written)", item, Encode(HandWrittenMapping.Decode(item)!));
            ItemComparer.AssertEqual($"page {type} (tuned hand-written)", item, Encode(TunedHandWrittenMapping.Decode(item)!));
            ItemComparer.AssertEqual($"page {type} (DynamoDBContext)", item, ContextEncode(context, context.Decode(item)!));
        }
    }

    /// <summary>Writes a decoded entity again with the generated mapper (to compare what was read).</summary>
    internal static Dictionary<string, AttributeValue> Encode(object entity) => entity switch
    {
        User u => User.Mapper.ToItem(u),
        Subscription s => Subscription.Mapper.ToItem(s),
        CheckoutPayment p => CheckoutPayment.Mapper.ToItem(p),
        _ => throw new InvalidOperationException(entity.GetType().Name),
    };

    private static Dictionary<string, AttributeValue> ContextEncode(ContextMapping context, object entity) => entity switch
    {
        ContextUser u => context.ToItem(u.SetKeys()),
        ContextSubscription s => context.ToItem(s.SetKeys()),
        ContextPayment p => context.ToItem(p.SetKeys()),
        _ => throw new InvalidOperationException(entity.GetType().Name),
    };

    private static void CheckUser(ContextMapping context, User user)
    {
        var item = User.Mapper.ToItem(user);
        ItemComparer.AssertEqual("User, hand-written writes", item, HandWrittenMapping.ToItem(user));
        ItemComparer.AssertEqual("User, tuned hand-written writes", item, TunedHandWrittenMapping.ToItem(user));
        ItemComparer.AssertEqual("User, DynamoDBContext writes", item, context.ToItem(ContextData.From(user)));
        ItemComparer.AssertEqual("User, ours reads", item, User.Mapper.ToItem(User.Mapper.FromItem(item)));
        ItemComparer.AssertEqual("User, hand-written reads", item, User.Mapper.ToItem(HandWrittenMapping.ToUser(item)));
        ItemComparer.AssertEqual("User, tuned hand-written reads", item, User.Mapper.ToItem(TunedHandWrittenMapping.ToUser(item)));
        ItemComparer.AssertEqual("User, DynamoDBContext reads", item, context.ToItem(context.FromItem<ContextUser>(item).SetKeys()));
    }

    private static void CheckSubscription(ContextMapping context, Subscription subscription)
    {
        var item = Subscription.Mapper.ToItem(subscription);
        ItemComparer.AssertEqual("Subscription, hand-written writes", item, HandWrittenMapping.ToItem(subscription));
        ItemComparer.AssertEqual("Subscription, tuned hand-written writes", item, TunedHandWrittenMapping.ToItem(subscription));
        ItemComparer.AssertEqual("Subscription, DynamoDBContext writes", item, context.ToItem(ContextData.From(subscription)));
        ItemComparer.AssertEqual("Subscription, ours reads", item, Subscription.Mapper.ToItem(Subscription.Mapper.FromItem(item)));
        ItemComparer.AssertEqual("Subscription, hand-written reads", item, Subscription.Mapper.ToItem(HandWrittenMapping.ToSubscription(item)));
        ItemComparer.AssertEqual("Subscription, tuned hand-written reads", item, Subscription.Mapper.ToItem(TunedHandWrittenMapping.ToSubscription(item)));
        ItemComparer.AssertEqual("Subscription, DynamoDBContext reads", item, context.ToItem(context.FromItem<ContextSubscription>(item).SetKeys()));
    }

    private static void CheckPayment(ContextMapping context, CheckoutPayment payment)
    {
        var item = CheckoutPayment.Mapper.ToItem(payment);
        ItemComparer.AssertEqual("CheckoutPayment, hand-written writes", item, HandWrittenMapping.ToItem(payment));
        ItemComparer.AssertEqual("CheckoutPayment, tuned hand-written writes", item, TunedHandWrittenMapping.ToItem(payment));
        ItemComparer.AssertEqual("CheckoutPayment, DynamoDBContext writes", item, context.ToItem(ContextData.From(payment)));
        ItemComparer.AssertEqual("CheckoutPayment, ours reads", item, CheckoutPayment.Mapper.ToItem(CheckoutPayment.Mapper.FromItem(item)));
        ItemComparer.AssertEqual("CheckoutPayment, hand-written reads", item, CheckoutPayment.Mapper.ToItem(HandWrittenMapping.ToPayment(item)));
        ItemComparer.AssertEqual("CheckoutPayment, tuned hand-written reads", item, CheckoutPayment.Mapper.ToItem(TunedHandWrittenMapping.ToPayment(item)));
        ItemComparer.AssertEqual("CheckoutPayment, DynamoDBContext reads", item, context.ToItem(context.FromItem<ContextPayment>(item).SetKeys()));
    }
}
