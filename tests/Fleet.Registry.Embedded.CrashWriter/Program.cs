// Usage: Fleet.Registry.Embedded.CrashWriter <data directory> <first index>
// Writes, for i = first, first + 1, ...: unit u<i>.service (record and body), its schedule entry on machine
// "crash-target" and the dynamic metadata key last=<i> of that machine; then prints "acknowledged <i>".
// Runs until killed.
using System.Globalization;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.Embedded;

var directory = args[0];
var first = int.Parse(args[1], CultureInfo.InvariantCulture);
using var registry = EmbeddedRegistry.Open(new EmbeddedRegistryOptions { DataDirectory = directory }, TimeProvider.System);
await using var leadership = await registry.Leaders.CampaignAsync(MachineId.Parse("crash-writer"), TimeSpan.FromMinutes(10), CancellationToken.None);
var target = MachineId.Parse("crash-target");
Console.Out.WriteLine("ready");
for (var i = first; ; i++)
{
    var file = UnitFile.FromOptions([new UnitOption("Unit", "Description", $"unit {i}"), new UnitOption("Service", "ExecStart", "/bin/true")]);
    var name = UnitName.Parse($"u{i:D6}.service");
    await registry.Units.PutAsync(new UnitRecord(name, file.Hash, TargetState.Launched, UnitRequirements.None), file, CancellationToken.None);
    if (!await registry.Schedule.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(new ScheduleEntry(name, target, file.Hash, TargetState.Launched))], CancellationToken.None))
    {
        throw new InvalidOperationException("Lost leadership while writing.");
    }

    await registry.Machines.SetMetadataAsync(target, "last", i.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
    Console.Out.WriteLine($"acknowledged {i}");
}
