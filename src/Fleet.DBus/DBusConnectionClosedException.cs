namespace Fleet.DBus;

/// <summary>The connection to the bus is closed (the peer hung up, or the connection was disposed).</summary>
public sealed class DBusConnectionClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DBusConnectionClosedException()
        : base("The D-Bus connection is closed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DBusConnectionClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public DBusConnectionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
