using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Results;

/// <summary>
/// Counts the results of TRX files (VSTest's result format) from their <c>ResultSummary/Counters</c> element: passed;
/// failed + error + timeout + aborted as failed; total − executed as skipped (xunit's Skip, or a run cut short).
/// </summary>
public static class TrxResults
{
    /// <summary>The counts of one TRX document. Throws <see cref="FormatException"/> when it has no counters.</summary>
    public static TestCounts Count(string trx)
    {
        var document = XDocument.Parse(trx);
        var counters = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters" && e.Parent?.Name.LocalName == "ResultSummary")
            ?? throw new FormatException("The TRX file has no ResultSummary/Counters element.");
        int Read(string name) => counters.Attribute(name) is { } attribute ? int.Parse(attribute.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

        var failed = Read("failed") + Read("error") + Read("timeout") + Read("aborted");
        var skipped = Math.Max(0, Read("total") - Read("executed"));
        return new TestCounts(Read("passed"), failed, skipped);
    }

    /// <summary>
    /// The sum over every <c>*.trx</c> under <paramref name="directory"/>, and the files that could not be read (each
    /// of those counts as one failed test: results that cannot be read are not results).
    /// </summary>
    public static (TestCounts Counts, IReadOnlyList<string> Unreadable, int Files) CountAll(IFileSystem files, string directory)
    {
        var total = TestCounts.None;
        var unreadable = new List<string>();
        var trxFiles = files.FindFiles(directory, "*.trx");
        foreach (var file in trxFiles)
        {
            try
            {
                total += Count(files.ReadAllText(file));
            }
            catch (Exception exception) when (exception is XmlException or FormatException or OverflowException)
            {
                unreadable.Add($"{file}: {exception.Message}");
                total += TestCounts.One(passed: false);
            }
        }

        return (total, unreadable, trxFiles.Count);
    }
}
