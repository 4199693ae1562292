using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SaasUsers.Data;
using SaasUsers.Data.Sample;
using SaasUsers.Data.Sample.Commands;
using SaasUsers.Data.Sample.Migrations;
using Spectre.Console;

var commandLine = SampleCommandLine.Parse(args, out var usageError);
if (commandLine is null || commandLine.Command == "help")
{
    if (usageError is not null)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {usageError}");
    }

    Console.WriteLine(SampleCommandLine.Usage);
    return usageError is null ? 0 : 2;
}

// ./eng/sample.sh checks the arguments first, so a mistyped command prints the usage without preparing Docker.
if (Environment.GetEnvironmentVariable(SampleCommandLine.CheckOnlyVariable) == "1")
{
    return 0;
}

// appsettings.json (next to the program), then environment variables, then the command line.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = SampleCommandLine.ConfigurationArguments(args), ContentRootPath = AppContext.BaseDirectory });

DynamoDbTarget? target = null;
using var startup = new CancellationTokenSource();
ConsoleCancelEventHandler cancelStartup = (_, e) =>
{
    e.Cancel = true; // Ctrl+C while DynamoDB Local starts: stop waiting, and remove the container below
    startup.Cancel();
};
try
{
    Console.CancelKeyPress += cancelStartup;
    target = await DynamoDbTarget.ResolveAsync(builder.Configuration, startup.Token);
    Console.CancelKeyPress -= cancelStartup;

    // The one line an application needs: repositories, provisioner and a DynamoDB client from the "SaasUsers" section.
    builder.Services.AddSaasUsersTable(builder.Configuration.GetSection("SaasUsers"));
    // Daily stats and the activity log from the table's stream; the commands let the feed catch up themselves.
    builder.Services.AddSaasUsersDailyStats();
    builder.Services.AddSaasUsersActivityLog();
    builder.Services.AddSaasUsersChangeFeed(o => o.RunHostedConsumer = false);
    builder.Services.AddSingleton<TimeProvider, SampleClock>();
    builder.Services.AddSingleton(target);
    builder.Services.AddTransient<EnsureCommand>();
    builder.Services.AddTransient<DemoCommand>();
    builder.Services.AddTransient<SeedCommand>();
    builder.Services.AddTransient<OverviewCommand>();
    builder.Services.AddTransient<StatsCommand>();
    builder.Services.AddTransient<ActivityCommand>();
    builder.Services.AddTransient<AdoptCommand>();
    builder.Services.AddTransient<BackfillCommand>();
    builder.Services.AddTransient<MigrateCommand>();
    builder.Services.AddTransient<TransferCommands>();
    builder.Services.AddSaasUsersMigration<BackfillPackageEntitiesMigration>();

    using var host = builder.Build();
    await host.StartAsync(); // validates the options; Ctrl+C from here on stops the command
    var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
    AnsiConsole.MarkupLineInterpolated($"[grey]Using {target.Description}.[/]");

    var services = host.Services;
    var exitCode = commandLine.Command switch
    {
        "ensure" => await services.GetRequiredService<EnsureCommand>().RunAsync(stopping),
        "seed" => await services.GetRequiredService<SeedCommand>().RunAsync(commandLine.Users, commandLine.Parallelism, stopping),
        "overview" => await services.GetRequiredService<OverviewCommand>().RunAsync(commandLine.Identifier!, stopping),
        "stats" => await services.GetRequiredService<StatsCommand>().RunAsync(stopping),
        "activity" => await services.GetRequiredService<ActivityCommand>().RunAsync(commandLine.Identifier!, stopping),
        "adopt" => await services.GetRequiredService<AdoptCommand>().RunAsync(commandLine.DryRun, stopping),
        "backfill" => await services.GetRequiredService<BackfillCommand>().RunAsync(commandLine, stopping),
        "migrate" => await services.GetRequiredService<MigrateCommand>().RunAsync(stopping),
        "export" => await services.GetRequiredService<TransferCommands>().ExportAsync(commandLine, stopping),
        "import" => await services.GetRequiredService<TransferCommands>().ImportAsync(commandLine, stopping),
        _ => await services.GetRequiredService<DemoCommand>().RunAsync(stopping),
    };
    await host.StopAsync();
    return exitCode;
}
catch (OperationCanceledException)
{
    AnsiConsole.MarkupLine("[yellow]Stopped.[/]");
    return 130;
}
catch (Exception exception) when (Hint(exception) is { } hint)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
    AnsiConsole.MarkupLineInterpolated($"[grey]{hint}[/]");
    return 1;
}
finally
{
    Console.CancelKeyPress -= cancelStartup;
    if (target is not null)
    {
        await target.DisposeAsync();
    }
}

// Errors a new user can fix, with what to do; anything else is a bug and keeps its stack trace.
static string? Hint(Exception exception) => exception switch
{
    ResourceNotFoundException or MissingTableException => "The table does not exist: run the ensure command first.",
    TableSchemaMismatchException => "The table differs from the model: run adopt to see how, and to add what is missing.",
    ArgumentException when exception.Message.StartsWith("--", StringComparison.Ordinal) => "Run help for the commands and their options.",
    OptionsValidationException => "Fix the SaasUsers settings (appsettings.json, SaasUsers__* environment variables or --SaasUsers:* arguments).",
    AmazonClientException when exception.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase)
        => "No AWS credentials found: configure them (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).",
    AmazonClientException when exception.Message.Contains("region", StringComparison.OrdinalIgnoreCase)
        => "No AWS region: set SaasUsers:Region (SaasUsers__Region=eu-west-1) or AWS_REGION.",
    AmazonServiceException => "DynamoDB refused the request; for AWS, check the IAM permissions listed in the README.",
    InvalidOperationException when exception.Message.Contains("DynamoDB Local", StringComparison.Ordinal)
        => "Run the sample with ./eng/sample.sh, which prepares Docker and the DynamoDB Local image.",
    _ => null,
};
