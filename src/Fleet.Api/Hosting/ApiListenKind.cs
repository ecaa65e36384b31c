namespace Fleet.Api.Hosting;

/// <summary>What an <c>api_listen</c> entry names.</summary>
public enum ApiListenKind
{
    /// <summary><c>unix:///path</c>: a Unix domain socket (file mode 0660, a stale file is replaced).</summary>
    UnixSocket,

    /// <summary><c>http://IP:PORT</c>: a TCP port on one address.</summary>
    Tcp,

    /// <summary><c>systemd:</c>: every socket passed by systemd socket activation (<c>LISTEN_FDS</c>).</summary>
    SystemdActivation,
}
