using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Client.Transport;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> for an endpoint: unix socket connects, TLS settings
/// and an optional connector (tunnel).</summary>
internal static class FleetHttpHandlerFactory
{
    public static SocketsHttpHandler Create(FleetClientOptions options)
    {
        var endpoint = options.Endpoint;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        if (options.Connector is { } connector)
        {
            handler.ConnectCallback = (_, cancellationToken) => connector.ConnectAsync(endpoint, cancellationToken);
        }
        else if (endpoint.Kind == FleetEndpointKind.Unix)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(endpoint.Path, cancellationToken);
        }

        if (endpoint.Kind == FleetEndpointKind.Https)
        {
            handler.SslOptions = CreateTlsOptions(options);
        }

        return handler;
    }

    internal static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var reason = File.Exists(path) || Directory.Exists(path) ? ex.Message : "no such socket";
            throw new IOException($"{reason} ({path})", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions CreateTlsOptions(FleetClientOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if ((options.CertFile is null) != (options.KeyFile is null))
        {
            throw new ArgumentException("--cert-file and --key-file must be given together");
        }

        if (options.CertFile is not null && options.KeyFile is not null)
        {
            tls.ClientCertificates = [LoadClientCertificate(options.CertFile, options.KeyFile)];
        }

        if (options.CaFile is not null)
        {
            var roots = LoadCertificates(options.CaFile);
            tls.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(roots, certificate, errors);
        }

        return tls;
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"cannot load client certificate {certFile} with key {keyFile}: {ex.Message}", ex);
        }
    }

    private static X509Certificate2Collection LoadCertificates(string caFile)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(caFile);
            if (collection.Count == 0)
            {
                throw new ArgumentException($"CA file {caFile} holds no PEM certificate");
            }

            return collection;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"cannot load CA file {caFile}: {ex.Message}", ex);
        }
    }

    private static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
