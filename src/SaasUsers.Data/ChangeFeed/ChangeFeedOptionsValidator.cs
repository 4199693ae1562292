using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>Validates <see cref="ChangeFeedOptions"/> from their annotations (generated at compile time, no reflection), plus the rules across options.</summary>
[OptionsValidator]
internal sealed partial class ChangeFeedOptionsValidator : IValidateOptions<ChangeFeedOptions>
{
}

/// <summary>The rules of <see cref="ChangeFeedOptions"/> that span options.</summary>
internal sealed class ChangeFeedOptionsRules : IValidateOptions<ChangeFeedOptions>
{
    public ValidateOptionsResult Validate(string? name, ChangeFeedOptions options)
    {
        if (options.StartPosition is not (ShardIteratorPosition.TrimHorizon or ShardIteratorPosition.Latest))
        {
            return ValidateOptionsResult.Fail($"ChangeFeedOptions.StartPosition must be TrimHorizon or Latest, not {options.StartPosition}.");
        }

        if (Outside(options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)) is { } poll)
        {
            return ValidateOptionsResult.Fail("ChangeFeedOptions.PollInterval " + poll);
        }

        if (Outside(options.ShardDiscoveryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) is { } discovery)
        {
            return ValidateOptionsResult.Fail("ChangeFeedOptions.ShardDiscoveryInterval " + discovery);
        }

        if (Outside(options.HandlerRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)) is { } retry)
        {
            return ValidateOptionsResult.Fail("ChangeFeedOptions.HandlerRetryDelay " + retry);
        }

        if (Outside(options.LeaseDuration, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)) is { } lease)
        {
            return ValidateOptionsResult.Fail("ChangeFeedOptions.LeaseDuration " + lease);
        }

        if (options.MaxHandlerRetryDelay < options.HandlerRetryDelay || options.MaxHandlerRetryDelay > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail("ChangeFeedOptions.MaxHandlerRetryDelay must be from HandlerRetryDelay to 1 hour.");
        }

        return ValidateOptionsResult.Success;
    }

    internal static string? Outside(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min || value > max ? $"must be from {min} to {max}; it is {value}." : null;
}

/// <summary>The rules of <see cref="ActivityLogOptions"/> (a time span's range is checked here: the annotation for it is not trim-safe).</summary>
internal sealed class ActivityLogOptionsRules : IValidateOptions<ActivityLogOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivityLogOptions options) =>
        options.Retention is { } retention && ChangeFeedOptionsRules.Outside(retention, TimeSpan.FromHours(1), TimeSpan.FromDays(36500)) is { } problem
            ? ValidateOptionsResult.Fail("ActivityLogOptions.Retention " + problem)
            : ValidateOptionsResult.Success;
}

/// <summary>Validates <see cref="DailyStatsOptions"/> from their annotations.</summary>
[OptionsValidator]
internal sealed partial class DailyStatsOptionsValidator : IValidateOptions<DailyStatsOptions>
{
}

