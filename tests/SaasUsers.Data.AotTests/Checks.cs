namespace SaasUsers.Data.AotTests;

/// <summary>Named checks of the AOT run, reported one a line; the exit code says whether all held.</summary>
internal sealed class Checks
{
    private readonly List<(string Name, bool Passed)> _results = [];

    public void That(string name, bool passed)
    {
        _results.Add((name, passed));
        Console.WriteLine($"[aot] {(passed ? "ok  " : "FAIL")} {name}");
    }

    public int Report()
    {
        var failed = _results.Count(r => !r.Passed);
        Console.WriteLine($"[aot] {_results.Count - failed} of {_results.Count} checks held");
        return failed == 0 && _results.Count > 0 ? 0 : 1;
    }
}
