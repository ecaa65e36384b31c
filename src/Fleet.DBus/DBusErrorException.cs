namespace Fleet.DBus;

/// <summary>The peer answered a method call with an error reply.</summary>
public sealed class DBusErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DBusErrorException()
    {
        ErrorName = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DBusErrorException(string message)
        : base(message)
    {
        ErrorName = string.Empty;
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public DBusErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorName = string.Empty;
    }

    /// <summary>Creates the exception for an error reply.</summary>
    /// <param name="errorName">The D-Bus error name, for example <c>org.freedesktop.systemd1.NoSuchUnit</c>.</param>
    /// <param name="errorMessage">The error's text (first string argument), possibly empty.</param>
    /// <param name="call">What was called, for the message.</param>
    public DBusErrorException(string errorName, string errorMessage, string call)
        : base($"{call} failed: {errorName}: {errorMessage}")
    {
        ErrorName = errorName;
    }

    /// <summary>Gets the D-Bus error name.</summary>
    public string ErrorName { get; }
}
