using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SaasUsers.Data.WebSample;

/// <summary>
/// The web sample's application: what a SaaS on SaasUsers.Data registers (table, Identity stores, Stripe webhooks,
/// change feed with daily stats and activity log, health check, OpenTelemetry) and the pages. The program runs it;
/// the browser tests build it in their own process on a loopback port.
/// </summary>
public static class WebSampleApp
{
    /// <summary>The role that may open the admin page (granted at sign-up to the addresses in <c>Sample:AdminEmails</c>).</summary>
    public const string AdminRole = "admin";

    /// <summary>Where Stripe posts its events (and where the checkout simulator posts them).</summary>
    public const string StripeWebhookPath = "/webhooks/stripe";

    /// <summary>Builds the application: appsettings.json, environment variables, <paramref name="args"/>, then <paramref name="settings"/>.</summary>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The pages are compiled into this assembly; name it, so that a test host process finds them too.
            ApplicationName = typeof(WebSampleApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is { Count: > 0 })
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        AddServices(builder);
        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    /// <summary>The addresses the started application listens on.</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    private static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // The table: repositories, provisioner (EnsureTableOnStartup in appsettings.json), health check.
        services.AddSaasUsersTable(configuration.GetSection("SaasUsers"));
        services.AddHealthChecks().AddSaasUsersTable();

        // The change feed runs in the application (a hosted consumer): daily stats for the admin chart, activity log.
        services.AddSaasUsersDailyStats();
        services.AddSaasUsersActivityLog();
        services.AddSaasUsersChangeFeed(o => o.PollInterval = TimeSpan.FromMilliseconds(250));

        // Sign-in: ASP.NET Core Identity on the same table. Sign-in waits for the e-mail to be confirmed.
        services.AddIdentity<SaasIdentityUser, SaasIdentityRole>(o => o.SignIn.RequireConfirmedEmail = true)
            .AddDefaultTokenProviders()
            .AddSaasUsersStores();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/SignIn";
            o.AccessDeniedPath = "/AccessDenied";
        });

        // Stripe: webhook secrets from SaasUsers:Stripe; the simulator signs with the first one.
        services.AddSaasUsersStripe(configuration.GetSection("SaasUsers:Stripe"));
        services.AddHttpClient<CheckoutSimulator>();

        services.AddSingleton<SampleMailbox>();
        services.AddOptions<SampleOptions>().Bind(configuration.GetSection("Sample")).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorPages();

        // Telemetry to the console: the package's traces and metrics (one name) and ASP.NET Core's.
        if (configuration.GetValue("Sample:ConsoleTelemetry", true))
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("SaasUsers.Data.WebSample"))
                .WithTracing(tracing => tracing.SetSampler(new RequestTracesSampler()).AddSource(SaasUsersTelemetry.Name).AddAspNetCoreInstrumentation().AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddMeter(SaasUsersTelemetry.Name).AddAspNetCoreInstrumentation().AddConsoleExporter());
        }
    }

    private static void MapEndpoints(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapStripeWebhook(StripeWebhookPath);
        app.MapHealthChecks("/healthz");
    }
}

/// <summary>The sample's own settings (section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>Addresses that get the admin role when they sign up.</summary>
    public List<string> AdminEmails { get; set; } = [];

    /// <summary>Users a page of the admin listing shows (1 to 1000).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int AdminPageSize { get; set; } = 20;
}
