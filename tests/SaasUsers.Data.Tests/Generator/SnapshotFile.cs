namespace SaasUsers.Data.Tests.Generator;

/// <summary>
/// Compares a text with its snapshot file <c>{name}.verified.cs</c> and fails on any difference, writing what was
/// produced to <c>{name}.received.cs</c> beside it. To accept a change, look at the received file and rename it
/// over the verified one, or run the tests once with <c>SAASUSERS_ACCEPT_SNAPSHOTS=1</c> (which writes the verified
/// files and still fails, so an accepted change is never silent). No snapshot library is served here; this is the
/// small part of one the generator tests need.
/// </summary>
internal static class SnapshotFile
{
    public const string AcceptVariable = "SAASUSERS_ACCEPT_SNAPSHOTS";

    /// <summary>The snapshot directory in the repository (not the build output), so accepted files are committed.</summary>
    public static string Directory => Path.Combine(SaasUsers.Data.Build.Policy.IamPolicy.RepositoryRoot(), "tests", "SaasUsers.Data.Tests", "Generator", "Snapshots");

    /// <summary>Verifies <paramref name="actual"/> against <c>{name}.verified.cs</c> in <paramref name="directory"/>.</summary>
    /// <returns>Null when they match; otherwise why not (the caller fails with it).</returns>
    public static string? Compare(string directory, string name, string actual, bool accept)
    {
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return null;
        }

        if (accept)
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return $"{name}: accepted the new emitted code into {verified}; run again without {AcceptVariable}.";
        }

        File.WriteAllText(received, actual);
        return expected is null
            ? $"{name}: no snapshot yet; the emitted code is in {received}. Review it and rename it to {Path.GetFileName(verified)}."
            : $"{name}: the emitted code differs from {Path.GetFileName(verified)} at line {FirstDifferentLine(expected, actual)}; see {received}.";
    }

    /// <summary>Verifies against the repository's snapshot directory and fails the test on a difference.</summary>
    public static void Verify(string name, string actual)
    {
        var problem = Compare(Directory, name, actual, Environment.GetEnvironmentVariable(AcceptVariable) == "1");
        if (problem is not null)
        {
            Xunit.Assert.Fail(problem);
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static int FirstDifferentLine(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
            {
                return i + 1;
            }
        }

        return Math.Min(left.Length, right.Length) + 1;
    }
}
