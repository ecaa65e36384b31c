using System.Diagnostics;

namespace Fleet.DBus.Tests;

[Trait("Category", "Integration")]
public sealed class DBusConnectionTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"fleet-dbus-{Guid.NewGuid():N}");
    private Process? _daemon;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Address => $"unix:path={Path.Combine(_directory, "bus")}";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists("/usr/bin/dbus-daemon"))
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        var config = Path.Combine(_directory, "session.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>{Address}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
            </busconfig>
            """, Ct);
        var start = new ProcessStartInfo("/usr/bin/dbus-daemon") { RedirectStandardOutput = true };
        start.ArgumentList.Add($"--config-file={config}");
        start.ArgumentList.Add("--nofork");
        start.ArgumentList.Add("--print-address");
        _daemon = Process.Start(start)!;
        await _daemon.StandardOutput.ReadLineAsync(Ct); // printed once it listens
    }

    public ValueTask DisposeAsync()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill();
        }

        _daemon?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ConnectAsync_DBusDaemon_AuthenticatesAndGetsUniqueName()
    {
        Require();

        await using var connection = await DBusConnection.ConnectAsync(Address, _ => { }, Ct);

        Assert.StartsWith(":", connection.UniqueName, StringComparison.Ordinal);
        var reply = await connection.CallAsync(DBusMessage.MethodCall(DBusConnection.BusName, "/org/freedesktop/DBus", DBusConnection.BusName, "ListNames"), Ct);
        Assert.Contains(connection.UniqueName, Assert.IsType<object[]>(reply.Body[0]));
    }

    [Fact]
    public async Task CallAsync_ErrorReply_ThrowsWithErrorName()
    {
        Require();
        await using var connection = await DBusConnection.ConnectAsync(Address, _ => { }, Ct);

        var error = await Assert.ThrowsAsync<DBusErrorException>(() => connection.CallAsync(
            DBusMessage.MethodCall(DBusConnection.BusName, "/org/freedesktop/DBus", DBusConnection.BusName, "GetNameOwner", "s", "org.example.Nobody"), Ct));

        Assert.Equal("org.freedesktop.DBus.Error.NameHasNoOwner", error.ErrorName);
    }

    [Fact]
    public async Task AddMatchAsync_SignalMatches_DeliversItToTheHandler()
    {
        Require();
        var received = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        // NameAcquired is addressed to the watcher itself and arrives regardless of match rules: filter by member.
        await using var watcher = await DBusConnection.ConnectAsync(Address, m => { if (m.Member == "NameOwnerChanged") { received.TrySetResult(m); } }, Ct);
        await watcher.AddMatchAsync("type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged'", Ct);

        await using var other = await DBusConnection.ConnectAsync(Address, _ => { }, Ct);

        var signal = await received.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("NameOwnerChanged", signal.Member);
        Assert.Equal("sss", signal.Signature);
        Assert.Equal(other.UniqueName, signal.Body[0]);
    }

    [Fact]
    public async Task CallAsync_BusDies_FailsPendingAndCompletes()
    {
        Require();
        await using var connection = await DBusConnection.ConnectAsync(Address, _ => { }, Ct);

        _daemon!.Kill();

        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<DBusConnectionClosedException>(() => connection.CallAsync(
            DBusMessage.MethodCall(DBusConnection.BusName, "/org/freedesktop/DBus", DBusConnection.BusName, "ListNames"), Ct));
    }

    [Fact]
    public async Task ConnectAsync_NoSocket_ThrowsSocketException()
    {
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() =>
            DBusConnection.ConnectAsync($"unix:path={Path.Combine(_directory, "missing")}", _ => { }, Ct));
    }

    private void Require()
    {
        if (_daemon is null)
        {
            Assert.Skip("dbus-daemon is not installed (apt-get install dbus).");
        }
    }
}
