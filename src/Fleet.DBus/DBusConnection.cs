using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Fleet.DBus;

/// <summary>A client connection to a message bus over a unix socket: SASL EXTERNAL authentication,
/// <c>Hello</c>, method calls with replies, and signals delivered to a callback.</summary>
/// <remarks>
/// Thread-safe: calls may be made concurrently. Signals are passed to the handler on the connection's
/// receive loop, in order; the handler must be quick and must not block. When the peer hangs up, every
/// pending call fails with <see cref="DBusConnectionClosedException"/> and <see cref="Completion"/> completes.
/// </remarks>
public sealed class DBusConnection : IAsyncDisposable
{
    /// <summary>The bus daemon's name.</summary>
    public const string BusName = "org.freedesktop.DBus";

    private const string BusPath = "/org/freedesktop/DBus";
    private readonly Socket _socket;
    private readonly Action<DBusMessage> _onSignal;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<DBusMessage>> _pending = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;
    private int _serial;
    private int _disposed;

    private DBusConnection(Socket socket, Action<DBusMessage> onSignal)
    {
        _socket = socket;
        _onSignal = onSignal;
    }

    /// <summary>Gets the unique name the bus assigned (from <c>Hello</c>).</summary>
    public string UniqueName { get; private set; } = string.Empty;

    /// <summary>Gets a task that completes when the connection closes, for whatever reason.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets whether the connection is still open.</summary>
    public bool IsConnected => !_completion.Task.IsCompleted;

    /// <summary>Connects, authenticates with SASL EXTERNAL as this process's effective uid, and says <c>Hello</c>.</summary>
    /// <param name="address">A D-Bus address, see <see cref="DBusAddress"/>.</param>
    /// <param name="onSignal">Receives every signal (on the receive loop).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="ArgumentException">The address is not usable.</exception>
    /// <exception cref="DBusProtocolException">Authentication failed.</exception>
    /// <exception cref="SocketException">The socket could not be connected.</exception>
    public static async Task<DBusConnection> ConnectAsync(string address, Action<DBusMessage> onSignal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSignal);
        if (!DBusAddress.TryParse(address, out var endPoint, out var error))
        {
            throw new ArgumentException(error, nameof(address));
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var connection = new DBusConnection(socket, onSignal);
        try
        {
            await socket.ConnectAsync(endPoint!, cancellationToken);
            await connection.AuthenticateAsync(cancellationToken);
            connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
            var hello = await connection.CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, "Hello"), cancellationToken);
            connection.UniqueName = (string)hello.Body[0];
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a method call and awaits its reply.</summary>
    /// <returns>The method return.</returns>
    /// <exception cref="DBusErrorException">The peer replied with an error.</exception>
    /// <exception cref="DBusConnectionClosedException">The connection closed before the reply.</exception>
    public async Task<DBusMessage> CallAsync(DBusMessage call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var reply = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serial = (uint)Interlocked.Increment(ref _serial);
        call.Serial = serial;
        _pending[serial] = reply;
        try
        {
            if (!IsConnected)
            {
                throw new DBusConnectionClosedException();
            }

            await SendAsync(call.Encode(), cancellationToken);
            var message = await reply.Task.WaitAsync(cancellationToken);
            if (message.Type == DBusMessageType.Error)
            {
                var text = message.Body.Count > 0 && message.Body[0] is string s ? s : string.Empty;
                throw new DBusErrorException(message.ErrorName ?? "?", text, $"{call.Interface}.{call.Member} on {call.Path}");
            }

            return message;
        }
        finally
        {
            _pending.TryRemove(serial, out _);
        }
    }

    /// <summary>Adds a match rule on the bus (<c>org.freedesktop.DBus.AddMatch</c>).</summary>
    public Task AddMatchAsync(string rule, CancellationToken cancellationToken) =>
        CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, "AddMatch", "s", rule), cancellationToken);

    /// <summary>Removes a match rule (<c>org.freedesktop.DBus.RemoveMatch</c>).</summary>
    public Task RemoveMatchAsync(string rule, CancellationToken cancellationToken) =>
        CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, "RemoveMatch", "s", rule), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already closed by the peer
        }

        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        Close(new DBusConnectionClosedException("The D-Bus connection was disposed."));
        _stop.Dispose();
        _sendGate.Dispose();
    }

    private static uint EffectiveUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return uint.Parse(parts[2], CultureInfo.InvariantCulture);
            }
        }

        throw new DBusProtocolException("Cannot find the effective uid in /proc/self/status.");
    }

    private async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        var uid = EffectiveUid().ToString(CultureInfo.InvariantCulture);
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid));
        await _socket.SendAsync(Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {hex}\r\n"), cancellationToken);
        var line = await ReadLineAsync(cancellationToken);
        if (!line.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new DBusProtocolException($"D-Bus authentication (EXTERNAL, uid {uid}) was rejected: '{line}'.");
        }

        await _socket.SendAsync(Encoding.ASCII.GetBytes("BEGIN\r\n"), cancellationToken);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        // Byte by byte, so that nothing after the line (the start of the first message) is consumed.
        var line = new StringBuilder();
        var one = new byte[1];
        while (line.Length < 4096)
        {
            if (await _socket.ReceiveAsync(one, cancellationToken) == 0)
            {
                throw new DBusProtocolException("The bus closed the connection during authentication.");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new DBusProtocolException("Authentication line longer than 4096 bytes.");
    }

    private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                sent += await _socket.SendAsync(bytes.AsMemory(sent), cancellationToken);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new DBusConnectionClosedException("The D-Bus connection closed while sending.", e);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception reason = new DBusConnectionClosedException("The bus closed the connection.");
        try
        {
            var fixedHeader = new byte[16];
            while (true)
            {
                if (!await ReceiveExactlyAsync(fixedHeader, _stop.Token))
                {
                    break;
                }

                var total = DBusMessage.GetTotalLength(fixedHeader);
                var bytes = new byte[total];
                fixedHeader.CopyTo(bytes, 0);
                if (!await ReceiveExactlyAsync(bytes.AsMemory(16), _stop.Token))
                {
                    break;
                }

                Dispatch(DBusMessage.Decode(bytes));
            }
        }
        catch (OperationCanceledException)
        {
            reason = new DBusConnectionClosedException("The D-Bus connection was disposed.");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            reason = new DBusConnectionClosedException("The D-Bus connection failed.", e);
        }
        catch (DBusProtocolException e)
        {
            reason = new DBusConnectionClosedException($"The bus sent a malformed message: {e.Message}", e);
        }

        Close(reason);
    }

    private void Dispatch(DBusMessage message)
    {
        switch (message.Type)
        {
            case DBusMessageType.MethodReturn or DBusMessageType.Error:
                if (_pending.TryGetValue(message.ReplySerial, out var reply))
                {
                    reply.TrySetResult(message);
                }

                break;
            case DBusMessageType.Signal:
                _onSignal(message);
                break;
            case DBusMessageType.MethodCall when !message.NoReplyExpected:
                var error = new DBusMessage
                {
                    Type = DBusMessageType.Error,
                    ErrorName = "org.freedesktop.DBus.Error.UnknownMethod",
                    ReplySerial = message.Serial,
                    Destination = message.Sender,
                    Signature = "s",
                    Body = ["This client exports no objects."],
                    Serial = (uint)Interlocked.Increment(ref _serial),
                };
                _ = SendAsync(error.Encode(), _stop.Token).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                break;
            default:
                break;
        }
    }

    private async Task<bool> ReceiveExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _socket.ReceiveAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private void Close(Exception reason)
    {
        _completion.TrySetResult();
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(reason);
        }
    }
}
