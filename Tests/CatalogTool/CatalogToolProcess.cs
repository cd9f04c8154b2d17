namespace TuneBot.Tests.CatalogTool;

/// <summary>
/// Where the built catalog tool lives, for tests that run it as a process. Its own build output, not the copy in the
/// test folder: the tests reference ASP.NET Core's shared framework, so the Microsoft.Extensions assemblies the tool
/// ships are left out of this folder, and the tool's runtimeconfig does not name that framework.
/// </summary>
internal static class CatalogToolProcess
{
    /// <summary>The folder of tunebot-ingest.dll: CatalogTool/bin/&lt;configuration&gt;/&lt;tfm&gt;/ beside this Tests/bin/….</summary>
    public static string Folder
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = tests.Name;
            var configuration = tests.Parent!.Name;
            var root = tests.Parent.Parent!.Parent!.Parent!.FullName;   // …/Tests/bin/<configuration>/<tfm>
            var folder = Path.Combine(root, "CatalogTool", "bin", configuration, tfm);
            return File.Exists(Path.Combine(folder, "tunebot-ingest.dll"))
                ? folder
                : throw new FileNotFoundException($"the catalog tool is not built in {folder}: build TuneBot.sln first");
        }
    }

    public static string Dll => Path.Combine(Folder, "tunebot-ingest.dll");
}
