using SaasUsers.Data.Build.DynamoDbLocal;
using Xunit;

namespace SaasUsers.Data.Build.Tests.DynamoDbLocal;

public sealed class DebianMirrorTests
{
    [Fact]
    public void Deb822_TakesTheFirstDebStanzaListingTheSuite()
    {
        const string sources = """
            Types: deb
            # a comment
            URIs: http://security.example/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb-src
            URIs: http://src.example/debian
            Suites: bookworm

            Types: deb
            URIs: http://mirror.example/debian http://other.example/debian
            Suites: bookworm bookworm-updates
            Components: main
            """;

        Assert.Equal("http://mirror.example/debian", DebianMirror.FromDeb822(sources, "bookworm"));
        Assert.Null(DebianMirror.FromDeb822(sources, "trixie"));
    }

    [Fact]
    public void SourcesList_SkipsOptionsAndOtherSuites()
    {
        const string list = """
            # deb http://commented.example/debian bookworm main
            deb-src http://src.example/debian bookworm main
            deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://security.example/debian-security bookworm-security main
            deb [ arch=amd64 ] http://mirror.example/debian bookworm main contrib
            """;

        Assert.Equal("http://mirror.example/debian", DebianMirror.FromSourcesList(list, "bookworm"));
    }

    [Fact]
    public void Find_PrefersTheSourcesFiles_ThenSourcesList()
    {
        var files = new Fakes.FakeFileSystem()
            .With("/etc/apt/sources.list", "deb http://list.example/debian bookworm main\n");
        Assert.Equal("http://list.example/debian", DebianMirror.Find(files, "bookworm"));

        files.With("/etc/apt/sources.list.d/debian.sources", "Types: deb\nURIs: http://sources.example/debian\nSuites: bookworm\n");
        Assert.Equal("http://sources.example/debian", DebianMirror.Find(files, "bookworm"));

        Assert.Null(DebianMirror.Find(new Fakes.FakeFileSystem(), "bookworm"));
    }
}
