using SaasUsers.Data.Build.Results;
using SaasUsers.Data.Build.Tests.Fakes;
using Xunit;

namespace SaasUsers.Data.Build.Tests.Results;

/// <summary>Counting TRX files with an XML reader, not their line layout.</summary>
public sealed class TrxResultsTests
{
    internal static string Trx(string counters) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results />
          <ResultSummary outcome="Completed">
            <Counters {counters} />
          </ResultSummary>
        </TestRun>
        """;

    [Fact]
    public void Count_ReadsPassed_FailedWithErrorsTimeoutsAndAborts_AndSkippedAsNotExecuted()
    {
        var counts = TrxResults.Count(Trx("""total="20" executed="17" passed="12" failed="2" error="1" timeout="1" aborted="1" inconclusive="0" notExecuted="3" """));

        Assert.Equal(new TestCounts(12, 5, 3), counts);
    }

    [Fact]
    public void Count_DoesNotDependOnLayout_AttributesOnSeveralLinesInAnyOrder()
    {
        var trx = """<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><ResultSummary><Counters""" + "\n  passed=\"3\"\n  executed=\"3\"\n  total=\"3\" /></ResultSummary></TestRun>";

        Assert.Equal(new TestCounts(3, 0, 0), TrxResults.Count(trx));
    }

    [Fact]
    public void Count_OfAFileWithoutCounters_Throws()
    {
        Assert.Throws<FormatException>(() => TrxResults.Count("<TestRun><Results /></TestRun>"));
    }

    [Fact]
    public void CountAll_SumsEveryTrxFile_AndCountsAnUnreadableOneAsOneFailed()
    {
        var files = new FakeFileSystem()
            .With("/r/tests_net10.0.trx", Trx("""total="10" executed="10" passed="10" failed="0" """))
            .With("/r/sub/package-smoke.trx", Trx("""total="4" executed="3" passed="2" failed="1" """))
            .With("/r/broken.trx", "<TestRun><ResultSum")
            .With("/r/notes.txt", "not a trx");

        var (counts, unreadable, count) = TrxResults.CountAll(files, "/r");

        Assert.Equal(new TestCounts(12, 2, 1), counts);
        Assert.Equal(3, count);
        Assert.StartsWith("/r/broken.trx: ", Assert.Single(unreadable), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 0, 0, "5 passed, 0 failed")]
    [InlineData(0, 0, 0, "0 passed, 0 failed")]
    [InlineData(7, 1, 2, "7 passed, 1 failed, 2 skipped")]
    public void TheCountLine_IsExactly_NPassedNFailed_WithSkippedOnlyWhenAny(int passed, int failed, int skipped, string line)
    {
        Assert.Equal(line, new TestCounts(passed, failed, skipped).ToString());
    }
}
