using System.Diagnostics;
using System.Globalization;
using Fleet.Core.Units;
using Microsoft.Extensions.Time.Testing;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Registry.Embedded.Tests;

/// <summary>The durability guarantee, for real: a child process writes and reports each acknowledged
/// write, is killed with SIGKILL mid-stream, and every acknowledged write is found after reopening.</summary>
[Trait("Category", "Integration")]
public sealed class KillDurabilityTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Kill9_WhileWriting_EveryAcknowledgedWriteSurvivesTwoCrashes()
    {
        var firstAcknowledged = await WriteUntilKilledAsync(first: 0, killAfter: 120);
        await VerifyAsync(firstAcknowledged);

        // The second writer starts on the recovered files and is killed too.
        var secondAcknowledged = await WriteUntilKilledAsync(first: firstAcknowledged + 1, killAfter: firstAcknowledged + 80);
        await VerifyAsync(secondAcknowledged);
    }

    private async Task<int> WriteUntilKilledAsync(int first, int killAfter)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Fleet.Registry.Embedded.CrashWriter.dll");
        Assert.True(System.IO.File.Exists(writer), $"The crash writer is missing at {writer}.");
        // The dotnet CLI tells child processes which host runs them; outside it, "dotnet" from PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { writer, _directory.Path, first.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash writer.");
        var errors = process.StandardError.ReadToEndAsync(Token);
        var acknowledged = -1;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
            timeout.CancelAfter(Deadline);
            while (acknowledged < killAfter)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The crash writer ended after acknowledging {acknowledged}: {await errors}");
                if (line.StartsWith("acknowledged ", StringComparison.Ordinal))
                {
                    acknowledged = int.Parse(line["acknowledged ".Length..], CultureInfo.InvariantCulture);
                }
            }
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no finalizers, no flushing, no disposal.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Token);
        }

        Assert.True(acknowledged >= killAfter, $"only {acknowledged} writes were acknowledged");
        return acknowledged;
    }

    private async Task VerifyAsync(int acknowledged)
    {
        var time = new FakeTimeProvider();
        using var registry = EmbeddedRegistry.Open(new EmbeddedRegistryOptions { DataDirectory = _directory.Path }, time);
        var units = (await registry.Units.ListAsync(Token)).Items.ToDictionary(u => u.Name.Value);
        var schedule = (await registry.Schedule.ListMachineAsync(MachineId("crash-target"), Token)).Items.ToDictionary(e => e.Unit.Value);
        for (var i = 0; i <= acknowledged; i++)
        {
            var name = $"u{i:D6}.service";
            Assert.True(units.TryGetValue(name, out var unit), $"acknowledged unit {name} was lost ({units.Count} units survived, {acknowledged + 1} acknowledged)");
            var body = await registry.Units.GetFileAsync(unit.Hash, Token);
            Assert.True(body is not null && body.Description == $"unit {i}", $"the body of acknowledged unit {name} was lost");
            Assert.True(schedule.TryGetValue(name, out var entry) && entry.Hash == unit.Hash, $"the schedule entry of acknowledged unit {name} was lost");
        }

        await using var session = await registry.Machines.TryRegisterAsync(Machine("crash-target"), TimeSpan.FromSeconds(30), Token);
        var machine = Assert.Single((await registry.Machines.ListAsync(Token)).Items);
        Assert.True(
            machine.Metadata.TryGetValue("last", out var last) && int.Parse(last, CultureInfo.InvariantCulture) >= acknowledged,
            $"the metadata write of acknowledged iteration {acknowledged} was lost (last={last})");
        Assert.All(units.Values, u => Assert.Equal(TargetState.Launched, u.TargetState));
    }
}
