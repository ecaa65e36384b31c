using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>One gRPC channel per configured etcd endpoint, and which one is in use. A failed endpoint
/// hands over to the next one (in configuration order, wrapping around).</summary>
internal sealed class EtcdChannels : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly X509Certificate2Collection? _trust;
    private int _current;

    public EtcdChannels(EtcdRegistryOptions options)
    {
        Endpoints = [.. options.EtcdServers.Select(s => new Uri(s, UriKind.Absolute))];
        Description = string.Join(",", Endpoints.Select(u => u.GetLeftPart(UriPartial.Authority)));
        if (options.EtcdCaFile.Length > 0)
        {
            _trust = [];
            _trust.ImportFromPemFile(options.EtcdCaFile);
        }

        var clientCertificate = options.EtcdCertFile.Length > 0
            ? X509Certificate2.CreateFromPemFile(options.EtcdCertFile, options.EtcdKeyFile)
            : null;
        _channels = [.. Endpoints.Select(uri => Create(uri, options.EtcdRequestTimeout, clientCertificate))];
    }

    /// <summary>The endpoints, in configuration order.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The endpoints for messages: <c>http://127.0.0.1:2379,http://127.0.0.1:4001</c>.</summary>
    public string Description { get; }

    public int Count => _channels.Length;

    /// <summary>The index of the channel in use.</summary>
    public int CurrentIndex => Volatile.Read(ref _current);

    public CallInvoker Invoker(int index) => _channels[index].CreateCallInvoker();

    /// <summary>Moves on from <paramref name="failedIndex"/> unless another caller already did.</summary>
    public void Failed(int failedIndex) =>
        Interlocked.CompareExchange(ref _current, (failedIndex + 1) % _channels.Length, failedIndex);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private GrpcChannel Create(Uri uri, TimeSpan requestTimeout, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = requestTimeout,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                RemoteCertificateValidationCallback = _trust is null ? null : ValidateAgainstCa,
            };
        }

        return GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            ThrowOperationCanceledOnCancellation = true,
        });
    }

    private bool ValidateAgainstCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trust!); // only installed when _trust is set
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
