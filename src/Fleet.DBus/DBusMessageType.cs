namespace Fleet.DBus;

/// <summary>The D-Bus message types.</summary>
public enum DBusMessageType : byte
{
    /// <summary>Not a valid type.</summary>
    Invalid = 0,

    /// <summary>A method call.</summary>
    MethodCall = 1,

    /// <summary>A successful reply.</summary>
    MethodReturn = 2,

    /// <summary>An error reply.</summary>
    Error = 3,

    /// <summary>A signal.</summary>
    Signal = 4,
}
