using System.Runtime.Versioning;
using Fleet.Cli.Configuration;

namespace Fleet.Cli.Tests.Configuration;

public sealed class CliConfigStoreTests
{
    [Fact]
    public void Path_Variables_FollowThePrecedence()
    {
        var explicitStore = new CliConfigStore(new CliEnvironment(new Dictionary<string, string> { ["FLEET_CONFIG"] = "/x/c.json", ["XDG_CONFIG_HOME"] = "/xdg", ["HOME"] = "/home/u" }));
        var xdgStore = new CliConfigStore(new CliEnvironment(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "/xdg", ["HOME"] = "/home/u" }));
        var homeStore = new CliConfigStore(new CliEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/u" }));

        Assert.Equal("/x/c.json", explicitStore.Path);
        Assert.Equal("/xdg/fleet/config.json", xdgStore.Path);
        Assert.Equal("/home/u/.config/fleet/config.json", homeStore.Path);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_ExistingLooseFile_ReplacesItOwnerOnly()
    {
        var home = Directory.CreateTempSubdirectory("fleet-cli-home-").FullName;
        var store = new CliConfigStore(new CliEnvironment(new Dictionary<string, string> { ["HOME"] = home }));
        Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
        File.WriteAllText(store.Path, "{}");
        File.SetUnixFileMode(store.Path, (UnixFileMode)0b110_100_100);

        store.Save(new CliConfig { Server = "http://fleet:5000", Token = "t0ken" });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.Equal(new CliConfig { Server = "http://fleet:5000", Token = "t0ken" }, store.Load());
    }
}
