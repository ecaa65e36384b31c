using System.Net;
using System.Net.Sockets;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdRegistryTests(EtcdFixture etcd)
{
    [Fact]
    public async Task ListAsync_NothingListening_RegistryUnavailableNamingEndpointAndAction()
    {
        var endpoint = $"http://127.0.0.1:{UnusedPort()}";
        await using var registry = EtcdRegistry.Connect(Options(endpoint), TimeProvider.System, NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(async () => await registry.Units.ListAsync(Timeout()));

        Assert.StartsWith($"etcd at {endpoint} did not answer listing units", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_FirstEndpointDead_FailsOverToSecond()
    {
        var options = Options($"http://127.0.0.1:{UnusedPort()}");
        options.EtcdServers.Add(etcd.ClientUrl);
        await using var registry = EtcdRegistry.Connect(options, TimeProvider.System, NullLoggerFactory.Instance);
        var file = File("f");

        await registry.Units.PutAsync(Record("f.service", file), file, Timeout());

        Assert.NotNull(await registry.Units.GetAsync(UnitName.Parse("f.service"), Timeout()));
    }

    [Fact]
    public void Connect_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new EtcdRegistryOptions { EtcdKeyPrefix = "", EtcdUsername = "root", EtcdRequestTimeout = TimeSpan.Zero };
        options.EtcdServers.Clear();
        options.EtcdServers.Add("127.0.0.1:2379");

        var ex = Assert.Throws<OptionsValidationException>(() => EtcdRegistry.Connect(options, TimeProvider.System, NullLoggerFactory.Instance));

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("127.0.0.1:2379", StringComparison.Ordinal));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
