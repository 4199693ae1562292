using System.Diagnostics;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Startup;

/// <summary>
/// The one stored user both start-up consoles map: the item exactly as the table holds it (written out here, not
/// made by any mapper, so that the first mapping call of each console is the one measured).
/// </summary>
internal static class StoredUser
{
    public const string TableName = "saasusers-bench";
    public const string UserId = "k3ZqL9xVb2Tn8WcR5yHd1MfPs7Ga4QeJ";
    public const string PartitionKey = "USER#" + UserId;
    public const string SortKey = "USER";

    public static Dictionary<string, AttributeValue> Item() => new()
    {
        ["PK"] = new() { S = PartitionKey },
        ["SK"] = new() { S = SortKey },
        ["_type"] = new() { S = "User" },
        ["GSI1PK"] = new() { S = "EMAIL#ada.lovelace+1@example.com" },
        ["GSI1SK"] = new() { S = "USER" },
        ["GSI2PK"] = new() { S = "CUSTOMER#stripe#cus_Nffr3eUfNV2Hib" },
        ["GSI2SK"] = new() { S = "USER" },
        ["GSI3PK"] = new() { S = "SIGNUP#2026-03" },
        ["GSI3SK"] = new() { S = "2026-03-14T07:49:54.9337816Z#" + UserId },
        ["UserId"] = new() { S = UserId },
        ["Email"] = new() { S = "Ada.Lovelace+1@Example.com" },
        ["NormalizedEmail"] = new() { S = "ada.lovelace+1@example.com" },
        ["DisplayName"] = new() { S = "Ada Lovelace" },
        ["Status"] = new() { S = "Active" },
        ["PaymentProvider"] = new() { S = "stripe" },
        ["ProviderCustomerId"] = new() { S = "cus_Nffr3eUfNV2Hib" },
        ["Metadata"] = new()
        {
            M = new Dictionary<string, AttributeValue>
            {
                ["locale"] = new() { S = "en-GB" },
                ["timezone"] = new() { S = "Europe/London" },
                ["company"] = new() { S = "Analytical Engines Ltd" },
            },
        },
        ["CreatedAt"] = new() { S = "2026-03-14T07:49:54.9337816Z" },
        ["SignUpMonth"] = new() { S = "2026-03" },
        ["UpdatedAt"] = new() { S = "2026-03-17T07:49:55.4567890Z" },
        ["Version"] = new() { N = "7" },
    };

    /// <summary>Prints what was mapped and the time since the process started (the whole-process time is measured outside).</summary>
    public static void Report(string what, string? userId)
    {
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.WriteLine($"{what}: {userId ?? "(none)"} after {sinceStart.TotalMilliseconds:0} ms");
    }
}
