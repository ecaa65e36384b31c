using Fleet.Daemon;
using Fleet.Daemon.Configuration;

var program = "fleetd";
var line = CommandLine.Parse(args, program);
if (line.Error is not null)
{
    await Console.Error.WriteLineAsync(line.Error);
    await Console.Error.WriteAsync(CommandLine.Usage(program));
    return 1;
}

if (line.ShowVersion)
{
    Console.WriteLine($"fleetd version {FleetdVersion.Value}");
    return 0;
}

var environment = Environment.GetEnvironmentVariables()
    .Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
var loaded = FleetConfigLoader.Load(line.ConfigPath, environment);
foreach (var notice in loaded.Notices)
{
    await Console.Error.WriteLineAsync($"INFO {notice}");
}

if (loaded.Config is null)
{
    await Console.Error.WriteLineAsync("Invalid configuration; nothing was started:");
    foreach (var error in loaded.Errors)
    {
        await Console.Error.WriteLineAsync($"  {error}");
    }

    return 1;
}

return await FleetdHost.RunAsync(loaded.Config, line.ConfigPath, environment);
