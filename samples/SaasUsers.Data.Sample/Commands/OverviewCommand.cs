using Spectre.Console;

namespace SaasUsers.Data.Sample.Commands;

/// <summary><c>overview &lt;user id or e-mail&gt;</c>: one user's account, as the account page shows it.</summary>
internal sealed class OverviewCommand(IUserRepository users, IAccountRepository accounts, DynamoDbTarget target)
{
    public async Task<int> RunAsync(string userIdOrEmail, CancellationToken cancellationToken)
    {
        var userId = userIdOrEmail;
        if (userIdOrEmail.Contains('@', StringComparison.Ordinal))
        {
            // E-mail lookups use GSI1 and ignore letter case.
            var user = await users.FindByEmailAsync(userIdOrEmail, cancellationToken);
            userId = user?.UserId;
        }

        var overview = userId is null ? null : await accounts.GetOverviewAsync(userId, latestPayments: 10, cancellationToken);
        if (overview is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]No user {userIdOrEmail}.[/]");
            if (!target.KeepsData)
            {
                AnsiConsole.MarkupLine("The sample's own DynamoDB Local starts empty every run; keep data between runs with --SaasUsers:ServiceUrl or SAASUSERS_DYNAMODB_URL.");
            }

            return 1;
        }

        AccountOverviewView.Write(overview);
        return 0;
    }
}
