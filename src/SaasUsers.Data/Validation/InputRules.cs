using System.Globalization;
using System.Text;

namespace SaasUsers.Data.Validation;

/// <summary>
/// The input rules of the SaaS repositories, checked before any request is sent. Each violation is an
/// <see cref="ArgumentException"/> (or a subclass) whose parameter name is the argument and whose message states
/// the rule.
/// </summary>
internal static class InputRules
{
    public const int MaxIdLength = 255;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 200;
    public const int MaxMetadataEntries = 50;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 1024;
    public const long MaxAmountMinor = 999_999_999_999_999;

    /// <summary>
    /// An id of ours, a payment provider's or an identity provider's (<c>auth0|123</c>, an OIDC <c>sub</c>): 1 to 255
    /// printable ASCII characters, no spaces. Any of them may appear: key safety comes from escaping
    /// (<see cref="Mapping.KeyComponent.Escape"/>), not from a narrow alphabet.
    /// </summary>
    public static string Id(string? value, string paramName)
    {
        Required(value, paramName);
        if (value!.Length > MaxIdLength)
        {
            throw new ArgumentException($"'{paramName}' must be at most {MaxIdLength} characters; it has {value.Length}.", paramName);
        }

        var invalid = value.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (invalid >= 0)
        {
            throw new ArgumentException($"'{paramName}' may only contain printable ASCII characters without spaces (found '{Printable(value[invalid])}' at index {invalid}).", paramName);
        }

        return value;
    }

    /// <summary>
    /// The billing account named by exactly one of a user id and an organization id, as <see cref="SubscriptionChange"/>
    /// and <see cref="NewCheckoutPayment"/> carry them; the argument names are the properties'.
    /// </summary>
    public static BillingAccount Account(string? userId, string? organizationId, string userIdName, string organizationIdName) =>
        (userId, organizationId) switch
        {
            (not null, null) => BillingAccount.ForUser(Id(userId, userIdName)),
            (null, not null) => BillingAccount.ForOrganization(Id(organizationId, organizationIdName)),
            (null, null) => throw new ArgumentException($"'{userIdName}' or '{organizationIdName}' is required: the account that pays is a user or an organization.", userIdName),
            _ => throw new ArgumentException($"Only one of '{userIdName}' and '{organizationIdName}' may be set: the account that pays is a user or an organization, not both.", organizationIdName),
        };

    /// <summary>Whether a role name is 1 to 32 lower-case letters, digits, '-' or '_'.</summary>
    public static bool IsRoleName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 32 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>A role: one of <paramref name="knownRoles"/> (the package's and the application's).</summary>
    public static string Role(string? value, IReadOnlyCollection<string> knownRoles, string paramName)
    {
        Required(value, paramName);
        if (!knownRoles.Contains(value!))
        {
            throw new ArgumentException($"'{paramName}' must be a known role ({string.Join(", ", knownRoles)}); it is not one. Add application roles with SaasUsersTableOptions.OrganizationRoles.", paramName);
        }

        return value!;
    }

    /// <summary>
    /// An organization slug: 3 to 63 lower-case ASCII letters, digits and single hyphens, starting and ending with a
    /// letter or digit (a DNS label, so it fits URLs and subdomains).
    /// </summary>
    public static string Slug(string? value, string paramName)
    {
        Required(value, paramName);
        var valid = value!.Length is >= 3 and <= 63
            && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException($"'{paramName}' must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 'acme-labs').", paramName);
        }

        return value;
    }

    /// <summary>A required name shown to people: trimmed, 1 to 200 characters, no control characters.</summary>
    public static string Name(string? value, string paramName)
    {
        Required(value, paramName);
        return DisplayName(value, paramName)!;
    }

    /// <summary>A payment provider name: 1 to 32 lower-case letters, digits, '-' or '_' (for example <c>stripe</c>).</summary>
    public static string Provider(string? value, string paramName)
    {
        Required(value, paramName);
        if (value!.Length > 32 || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"'{paramName}' must be 1 to 32 lower-case letters, digits, '-' or '_' (for example 'stripe').", paramName);
        }

        return value;
    }

    /// <summary>
    /// Validates an e-mail address and returns its normalized form: trimmed; the local part in Unicode NFC, lower
    /// case; the domain as mail systems compare it: Unicode compatibility forms folded (NFKC, so a full-width domain
    /// is its ASCII form), then IDNA (UTS #46) to its ASCII form, lower case (<c>bücher.example</c> is stored as
    /// <c>xn--bcher-kva.example</c>). A domain IDNA refuses is refused.
    /// </summary>
    public static string NormalizeEmail(string? email, string paramName)
    {
        Required(email, paramName);
        ValidUnicode(email!, paramName);
        var trimmed = email!.Trim().Normalize(NormalizationForm.FormC);
        if (trimmed.Length > MaxEmailLength)
        {
            throw new ArgumentException($"'{paramName}' must be at most {MaxEmailLength} characters; it has {trimmed.Length}.", paramName);
        }

        var at = trimmed.LastIndexOf('@');
        var local = at > 0 ? trimmed[..at] : string.Empty;
        var domain = at > 0 ? AsciiDomain(trimmed[(at + 1)..], paramName) : string.Empty;
        if (local.Length is 0 or > 64 || local.Contains('@', StringComparison.Ordinal) || !IsValidLocalPart(local) || !IsValidDomain(domain))
        {
            throw new ArgumentException($"'{paramName}' is not a valid e-mail address: expected local-part@domain.tld (local part at most 64 characters, no spaces).", paramName);
        }

        var normalized = local.ToLowerInvariant() + "@" + domain;
        if (normalized.Length > MaxEmailLength)
        {
            throw new ArgumentException($"'{paramName}' must be at most {MaxEmailLength} characters with its domain in IDNA ASCII form; it has {normalized.Length}.", paramName);
        }

        return normalized;
    }

    /// <summary>An optional display name: at most 200 characters, no control characters.</summary>
    public static string? DisplayName(string? value, string paramName)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxDisplayNameLength)
        {
            throw new ArgumentException($"'{paramName}' must be at most {MaxDisplayNameLength} characters; it has {value.Length}.", paramName);
        }

        NoControlCharacters(value, paramName);
        ValidUnicode(value, paramName);
        return value;
    }

    /// <summary>Profile metadata: at most 50 entries, keys of 1 to 64 and values of at most 1024 characters, no control characters.</summary>
    public static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string>? metadata, string paramName)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is null)
        {
            return result;
        }

        if (metadata.Count > MaxMetadataEntries)
        {
            throw new ArgumentException($"'{paramName}' may hold at most {MaxMetadataEntries} entries; it has {metadata.Count}.", paramName);
        }

        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxMetadataKeyLength || value is null || value.Length > MaxMetadataValueLength)
            {
                throw new ArgumentException($"'{paramName}' keys must be 1 to {MaxMetadataKeyLength} characters and values non-null and at most {MaxMetadataValueLength} characters.", paramName);
            }

            NoControlCharacters(key, paramName);
            NoControlCharacters(value, paramName);
            ValidUnicode(key, paramName);
            ValidUnicode(value, paramName);
            result[key] = value;
        }

        return result;
    }

    /// <summary>A non-negative amount in minor units, at most 999,999,999,999,999.</summary>
    public static long Amount(long amountMinor, string paramName)
    {
        if (amountMinor is < 0 or > MaxAmountMinor)
        {
            throw new ArgumentOutOfRangeException(paramName, amountMinor, $"'{paramName}' must be from 0 to {MaxAmountMinor} minor units.");
        }

        return amountMinor;
    }

    /// <summary>A known ISO-4217 currency code (any case); returns it upper case.</summary>
    public static string Currency(string? code, string paramName)
    {
        Required(code, paramName);
        var upper = code!.Trim().ToUpperInvariant();
        if (upper.Length != 3 || !IsoCurrencies.IsKnown(upper))
        {
            throw new ArgumentException($"'{paramName}' must be a known ISO-4217 currency code such as EUR or USD; '{code}' is not.", paramName);
        }

        return upper;
    }

    /// <summary>A defined value of enum <typeparamref name="TEnum"/>.</summary>
    public static TEnum Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"'{paramName}' must be a defined {typeof(TEnum).Name} value.");
        }

        return value;
    }

    /// <summary>A timestamp that was set (not <c>default</c>).</summary>
    public static DateTimeOffset Timestamp(DateTimeOffset value, string paramName)
    {
        if (value == default)
        {
            throw new ArgumentException($"'{paramName}' must be set to the time of the event.", paramName);
        }

        return value;
    }

    private static void Required(string? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"'{paramName}' is required.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"'{paramName}' must not be empty or whitespace.", paramName);
        }
    }

    private static void NoControlCharacters(string value, string paramName)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"'{paramName}' must not contain control characters (found {Printable(c)}).", paramName);
            }
        }
    }

    /// <summary>Refuses an unpaired surrogate (text that is not Unicode, which no normalization or encoding can take).</summary>
    private static void ValidUnicode(string value, string paramName)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException($"'{paramName}' must be valid Unicode text (unpaired surrogate U+{(int)value[i]:X4} at index {i}).", paramName);
            }
        }
    }

    /// <summary>The domain in the form mail systems compare: NFKC, then IDNA ASCII (punycode labels), lower case.</summary>
    private static string AsciiDomain(string domain, string paramName)
    {
        if (domain.Length == 0)
        {
            return domain;
        }

        if (!domain.AsSpan().ContainsAnyExceptInRange('\0', '\u007f'))
        {
            return domain.ToLowerInvariant();
        }

        if (!CanFoldUnicode)
        {
            // Without ICU the compatibility forms cannot be folded, so the same mailbox could be stored twice: refuse.
            throw new ArgumentException(
                $"'{paramName}' has a non-ASCII domain, which this process cannot normalize: it runs with InvariantGlobalization " +
                "(no ICU). Use the domain's IDNA ASCII form (xn--...), or run with ICU.", paramName);
        }

        var folded = domain.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        try
        {
            return new IdnMapping { UseStd3AsciiRules = true }.GetAscii(folded).ToLowerInvariant();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"'{paramName}' has a domain that is not a valid internationalized domain name (IDNA): {exception.Message}", paramName, exception);
        }
    }

    // Whether Unicode normalization works here (it does not under InvariantGlobalization): a full-width 'a' folds to 'a'.
    private static readonly bool CanFoldUnicode = "\uFF41".Normalize(NormalizationForm.FormKC) == "a";

    private static bool IsValidLocalPart(string local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\' or '"')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDomain(string domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels[^1].Length < 2 || labels[^1].All(char.IsAsciiDigit))
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            // ASCII letters, digits and hyphens: internationalized labels are in their IDNA ASCII form here.
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString(CultureInfo.InvariantCulture);
}
