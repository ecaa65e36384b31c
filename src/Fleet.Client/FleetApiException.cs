namespace Fleet.Client;

/// <summary>The fleet API answered with an error (<c>{"error":{"code":..,"message":..}}</c>).</summary>
public sealed class FleetApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code (the body's <c>code</c> when present).</param>
    /// <param name="serverMessage">The server's message; may be empty.</param>
    public FleetApiException(int statusCode, string serverMessage)
        : base(Describe(statusCode, serverMessage))
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public FleetApiException()
        : this(500, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message and no status (500).</summary>
    public FleetApiException(string message)
        : this(500, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public FleetApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        ServerMessage = message;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The server's message, possibly empty.</summary>
    public string ServerMessage { get; }

    private static string Describe(int statusCode, string serverMessage) => serverMessage.Length == 0
        ? $"API error {statusCode} (the server gave no message)"
        : $"API error {statusCode}: {serverMessage}";
}
