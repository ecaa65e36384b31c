namespace Fleet.Cli.Units;

/// <summary>A local unit file cannot be read or parsed.</summary>
internal sealed class UnitFileException : Exception
{
    public UnitFileException(string message)
        : base(message)
    {
    }

    public UnitFileException()
    {
    }

    public UnitFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
