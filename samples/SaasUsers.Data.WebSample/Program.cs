using SaasUsers.Data.WebSample;

if (args.Any(a => a is "help" or "-h" or "--help" or "-?"))
{
    Console.WriteLine("""
        Usage: ./eng/sample.sh web [--Urls http://127.0.0.1:5080] [--SaasUsers:<setting>=<value> ...]

        Serves the web sample (sign-up, account, organizations, simulated Stripe checkout, admin) and prints its URL;
        Ctrl+C stops it, and the DynamoDB Local container it started. With SaasUsers:ServiceUrl (or
        SAASUSERS_DYNAMODB_URL) it uses that DynamoDB; with --Sample:UseAws=true, AWS (the SDK's credentials and region).
        """);
    return 0;
}

// ./eng/sample.sh checks the arguments first (without Docker); settings are all this sample takes.
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
