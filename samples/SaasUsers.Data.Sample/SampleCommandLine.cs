using System.Globalization;

namespace SaasUsers.Data.Sample;

/// <summary>
/// The sample's command line: a command, its arguments and options. Options with a colon in the name
/// (<c>--SaasUsers:TableName=x</c>) are configuration and left to the host's command-line configuration provider.
/// </summary>
internal sealed record SampleCommandLine(string Command, string? Identifier, int Users, int Parallelism)
{
    /// <summary>The file of <c>export</c> and <c>import</c>.</summary>
    public string? File { get; init; }

    /// <summary>The entity types of <c>backfill</c> and <c>export</c> (<c>--types User,Subscription</c>); all when null.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>The user whose data <c>export --user</c> writes.</summary>
    public string? User { get; init; }

    /// <summary>The segments of <c>backfill</c>.</summary>
    public int Segments { get; init; } = 4;

    /// <summary>The capacity units a second of <c>backfill</c>, <c>export</c> and <c>import</c>; no limit when null.</summary>
    public double? Rate { get; init; }

    /// <summary>The run name of <c>backfill</c>.</summary>
    public string RunName { get; init; } = "sample-backfill";

    /// <summary>The file <c>backfill --audit</c> appends the key of each rewritten item to.</summary>
    public string? Audit { get; init; }

    /// <summary>Whether <c>adopt</c> or <c>backfill</c> only reports.</summary>
    public bool DryRun { get; init; }

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
          adopt [--dry-run]            adopt an existing table (an SST one, say): report how it differs, then add
                                       the missing indexes (one at a time, with progress) and turn on time to live
          backfill [--types T1,T2] [--segments N] [--rate CU] [--run NAME] [--dry-run] [--audit FILE]
                                       rewrite items to the current model (index keys, defaults); resumable by NAME;
                                       --audit appends the key of each rewritten item to FILE
          migrate                      apply the sample's migrations (each once, under a lease)
          export --file F [--types T1,T2 | --user ID]
                                       write the table, some entity types or one user's data to F as JSON lines in
                                       DynamoDB's export format
          import --file F              put the items of an export file into the table (checked first, idempotent)
          help                         this text

        Where the table lives (appsettings.json, environment variables or arguments):
          nothing set                  DynamoDB Local in a container started for this run and removed at exit
                                       (SAASUSERS_DYNAMODB_URL=http://127.0.0.1:8000 uses a running one instead)
          --SaasUsers:ServiceUrl=URL   that endpoint, for example a DynamoDB Local you keep running
          --Sample:UseAws=true         AWS DynamoDB with the SDK's credentials and region (SaasUsers:Region or AWS_REGION)

        Any option of the package: --SaasUsers:TableName=my-table, SaasUsers__TableName=my-table, ...
        """;

    /// <summary>
    /// The configuration arguments only (<c>--SaasUsers:TableName=x</c> or <c>--SaasUsers:TableName x</c>), for the host:
    /// its command-line provider would read the sample's own options (a bare <c>--dry-run</c>) as keys taking the next argument.
    /// </summary>
    public static string[] ConfigurationArguments(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !args[i].Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            kept.Add(args[i]);
            if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                kept.Add(args[++i]);
            }
        }

        return [.. kept];
    }

    /// <summary>Parses the arguments; <paramref name="error"/> says what is wrong when the result is null.</summary>
    /// <summary>Set to 1, the sample only checks its arguments: usage and exit code 2 when they are wrong, else 0.</summary>
    public const string CheckOnlyVariable = "SAASUSERS_SAMPLE_CHECK_ONLY";

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
            case "adopt" or "migrate":
                break;
            case "backfill" or "export" or "import":
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

        string[] allowed = command switch
        {
            "seed" => ["users", "parallel"],
            "adopt" => ["dry-run"],
            "backfill" => ["types", "segments", "rate", "run", "dry-run", "audit"],
            "export" => ["file", "types", "user", "rate"],
            "import" => ["file", "rate"],
            _ => [],
        };
        var unknown = options.Keys.Where(k => !allowed.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0)
        {
            error = $"unknown option --{unknown[0]} for '{command}' (configuration keys look like --SaasUsers:TableName=x)";
            return null;
        }

        var segments = 4;
        if (!TryReadInt(options, "segments", 1, BackfillOptions.MaxSegments, required: false, ref segments, out error))
        {
            return null;
        }

        double? rate = null;
        if (options.TryGetValue("rate", out var rateText))
        {
            if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedRate) || parsedRate <= 0)
            {
                error = $"--rate must be a number of capacity units a second above 0, not '{rateText}'";
                return null;
            }

            rate = parsedRate;
        }

        options.TryGetValue("file", out var file);
        if (command is "export" or "import" && string.IsNullOrWhiteSpace(file))
        {
            error = $"{command} needs --file, for example {command} --file users.jsonl";
            return null;
        }

        options.TryGetValue("user", out var user);
        var types = options.TryGetValue("types", out var typesText) && !string.IsNullOrWhiteSpace(typesText)
            ? typesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        if (user is not null && types is not null)
        {
            error = "export takes --types or --user, not both";
            return null;
        }

        var dryRun = options.TryGetValue("dry-run", out var dryRunText) && (dryRunText is null || bool.TryParse(dryRunText, out var d) && d);
        return new SampleCommandLine(command, identifier, users, parallelism)
        {
            File = file,
            Types = types,
            User = user,
            Segments = segments,
            Rate = rate,
            RunName = options.TryGetValue("run", out var run) && !string.IsNullOrWhiteSpace(run) ? run : "sample-backfill",
            DryRun = dryRun,
            Audit = options.TryGetValue("audit", out var audit) ? audit : null,
        };
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
