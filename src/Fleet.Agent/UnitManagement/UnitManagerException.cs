namespace Fleet.Agent.UnitManagement;

/// <summary>The unit manager could not act on a unit; the message names the unit and the action.</summary>
public sealed class UnitManagerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnitManagerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnitManagerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public UnitManagerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
