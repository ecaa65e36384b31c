namespace Fleet.Cli.Waiting;

/// <summary>Checks whether units have reached the state a command waits for.</summary>
internal interface IUnitProbe
{
    /// <summary>Probes every pending unit once.</summary>
    /// <returns>For each unit that has arrived, the line to print (may be empty to print nothing). Units
    /// missing from the result are still pending. Transient API failures count as "still pending".</returns>
    Task<IReadOnlyDictionary<string, string>> ProbeAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken);

    /// <summary>The error for a unit that did not arrive within the attempt budget.</summary>
    string TimeoutMessage(string unit);

    /// <summary>What the progress line says units are becoming, e.g. <c>launched</c>.</summary>
    string Goal { get; }
}
