using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace SaasUsers.Data.Tests.Telemetry;

/// <summary>Every log message of the package has an event id and an event name of its own, so a log filter or alert on one never catches another.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LogMessages_OfThePackage_HaveDistinctEventIdsAndNames()
    {
        // Given every [LoggerMessage] method of the package
        var messages = typeof(EntityTable).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m.DeclaringType!.Name + "." + m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();
        Assert.True(messages.Count >= 20, $"Found only {messages.Count} log messages: the check looks in the wrong place.");

        // Then no id and no name is used twice
        var sharedIds = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");
        var sharedNames = messages.GroupBy(m => m.Attribute!.EventName).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");
        Assert.Empty(sharedIds);
        Assert.Empty(sharedNames);
    }
}
