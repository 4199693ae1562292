using System.ComponentModel.DataAnnotations;

namespace SaasUsers.Data;

/// <summary>Options of the change feed consumer (<c>AddSaasUsersChangeFeed</c>); validated at start-up.</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>The default <see cref="ConsumerName"/>.</summary>
    public const string DefaultConsumerName = "default";

    /// <summary>
    /// The consumer's name: its checkpoints and its lease are kept under it, so two consumers with different names each
    /// get every change, and of the processes running one name one reads at a time (<see cref="LeaseDuration"/>).
    /// Letters, digits, <c>_ - . :</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$")]
    public string ConsumerName { get; set; } = DefaultConsumerName;

    /// <summary>Whether to run the hosted consumer when the host starts. Defaults to <see langword="true"/>.</summary>
    public bool RunHostedConsumer { get; set; } = true;

    /// <summary>How long to wait before reading again once every shard is caught up. Defaults to one second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often to look for new shards (DynamoDB rolls shards over about every four hours). Defaults to 30 seconds.</summary>
    public TimeSpan ShardDiscoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most records one <c>GetRecords</c> returns, 1 to 1000. Defaults to 1000.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>The first wait before a failed batch is delivered again; it doubles up to <see cref="MaxHandlerRetryDelay"/>. Defaults to one second.</summary>
    public TimeSpan HandlerRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between deliveries of a failing batch. Defaults to one minute.</summary>
    public TimeSpan MaxHandlerRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the lease on the consumer name lasts unless renewed; its holder renews it when half is left, before a
    /// batch is delivered. A process that stops holding it (crashed, paused, cut off) is replaced by a standby within
    /// this time; a stopped host gives it up at once. 5 seconds to 10 minutes; defaults to 30 seconds. The clocks of
    /// the processes must agree to well within it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// This process's name in the lease, unique among the processes running at once (a pod or task name): a process
    /// restarted under the same name takes its lease back at once instead of waiting for it to lapse. When not set,
    /// the host name, process id and a random part.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_.:/-]{1,128}$")]
    public string? InstanceName { get; set; }

    /// <summary>Where a shard without a checkpoint starts. Defaults to the oldest record the stream keeps (24 hours).</summary>
    public ShardIteratorPosition StartPosition { get; set; } = ShardIteratorPosition.TrimHorizon;
}
