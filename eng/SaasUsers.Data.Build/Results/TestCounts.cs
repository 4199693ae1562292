using System.Globalization;

namespace SaasUsers.Data.Build.Results;

/// <summary>Counted test results; <see cref="ToString"/> is the run's last line, <c>N passed, N failed</c>.</summary>
public readonly record struct TestCounts(int Passed, int Failed, int Skipped)
{
    public static TestCounts None => default;

    public bool AnyRan => Passed > 0 || Failed > 0;

    public static TestCounts operator +(TestCounts a, TestCounts b) => new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    /// <summary>One check that counts as one test (the Native AOT check, the IAM policy check).</summary>
    public static TestCounts One(bool passed) => passed ? new(1, 0, 0) : new(0, 1, 0);

    /// <summary><c>N passed, N failed</c>, with <c>, N skipped</c> only when some were.</summary>
    public override string ToString() => Skipped > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Passed} passed, {Failed} failed, {Skipped} skipped")
        : string.Create(CultureInfo.InvariantCulture, $"{Passed} passed, {Failed} failed");
}
