namespace Fleet.DBus;

/// <summary>Bytes on the wire or a value to marshal do not follow the D-Bus specification; the message says where.</summary>
public sealed class DBusProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DBusProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DBusProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public DBusProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
