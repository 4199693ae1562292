using System.Globalization;

namespace SaasUsers.Data.Sample;

/// <summary>
/// The sample's command line: a command, its arguments and options. Options with a colon in the name
/// (<c>--SaasUsers:TableName=x</c>) are configuration and left to the host's command-line configuration provider.
/// </summary>
internal sealed record SampleCommandLine(string Command, string? Identifier, int Users, int Parallelism)
{
    public const string Usage = """
        Usage: ./eng/sample.sh [command] [configuration overrides]

        Commands:
          demo                         sign up a user, start a subscription, record a checkout payment, replay the
                                       same webhook, print the account overview (the default)
          ensure                       create the table if it is missing, or check it against the model
          seed --users N [--parallel P]  sign up N fake users with subscriptions and payments, P at a time (default 16)
          overview <user id or e-mail> print one user's account overview
          stats                        chart the last 30 days: sign-ups, payments, revenue, MRR (from the change feed)
          activity <user id or e-mail> print one user's activity log, newest first (from the change feed)
          help                         this text

        Where the table lives (appsettings.json, environment variables or arguments):
          nothing set                  DynamoDB Local in a container started for this run and removed at exit
                                       (SAASUSERS_DYNAMODB_URL=http://127.0.0.1:8000 uses a running one instead)
          --SaasUsers:ServiceUrl=URL   that endpoint, for example a DynamoDB Local you keep running
          --Sample:UseAws=true         AWS DynamoDB with the SDK's credentials and region (SaasUsers:Region or AWS_REGION)

        Any option of the package: --SaasUsers:TableName=my-table, SaasUsers__TableName=my-table, ...
        """;

    /// <summary>Parses the arguments; <paramref name="error"/> says what is wrong when the result is null.</summary>
    public static SampleCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var positional = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                positional.Insert(0, "help");
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg[2..], null);
            var isConfiguration = name.Contains(':', StringComparison.Ordinal);
            if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!isConfiguration)
            {
                options[name] = value;
            }
        }

        var command = positional.Count > 0 ? positional[0].ToLowerInvariant() : "demo";
        var users = 0;
        var parallelism = 16;
        string? identifier = null;
        switch (command)
        {
            case "help" or "demo" or "ensure" or "stats":
                break;
            case "seed":
                if (!TryReadInt(options, "users", 1, 1_000_000, required: true, ref users, out error) ||
                    !TryReadInt(options, "parallel", 1, 256, required: false, ref parallelism, out error))
                {
                    return null;
                }

                break;
            case "overview" or "activity":
                identifier = positional.Count > 1 ? positional[1] : null;
                if (string.IsNullOrWhiteSpace(identifier))
                {
                    error = $"{command} needs a user id or an e-mail address: {command} ada@example.com";
                    return null;
                }

                break;
            default:
                error = $"unknown command '{positional[0]}'";
                return null;
        }

        var unknown = options.Keys.Where(k => !(command == "seed" && k is "users" or "parallel")).ToArray();
        if (unknown.Length > 0)
        {
            error = $"unknown option --{unknown[0]} for '{command}' (configuration keys look like --SaasUsers:TableName=x)";
            return null;
        }

        return new SampleCommandLine(command, identifier, users, parallelism);
    }

    private static bool TryReadInt(Dictionary<string, string?> options, string name, int min, int max, bool required, ref int value, out string? error)
    {
        error = null;
        if (!options.TryGetValue(name, out var text))
        {
            if (required)
            {
                error = $"--{name} is required, for example --{name} 1000";
            }

            return !required;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            error = $"--{name} must be a whole number from {min} to {max:N0}, not '{text}'";
            return false;
        }

        value = parsed;
        return true;
    }
}
