namespace Fleet.Cli.Ssh;

/// <summary>The machine to connect to cannot be determined.</summary>
internal sealed class SshTargetException : Exception
{
    public SshTargetException(string message)
        : base(message)
    {
    }

    public SshTargetException()
    {
    }

    public SshTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
