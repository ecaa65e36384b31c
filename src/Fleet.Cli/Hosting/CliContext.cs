using System.CommandLine;
using System.Globalization;
using Fleet.Cli.Ssh;
using Fleet.Client;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Hosting;

/// <summary>One fleetctl invocation: the console, the resolved global flags, the API client and the
/// machine list (fetched at most once, as fleetctl's <c>cachedMachineState</c>).</summary>
internal sealed class CliContext(CliConsole console, GlobalOptions globals) : IDisposable
{
    private GlobalSettings? _settings;
    private IFleetClient? _client;
    private Dictionary<string, Machine>? _machines;

    public CliConsole Console => console;

    public GlobalOptions Globals => globals;

    public GlobalSettings Settings => _settings ?? throw new InvalidOperationException("global flags not resolved yet");

    public IFleetClient Client => _client ?? throw new InvalidOperationException("client not initialised yet");

    /// <summary>Resolves the global flags.</summary>
    public void Bind(ParseResult parse) => _settings = globals.Resolve(parse, console.GetEnvironmentVariable);

    /// <summary>Builds the API client from the global flags (no connection is made).</summary>
    /// <exception cref="CommandFailedException"><c>Unable to initialize client: ...</c></exception>
    public void InitializeClient()
    {
        try
        {
            _client = CreateClient();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"Unable to initialize client: {ex.Message}");
        }
    }

    /// <summary>Writes a line to standard output.</summary>
    public void Out(string line) => console.Out.Write(line + "\n");

    /// <summary>Writes a line to standard error.</summary>
    public void Err(string line) => console.Error.Write(line + "\n");

    /// <summary>Writes a debug line to standard error when <c>--debug</c> is on.</summary>
    public void Debug(string line)
    {
        if (_settings?.Debug == true)
        {
            Err("DEBUG " + line);
        }
    }

    /// <summary>The machine list by ID, fetched once per invocation; a failing list is treated as empty, as
    /// fleetctl does (legends then show the bare ID).</summary>
    public async Task<IReadOnlyDictionary<string, Machine>> GetMachinesAsync(CancellationToken cancellationToken)
    {
        if (_machines is null)
        {
            try
            {
                var machines = await Client.ListMachinesAsync(cancellationToken);
                _machines = machines.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            }
            catch (Exception ex) when (ex is FleetApiException or FleetEndpointUnreachableException)
            {
                Debug($"Unable to retrieve machine list: {ex.Message}");
                _machines = new Dictionary<string, Machine>(StringComparer.Ordinal);
            }
        }

        return _machines;
    }

    /// <summary>The machine with that ID from the cached machine list, or null.</summary>
    public async Task<Machine?> FindMachineAsync(string machineId, CancellationToken cancellationToken) =>
        (await GetMachinesAsync(cancellationToken)).GetValueOrDefault(machineId);

    /// <summary>Legend of a machine: <c>113f16a7.../10.0.0.1</c>.</summary>
    public async Task<string> MachineLegendAsync(string machineId, bool full, CancellationToken cancellationToken)
    {
        var machine = await FindMachineAsync(machineId, cancellationToken);
        return Output.MachineLegend.Full(machineId, machine?.PrimaryIp, full);
    }

    public void Dispose() => (_client as IDisposable)?.Dispose();

    private FleetClient CreateClient()
    {
        var settings = Settings;
        if (settings.Driver != "API")
        {
            throw settings.Driver == "etcd"
                ? new NotSupportedException("the etcd driver is not supported by this fleetctl; use --driver=API")
                : new NotSupportedException($"unrecognized driver \"{settings.Driver}\"");
        }

        var endpoint = FleetEndpoint.ParseFirst(settings.Endpoint, out var ignored);
        if (ignored > 0)
        {
            Err($"WARN multiple endpoints provided but only the first ({endpoint.Text}) is used");
        }

        return new FleetClient(new FleetClientOptions
        {
            Endpoint = endpoint,
            CaFile = ExpandHome(settings.CaFile),
            CertFile = ExpandHome(settings.CertFile),
            KeyFile = ExpandHome(settings.KeyFile),
            RequestTimeout = settings.RequestTimeout > 0 ? TimeSpan.FromSeconds(settings.RequestTimeout) : null,
            Connector = settings.Tunnel is { } tunnel ? new SshTunnelConnector(SshSettings.From(this), tunnel) : null,
            Trace = settings.Debug ? Debug : null,
        });
    }

    /// <summary>Expands a leading <c>~/</c> with <c>HOME</c>.</summary>
    public string? ExpandHome(string? path)
    {
        if (path is null || !path.StartsWith("~/", StringComparison.Ordinal))
        {
            return path;
        }

        var home = console.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, path[2..]);
    }

    /// <summary>Formats seconds the way the messages print them.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
