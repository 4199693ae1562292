using SaasUsers.Data.WebSample;

// ./eng/sample.sh web checks the arguments first; this sample takes none of its own, so there is nothing to check.
if (Environment.GetEnvironmentVariable("SAASUSERS_SAMPLE_CHECK_ONLY") == "1")
{
    return 0;
}

// DynamoDB Local (started now unless SaasUsers:ServiceUrl or SAASUSERS_DYNAMODB_URL names one), or AWS with Sample:UseAws.
await using var target = await DynamoDbTarget.ResolveAsync(args, CancellationToken.None);
await using var app = WebSampleApp.Build(args, target.Settings);
await app.StartAsync();
Console.WriteLine($"SaasUsers.Data web sample on {string.Join(", ", WebSampleApp.Addresses(app))} using {target.Description}; Ctrl+C stops it.");
await app.WaitForShutdownAsync();
return 0;
