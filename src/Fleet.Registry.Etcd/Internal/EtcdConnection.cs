using System.Net.Sockets;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>The etcd client shared by every store of one <see cref="EtcdRegistry"/>: channels, per-request
/// deadline, authentication, failover between endpoints, error mapping and request counts.</summary>
internal sealed partial class EtcdConnection : IDisposable
{
    private readonly EtcdChannels _channels;
    private readonly TimeSpan _timeout;
    private readonly string _username;
    private readonly string _password;
    private readonly SemaphoreSlim _authGate = new(1, 1);
    private readonly ILogger _logger;
    private string? _token;

    public EtcdConnection(EtcdRegistryOptions options, TimeProvider time, ILoggerFactory loggerFactory, Random random)
    {
        _channels = new EtcdChannels(options);
        _timeout = options.EtcdRequestTimeout;
        _username = options.EtcdUsername;
        _password = options.EtcdPassword;
        _logger = loggerFactory.CreateLogger("Fleet.Registry.Etcd");
        Time = time;
        Random = new LockedRandom(random);
        Keys = new EtcdKeys(options.EtcdKeyPrefix);
        LoggerFactory = loggerFactory;
    }

    public TimeProvider Time { get; }

    public LockedRandom Random { get; }

    public EtcdKeys Keys { get; }

    public ILoggerFactory LoggerFactory { get; }

    public EtcdRequestCounter Counter { get; } = new();

    /// <summary>The endpoints, for messages.</summary>
    public string Endpoints => _channels.Description;

    public TimeSpan RequestTimeout => _timeout;

    /// <summary>Sends one unary request with the request deadline, failing over to the next endpoint when
    /// this one cannot be reached (reads always; writes only when the request provably never left).</summary>
    /// <exception cref="RegistryUnavailableException">No endpoint answered in time.</exception>
    public async ValueTask<TResponse> CallAsync<TResponse>(
        string what, EtcdRequestKind kind, bool readOnly, Func<CallInvoker, CallOptions, AsyncUnaryCall<TResponse>> send, CancellationToken cancellationToken)
    {
        var authRetried = false;
        for (var attempt = 0; ; attempt++)
        {
            var index = _channels.CurrentIndex;
            Counter.Add(kind);
            using var timeout = new CancellationTokenSource(_timeout, Time);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var headers = await HeadersAsync(index, deadline.Token);
                return await send(_channels.Invoker(index), new CallOptions(headers, cancellationToken: deadline.Token));
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ex is RpcException { StatusCode: StatusCode.Unauthenticated } && !authRetried && _username.Length > 0)
                {
                    authRetried = true;
                    _token = null;
                    continue;
                }

                if (!IsUnavailable(ex))
                {
                    throw;
                }

                _channels.Failed(index);
                var retry = attempt + 1 < _channels.Count && (readOnly || NeverSent(ex));
                Log.EndpointFailed(_logger, _channels.Endpoints[index], what, ex.Message);
                if (!retry)
                {
                    throw Unavailable(what, ex);
                }
            }
        }
    }

    /// <summary>Opens a bidirectional stream on the endpoint in use (watches, keep-alives).</summary>
    public async ValueTask<(AsyncDuplexStreamingCall<TRequest, TResponse> Call, int Index)> OpenStreamAsync<TRequest, TResponse>(
        Func<CallInvoker, CallOptions, AsyncDuplexStreamingCall<TRequest, TResponse>> open, CancellationToken cancellationToken)
    {
        var index = _channels.CurrentIndex;
        using var timeout = new CancellationTokenSource(_timeout, Time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var headers = await HeadersAsync(index, deadline.Token);
        return (open(_channels.Invoker(index), new CallOptions(headers, cancellationToken: cancellationToken)), index);
    }

    /// <summary>Marks a stream's endpoint as failed so that the next stream or request tries another one.</summary>
    public void StreamFailed(int index, Exception ex)
    {
        if (ex is RpcException { StatusCode: StatusCode.Unauthenticated })
        {
            _token = null;
        }

        if (IsUnavailable(ex))
        {
            _channels.Failed(index);
        }
    }

    public RegistryUnavailableException Unavailable(string what, Exception ex) => ex switch
    {
        OperationCanceledException => new RegistryUnavailableException(
            $"etcd at {Endpoints} did not answer {what} within {_timeout.TotalSeconds:0.###}s (etcd_request_timeout).", ex),
        RpcException rpc => new RegistryUnavailableException(
            $"etcd at {Endpoints} did not answer {what}: {rpc.Status.StatusCode}: {rpc.Status.Detail}", ex),
        _ => new RegistryUnavailableException($"etcd at {Endpoints} did not answer {what}: {ex.Message}", ex),
    };

    public static bool IsUnavailable(Exception ex) => ex switch
    {
        OperationCanceledException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled
            or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted,
        IOException or HttpRequestException => true,
        _ => false,
    };

    public void Dispose()
    {
        _channels.Dispose();
        _authGate.Dispose();
    }

    private static bool NeverSent(Exception ex)
    {
        for (Exception? e = (ex as RpcException)?.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<Metadata?> HeadersAsync(int index, CancellationToken cancellationToken)
    {
        if (_username.Length == 0)
        {
            return null;
        }

        var token = _token;
        if (token is null)
        {
            await _authGate.WaitAsync(cancellationToken);
            try
            {
                token = _token ??= await AuthenticateAsync(index, cancellationToken);
            }
            finally
            {
                _authGate.Release();
            }
        }

        return new Metadata { { "token", token } };
    }

    private async Task<string> AuthenticateAsync(int index, CancellationToken cancellationToken)
    {
        Counter.Add(EtcdRequestKind.Other);
        var client = new Auth.AuthClient(_channels.Invoker(index));
        var response = await client.AuthenticateAsync(
            new AuthenticateRequest { Name = _username, Password = _password }, cancellationToken: cancellationToken);
        return response.Token;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "etcd endpoint {Endpoint} failed while {What}: {Reason}")]
        public static partial void EndpointFailed(ILogger logger, Uri endpoint, string what, string reason);
    }
}
