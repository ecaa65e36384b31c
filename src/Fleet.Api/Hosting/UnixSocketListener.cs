using System.Net.Sockets;

namespace Fleet.Api.Hosting;

/// <summary>Creates the API's Unix domain socket: replaces a stale socket file, refuses to steal a live one,
/// and sets the file mode to 0660 before the first connection can be accepted.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class UnixSocketListener
{
    /// <summary>The socket file's mode: read and write for owner and group (fleet's socket unit uses 0660).</summary>
    public const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Binds and listens on <paramref name="path"/>.</summary>
    /// <param name="path">Absolute path of the socket file.</param>
    /// <param name="staleRemoved">True when a stale socket file was deleted first.</param>
    /// <returns>The listening descriptor; the caller (Kestrel) owns it from here on.</returns>
    /// <exception cref="IOException">Another process is serving on <paramref name="path"/>, or it is a directory.</exception>
    public static ulong Bind(string path, out bool staleRemoved)
    {
        staleRemoved = false;
        if (Directory.Exists(path))
        {
            throw new IOException($"api_listen unix://{path}: the path is a directory.");
        }

        if (File.Exists(path))
        {
            if (IsLive(path))
            {
                throw new IOException($"api_listen unix://{path}: another process is already listening on this socket.");
            }

            File.Delete(path);
            staleRemoved = true;
        }

        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, SocketMode);
            socket.Listen(512);
            var descriptor = socket.SafeHandle.DangerousGetHandle();
            socket.SafeHandle.SetHandleAsInvalid(); // Kestrel owns and closes the descriptor from here on

            // A bound Socket unlinks its socket file when finalised: this one must not, the file is in use.
#pragma warning disable CA1816 // deliberately suppressing another object's finaliser, see above
            GC.SuppressFinalize(socket);
#pragma warning restore CA1816
            return (ulong)descriptor;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsLive(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
