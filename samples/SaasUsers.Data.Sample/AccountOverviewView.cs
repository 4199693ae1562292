using System.Globalization;
using Spectre.Console;

namespace SaasUsers.Data.Sample;

/// <summary>Renders an <see cref="AccountOverview"/> as console tables.</summary>
internal static class AccountOverviewView
{
    public static void Write(AccountOverview overview)
    {
        var user = overview.User;
        var profile = new Table().Border(TableBorder.Rounded).HideHeaders()
            .Title($"[bold]{Markup.Escape(user.DisplayName ?? user.Email)}[/]")
            .AddColumns("Field", "Value");
        profile.AddRow("User id", Markup.Escape(user.UserId));
        profile.AddRow("E-mail", Markup.Escape(user.Email));
        profile.AddRow("Status", user.Status.ToString());
        profile.AddRow("Customer", Markup.Escape(user.ProviderCustomerId is null ? "-" : $"{user.PaymentProvider} {user.ProviderCustomerId}"));
        profile.AddRow("Signed up", Time(user.CreatedAt) + " UTC");
        profile.AddRow("Version", user.Version.ToString(CultureInfo.InvariantCulture));

        var subscriptions = new Table().Border(TableBorder.Rounded).Title("Subscriptions")
            .AddColumns("Subscription", "Plan", "Status", "Period ends (UTC)", "Renews", "Access");
        foreach (var subscription in overview.Subscriptions)
        {
            var active = subscription.SubscriptionId == overview.ActiveSubscription?.SubscriptionId;
            subscriptions.AddRow(
                Markup.Escape(subscription.SubscriptionId),
                Markup.Escape(subscription.PlanId),
                subscription.Status.ToString(),
                subscription.CurrentPeriodEnd is { } end ? Time(end) : "-",
                subscription.CancelAtPeriodEnd ? "no" : "yes",
                active ? "[green]yes[/]" : "no");
        }

        var payments = new Table().Border(TableBorder.Rounded)
            .Title(overview.HasMorePayments ? "Latest payments (older ones exist)" : "Payments")
            .AddColumns("Checkout session", "Amount", "Status", "Recorded (UTC)");
        foreach (var payment in overview.LatestPayments)
        {
            payments.AddRow(
                Markup.Escape(payment.CheckoutSessionId),
                Markup.Escape(payment.Amount.ToString()),
                payment.Status.ToString(),
                Time(payment.CreatedAt));
        }

        AnsiConsole.Write(profile);
        AnsiConsole.Write(subscriptions);
        AnsiConsole.Write(payments);
    }

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
