using System.Net;
using System.Net.Sockets;
using Fleet.Api;
using Fleet.Api.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.AspNetCore.Server.Kestrel.Core;

/// <summary>Sets up Kestrel's listeners from fleet's <c>api_listen</c> and systemd socket activation.</summary>
public static partial class FleetApiKestrelExtensions
{
    /// <summary>Listens on every entry of <paramref name="apiListen"/> (comma-separated) and on the sockets
    /// systemd passed to this process (then removing <c>LISTEN_FDS</c>/<c>LISTEN_PID</c> from the environment).</summary>
    /// <exception cref="FormatException">An entry is invalid; the message names every bad entry.</exception>
    public static KestrelServerOptions ListenFleetApi(this KestrelServerOptions kestrel, string apiListen, ILogger? logger = null) =>
        kestrel.ListenFleetApi(ApiListenAddress.ParseList(apiListen), SystemdSocketActivation.TakeFromEnvironment(), logger);

    /// <summary>Listens on <paramref name="addresses"/> and on <paramref name="activatedDescriptors"/>.</summary>
    /// <remarks>
    /// Activated sockets are always served (fleet serves only on them). A configured Unix socket or TCP
    /// address that one of them already covers is skipped; <c>systemd:</c> entries only assert that there are
    /// some. Unix sockets get mode 0660 and replace a stale socket file; a live one is an error.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>systemd:</c> was given but no socket was passed.</exception>
    /// <exception cref="IOException">A Unix socket path is served by another process.</exception>
    public static KestrelServerOptions ListenFleetApi(
        this KestrelServerOptions kestrel,
        IReadOnlyList<ApiListenAddress> addresses,
        IReadOnlyList<int> activatedDescriptors,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(activatedDescriptors);
        logger ??= NullLogger.Instance;
        if (activatedDescriptors.Count == 0 && addresses.Any(a => a.Kind == ApiListenKind.SystemdActivation))
        {
            throw new InvalidOperationException("api_listen names systemd: but no socket was passed by systemd (LISTEN_FDS/LISTEN_PID unset or for another process).");
        }

        var covered = new List<EndPoint>();
        foreach (var descriptor in activatedDescriptors)
        {
            NativeMethods.TrySetCloseOnExec(descriptor);
            kestrel.ListenHandle((ulong)descriptor);
            covered.AddRange(LocalEndPointOf(descriptor));
            Log.ListeningOnDescriptor(logger, descriptor);
        }

        foreach (var address in addresses)
        {
            if (address.Kind == ApiListenKind.SystemdActivation || covered.Any(e => Covers(e, address)))
            {
                continue;
            }

            if (address.Kind == ApiListenKind.UnixSocket)
            {
                if (OperatingSystem.IsWindows())
                {
                    throw new PlatformNotSupportedException($"api_listen {address.Text}: Unix sockets need Linux.");
                }

                kestrel.ListenHandle(UnixSocketListener.Bind(address.UnixPath!, out var staleRemoved)); // set for UnixSocket
                if (staleRemoved)
                {
                    Log.StaleSocketRemoved(logger, address.UnixPath!);
                }
            }
            else
            {
                kestrel.Listen(address.TcpEndPoint!); // set for Tcp
            }

            Log.Listening(logger, address.Text);
        }

        return kestrel;
    }

    private static IEnumerable<EndPoint> LocalEndPointOf(int descriptor)
    {
        try
        {
            using var socket = new Socket(new SafeSocketHandle(descriptor, ownsHandle: false));
            return socket.LocalEndPoint is { } endPoint ? [endPoint] : [];
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static bool Covers(EndPoint activated, ApiListenAddress address) => address.Kind switch
    {
        ApiListenKind.UnixSocket => activated is UnixDomainSocketEndPoint unix && unix.ToString() == address.UnixPath,
        ApiListenKind.Tcp => activated is IPEndPoint ip && ip.Equals(address.TcpEndPoint),
        _ => false,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = ApiEventIds.Listening, Level = LogLevel.Information, Message = "HTTP API listening on {Address}")]
        public static partial void Listening(ILogger logger, string address);

        [LoggerMessage(EventId = ApiEventIds.Listening, Level = LogLevel.Information, Message = "HTTP API listening on the socket systemd passed as descriptor {Descriptor}")]
        public static partial void ListeningOnDescriptor(ILogger logger, int descriptor);

        [LoggerMessage(EventId = ApiEventIds.StaleSocketRemoved, Level = LogLevel.Information, Message = "Removed stale API socket {Path}")]
        public static partial void StaleSocketRemoved(ILogger logger, string path);
    }
}
