using Amazon.DynamoDBv2.Model;
using BenchmarkDotNet.Attributes;
using SaasUsers.Data.Benchmarks.Context;
using SaasUsers.Data.Benchmarks.Data;
using SaasUsers.Data.Benchmarks.HandWritten;

namespace SaasUsers.Data.Benchmarks.Benchmarks;

/// <summary>
/// Group 1: one entity to an item and one item to an entity, for each of User, Subscription and CheckoutPayment:
/// tuned hand-written <see cref="AttributeValue"/> code (the baseline of each category), the plain hand-written
/// code (the framework's one-liners for timestamps and enums), the generated mapper, and
/// DynamoDBContext (<c>ToDocument</c> + <c>ToAttributeMap</c>, <c>FromAttributeMap</c> + <c>FromDocument</c>).
/// All of them write and read the same items (checked in the global setup).
/// </summary>
[Config(typeof(InMemoryConfig))]
public class MappingBenchmarks
{
    private const string Tuned = "tuned hand-written";
    private const string HandWritten = "hand-written";
    private const string Ours = "SaasUsers.Data";
    private const string Context = "DynamoDBContext";

    private ContextMapping _context = null!;
    private User _user = null!;
    private Subscription _subscription = null!;
    private CheckoutPayment _payment = null!;
    private ContextUser _contextUser = null!;
    private ContextSubscription _contextSubscription = null!;
    private ContextPayment _contextPayment = null!;
    private Dictionary<string, AttributeValue> _userItem = null!;
    private Dictionary<string, AttributeValue> _subscriptionItem = null!;
    private Dictionary<string, AttributeValue> _paymentItem = null!;

    /// <summary>Builds the data and checks that the contenders agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _context = new ContextMapping();
        Equivalence.Check(_context);
        _user = SampleData.User;
        _subscription = SampleData.Subscription;
        _payment = SampleData.Payment;
        _contextUser = ContextData.From(_user);
        _contextSubscription = ContextData.From(_subscription);
        _contextPayment = ContextData.From(_payment);
        _userItem = User.Mapper.ToItem(_user);
        _subscriptionItem = Subscription.Mapper.ToItem(_subscription);
        _paymentItem = CheckoutPayment.Mapper.ToItem(_payment);
    }

    /// <summary>Disposes the context.</summary>
    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    // ---- User ---------------------------------------------------------------------------------------------------

    [BenchmarkCategory("User to item"), Benchmark(Baseline = true, Description = Tuned)]
    public Dictionary<string, AttributeValue> UserToItemTuned() => TunedHandWrittenMapping.ToItem(_user);

    [BenchmarkCategory("User to item"), Benchmark(Description = HandWritten)]
    public Dictionary<string, AttributeValue> UserToItemHandWritten() => HandWrittenMapping.ToItem(_user);

    [BenchmarkCategory("User to item"), Benchmark(Description = Ours)]
    public Dictionary<string, AttributeValue> UserToItemOurs() => User.Mapper.ToItem(_user);

    [BenchmarkCategory("User to item"), Benchmark(Description = Context)]
    public Dictionary<string, AttributeValue> UserToItemContext() => _context.ToItem(_contextUser.SetKeys());

    [BenchmarkCategory("Item to User"), Benchmark(Baseline = true, Description = Tuned)]
    public User UserFromItemTuned() => TunedHandWrittenMapping.ToUser(_userItem);

    [BenchmarkCategory("Item to User"), Benchmark(Description = HandWritten)]
    public User UserFromItemHandWritten() => HandWrittenMapping.ToUser(_userItem);

    [BenchmarkCategory("Item to User"), Benchmark(Description = Ours)]
    public User UserFromItemOurs() => User.Mapper.FromItem(_userItem);

    [BenchmarkCategory("Item to User"), Benchmark(Description = Context)]
    public ContextUser UserFromItemContext() => _context.FromItem<ContextUser>(_userItem);

    // ---- Subscription -------------------------------------------------------------------------------------------

    [BenchmarkCategory("Subscription to item"), Benchmark(Baseline = true, Description = Tuned)]
    public Dictionary<string, AttributeValue> SubscriptionToItemTuned() => TunedHandWrittenMapping.ToItem(_subscription);

    [BenchmarkCategory("Subscription to item"), Benchmark(Description = HandWritten)]
    public Dictionary<string, AttributeValue> SubscriptionToItemHandWritten() => HandWrittenMapping.ToItem(_subscription);

    [BenchmarkCategory("Subscription to item"), Benchmark(Description = Ours)]
    public Dictionary<string, AttributeValue> SubscriptionToItemOurs() => Subscription.Mapper.ToItem(_subscription);

    [BenchmarkCategory("Subscription to item"), Benchmark(Description = Context)]
    public Dictionary<string, AttributeValue> SubscriptionToItemContext() => _context.ToItem(_contextSubscription.SetKeys());

    [BenchmarkCategory("Item to Subscription"), Benchmark(Baseline = true, Description = Tuned)]
    public Subscription SubscriptionFromItemTuned() => TunedHandWrittenMapping.ToSubscription(_subscriptionItem);

    [BenchmarkCategory("Item to Subscription"), Benchmark(Description = HandWritten)]
    public Subscription SubscriptionFromItemHandWritten() => HandWrittenMapping.ToSubscription(_subscriptionItem);

    [BenchmarkCategory("Item to Subscription"), Benchmark(Description = Ours)]
    public Subscription SubscriptionFromItemOurs() => Subscription.Mapper.FromItem(_subscriptionItem);

    [BenchmarkCategory("Item to Subscription"), Benchmark(Description = Context)]
    public ContextSubscription SubscriptionFromItemContext() => _context.FromItem<ContextSubscription>(_subscriptionItem);

    // ---- CheckoutPayment ----------------------------------------------------------------------------------------

    [BenchmarkCategory("CheckoutPayment to item"), Benchmark(Baseline = true, Description = Tuned)]
    public Dictionary<string, AttributeValue> PaymentToItemTuned() => TunedHandWrittenMapping.ToItem(_payment);

    [BenchmarkCategory("CheckoutPayment to item"), Benchmark(Description = HandWritten)]
    public Dictionary<string, AttributeValue> PaymentToItemHandWritten() => HandWrittenMapping.ToItem(_payment);

    [BenchmarkCategory("CheckoutPayment to item"), Benchmark(Description = Ours)]
    public Dictionary<string, AttributeValue> PaymentToItemOurs() => CheckoutPayment.Mapper.ToItem(_payment);

    [BenchmarkCategory("CheckoutPayment to item"), Benchmark(Description = Context)]
    public Dictionary<string, AttributeValue> PaymentToItemContext() => _context.ToItem(_contextPayment.SetKeys());

    [BenchmarkCategory("Item to CheckoutPayment"), Benchmark(Baseline = true, Description = Tuned)]
    public CheckoutPayment PaymentFromItemTuned() => TunedHandWrittenMapping.ToPayment(_paymentItem);

    [BenchmarkCategory("Item to CheckoutPayment"), Benchmark(Description = HandWritten)]
    public CheckoutPayment PaymentFromItemHandWritten() => HandWrittenMapping.ToPayment(_paymentItem);

    [BenchmarkCategory("Item to CheckoutPayment"), Benchmark(Description = Ours)]
    public CheckoutPayment PaymentFromItemOurs() => CheckoutPayment.Mapper.FromItem(_paymentItem);

    [BenchmarkCategory("Item to CheckoutPayment"), Benchmark(Description = Context)]
    public ContextPayment PaymentFromItemContext() => _context.FromItem<ContextPayment>(_paymentItem);
}
