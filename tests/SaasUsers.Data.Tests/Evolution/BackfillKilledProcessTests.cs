using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Build.Policy;
using Xunit;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>
/// Issue 17, "a backfill of 20,000 items stopped at a random point (process killed) and restarted rewrites each
/// item once, and items the application updated during the run keep the newer data": the sample's real
/// <c>backfill</c> command runs as a child process, is killed, and runs again, while the application updates users.
/// Each run appends the key of every item it rewrote to an audit file (<c>backfill --audit</c>); the table's stream
/// would be a better witness, but DynamoDB Local slows to a few writes a second once a stream holds thousands of
/// records.
/// </summary>
public sealed class BackfillKilledProcessTests(DynamoDbLocalFixture dynamoDb)
{
    private const int UserCount = 20_000;

    // The credentials the package's own client uses for a loopback DynamoDB Local (as the sample does).
    private static readonly BasicAWSCredentials SampleCredentials = new("local", "local");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABackfillOf20000UsersKilledAtARandomPoint_AndRestarted_RewritesEachOnce_AndKeepsTheApplicationsNewerWrites()
    {
        // Given 20,000 users as an older version wrote them (no index attributes)
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { Credentials = SampleCredentials });
        var options = OldTableData.Options(url, TestTableNames.New("kill"));
        await new TableProvisioner(client, SaasUsersModel.Default, options).EnsureTableAsync(Cancel);
        var createdAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var old = Enumerable.Range(0, UserCount).Select(i => OldTableData.WithoutIndexAttributes(User.Mapper.ToItem(new User
        {
            UserId = $"k{i:D5}",
            Email = $"K{i:D5}@Example.com",
            NormalizedEmail = $"k{i:D5}@example.com",
            SignUpMonth = "2025-03",
            CreatedAt = createdAt.AddSeconds(i),
            UpdatedAt = createdAt.AddSeconds(i),
            DisplayName = "old",
            Version = 1,
        }))).ToList();
        await OldTableData.PutRawAsync(client, options.TableName!, old, Cancel);
        var table = new EntityTable(client, SaasUsersModel.Default, options);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var killAfter = random.Next(2_000, 12_000);
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: kill after {killAfter} rewrites");

        try
        {
            // And the application updating users the whole time
            using var stopWriting = new CancellationTokenSource();
            var newest = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var updates = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var writer = WriteAsApplicationAsync(table, new Random(seed + 1), newest, updates, stopWriting.Token);

            // When the sample's backfill runs as a process and is killed at a random point
            var firstAudit = Path.GetTempFileName();
            var secondAudit = Path.GetTempFileName();
            var arguments = $"backfill --types User --segments 4 --run kill-test --SaasUsers:ServiceUrl={url} --SaasUsers:TableName={options.TableName} --SaasUsers:Region={DynamoDbLocal.Region}";
            using (var first = Sample.Start(arguments + $" --audit {firstAudit}"))
            {
                while (await CheckpointedRewritesAsync(table) < killAfter)
                {
                    Assert.False(first.Process.HasExited, $"The backfill finished before it could be killed.\n{first.Output}");
                    await Task.Delay(50, Cancel);
                }

                first.Process.Kill(entireProcessTree: true);
                await first.Process.WaitForExitAsync(Cancel);
            }

            var checkpoints = await CheckpointsAsync(table);
            Assert.Contains(checkpoints, c => !c.Done);

            // And run again with the same name to the end
            using (var second = Sample.Start(arguments + $" --audit {secondAudit}"))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
                timeout.CancelAfter(TimeSpan.FromMinutes(5));
                await second.Process.WaitForExitAsync(timeout.Token);
                Assert.True(second.Process.ExitCode == 0, $"The resumed backfill failed ({second.Process.ExitCode}):\n{second.Output}");
                Assert.Contains("(resumed)", second.Output, StringComparison.Ordinal);
            }

            await stopWriting.CancelAsync();
            await writer;

            // Then every user is as the current model stores it, and the application's updates are there
            var stored = (await TableContents.ScanAsync(client, options.TableName!, Cancel)).Where(i => i["_type"].S == "User").ToList();
            Assert.Equal(UserCount, stored.Count);
            Assert.All(stored, item => Assert.True(ItemEquality.Equal(item, User.Mapper.ToItem(User.Mapper.FromItem(item))), $"{item["PK"].S} is not current"));
            Assert.All(stored, item => Assert.Equal("EMAIL#" + item["NormalizedEmail"].S, item["GSI1PK"].S));
            Assert.True(newest.Count > 0, "The application made no update during the backfill.");
            var byId = stored.ToDictionary(i => i["UserId"].S);
            Assert.All(newest, pair => Assert.Equal(pair.Value, byId[pair.Key]["DisplayName"].S));
            Assert.All(byId.Where(p => !newest.ContainsKey(p.Key)), p => Assert.Equal("old", p.Value["DisplayName"].S));

            // And the backfill never touched a version: each user's is 1 plus the application's updates of it
            Assert.All(byId, p => Assert.Equal((1 + updates.GetValueOrDefault(p.Key)).ToString(System.Globalization.CultureInfo.InvariantCulture), p.Value["Version"].N));

            // And no user was rewritten twice: no key in both audits or twice in one. The resumed run's audit is whole;
            // the killed run's misses at most the rewrites in flight when it was killed (4 segments x 4 writes), and
            // those users are current although the resumed run did not rewrite them: the killed run did, once.
            var killed = ReadAudit(firstAudit);
            var resumed = ReadAudit(secondAudit);
            Assert.Equal(killed.Count, killed.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(resumed.Count, resumed.Distinct(StringComparer.Ordinal).Count());
            Assert.Empty(killed.Intersect(resumed, StringComparer.Ordinal));
            var unreported = UserCount - killed.Count - resumed.Count;
            Assert.InRange(unreported, 0, 16);
            Assert.True(killed.Count >= killAfter - 16, $"The killed run reported {killed.Count} rewrites, its checkpoints at least {killAfter}.");
            TestContext.Current.TestOutputHelper?.WriteLine($"killed run: {killed.Count} rewrites reported, resumed run: {resumed.Count}, in flight at the kill: {unreported}");
            Assert.All(await CheckpointsAsync(table), c => Assert.True(c.Done));
        }
        finally
        {
            await client.DeleteTableAsync(options.TableName, CancellationToken.None);
        }
    }

    private static List<string> ReadAudit(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        File.Delete(path);
        return lines;
    }

    private static async Task WriteAsApplicationAsync(EntityTable table, Random random, ConcurrentDictionary<string, string> newest, ConcurrentDictionary<string, int> updates, CancellationToken stop)
    {
        var count = 0;
        while (!stop.IsCancellationRequested)
        {
            var userId = $"k{random.Next(UserCount):D5}";
            var name = $"newer-{count++}";
            try
            {
                await table.UpdateAsync<User>(User.CreateKey(userId), u => u.Set(User.Fields.DisplayName, name), CancellationToken.None);
                newest[userId] = name;
                updates.AddOrUpdate(userId, 1, (_, n) => n + 1);
                await Task.Delay(random.Next(5, 40), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<List<BackfillCheckpoint>> CheckpointsAsync(EntityTable table) =>
        [.. (await table.QueryAsync<BackfillCheckpoint>(new ItemQuery(BackfillCheckpoint.CreatePartitionKey("kill-test")) { ConsistentRead = true }, Cancel)).Items];

    private static async Task<long> CheckpointedRewritesAsync(EntityTable table) =>
        (await CheckpointsAsync(table)).Sum(c => c.Rewritten);

    /// <summary>The sample console, built next to the tests, run as a child process with its output kept.</summary>
    private sealed class Sample : IDisposable
    {
        private readonly StringBuilder _output = new();

        private Sample(Process process) => Process = process;

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static Sample Start(string arguments)
        {
            // tests/SaasUsers.Data.Tests/bin/<configuration>/net10.0/ -> samples/SaasUsers.Data.Sample/bin/<configuration>/net10.0/
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var dll = Path.Combine(IamPolicy.RepositoryRoot(), "samples", "SaasUsers.Data.Sample", "bin", configuration, "net10.0", "SaasUsers.Data.Sample.dll");
            Assert.True(File.Exists(dll), $"The sample is not built at {dll}.");
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.Environment.Remove(DynamoDbLocal.ServiceUrlVariable);
            var sample = new Sample(new Process { StartInfo = start });
            sample.Process.OutputDataReceived += (_, e) => sample.Append(e.Data);
            sample.Process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
            sample.Process.Start();
            sample.Process.BeginOutputReadLine();
            sample.Process.BeginErrorReadLine();
            return sample;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
