using System.Globalization;
using System.Text.Json;
using Fleet.Agent.UnitManagement;

namespace Fleet.Agent.Process.Tests;

/// <summary>Output capture: tail, follow and bounded rotation.</summary>
[Trait("Category", "Integration")]
public sealed class ProcessSupervisorJournalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_Tail_ReturnsTheLastLines()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("count.service", "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'for i in $(seq 1 20); do echo line$i; done; echo to-stderr >&2'\n");
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForOutputAsync(name, l => l.Contains("to-stderr"), "the stderr line");

        Assert.Equal(["line18", "line19", "line20", "to-stderr"], await harness.JournalAsync(name, 4));
        Assert.Empty(await harness.JournalAsync(name, 0));
    }

    [Fact]
    public async Task ReadAsync_OutputModes_CatIsTheLineJsonHasJournalctlsFieldNames()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("modes.service", "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo plain; echo \"a<b & c\"'\n");
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForOutputAsync(name, l => l.Count == 2, "two lines");

        Assert.Equal(["plain", "a<b & c"], await harness.JournalAsync(name, output: JournalOutput.Cat));
        Assert.Equal(["plain", "a<b & c"], await harness.JournalAsync(name, output: JournalOutput.Short));
        var json = await harness.JournalAsync(name, output: JournalOutput.Json);
        Assert.Equal(2, json.Count);
        Assert.Equal($"{{\"MESSAGE\":\"a<b & c\",\"_SYSTEMD_UNIT\":\"modes.service\",\"_HOSTNAME\":\"{Environment.MachineName}\"}}", json[1]);
        using var first = JsonDocument.Parse(json[0]);
        Assert.Equal("plain", first.RootElement.GetProperty("MESSAGE").GetString());
    }

    [Theory]
    [InlineData("verbose")]
    [InlineData("json-pretty")]
    [InlineData("short-iso")]
    public async Task ReadAsync_ModeNeedingJournalFields_IsRefusedNamingWhatWorks(string mode)
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("modes.service", "[Service]\nExecStart=/bin/sh -c 'echo hi; exec sleep 300'\n");
        Assert.True(JournalOutput.TryParse(mode, out var output, out _));

        Assert.False(harness.Supervisor.SupportsOutput(output));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.JournalAsync(name, output: output));
        Assert.StartsWith($"journal output mode {mode} is not supported by the process supervisor (supported: short, cat, json)", error.Message, StringComparison.Ordinal);
        Assert.True(harness.Supervisor.SupportsOutput(JournalOutput.Json));
    }

    [Fact]
    public async Task ReadAsync_Follow_YieldsNewLinesInOrder()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("ticker.service", "[Service]\nExecStart=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo n$i; sleep 0.02; done'\n");
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForOutputAsync(name, l => l.Count >= 3, "three lines");

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(SupervisorHarness.Deadline);
        var lines = new List<string>();
        await foreach (var line in harness.Supervisor.ReadAsync(name, 2, follow: true, JournalOutput.Short, cts.Token))
        {
            lines.Add(line);
            if (lines.Count == 12)
            {
                break;
            }
        }

        var numbers = lines.Select(l => int.Parse(l[1..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 12), numbers);
    }

    [Fact]
    public async Task Rotation_ChattyUnit_KeepsTheLogBounded()
    {
        await using var harness = new SupervisorHarness(configure: o =>
        {
            o.LogFileSize = 4096;
            o.LogFileCount = 2;
            o.HousekeepingInterval = TimeSpan.FromMilliseconds(50);
        });
        var padding = new string('x', 90);
        var name = await harness.LoadAsync("chatty.service",
            $"[Service]\nExecStart=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo $i-{padding}; sleep 0.005; done'\n");
        await harness.Supervisor.StartAsync(name, Token);

        // Follow across several rotations: lines keep coming in order.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(SupervisorHarness.Deadline);
        var numbers = new List<int>();
        await foreach (var line in harness.Supervisor.ReadAsync(name, 0, follow: true, JournalOutput.Short, cts.Token))
        {
            numbers.Add(int.Parse(line[..line.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture));
            if (numbers.Count == 400)
            {
                break;
            }
        }

        Assert.True(numbers.Zip(numbers.Skip(1)).All(p => p.Second > p.First), "lines out of order or repeated");
        var directory = Path.Combine(harness.Options.StateDirectory, "chatty.service");
        Assert.True(File.Exists(Path.Combine(directory, "output.log.1")), "the log was never rotated");
        Assert.False(File.Exists(Path.Combine(directory, "output.log.2")), "more files than LogFileCount");
        Assert.InRange(new FileInfo(Path.Combine(directory, "output.log.1")).Length, 4096, 3 * 4096);
        Assert.InRange(new FileInfo(Path.Combine(directory, "output.log")).Length, 0, 3 * 4096);
    }
}
