using Fleet.Registry.InMemory;

namespace Fleet.Registry.Embedded;

/// <summary>Settings of the embedded durable store.</summary>
public sealed class EmbeddedRegistryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "EmbeddedRegistry";

    /// <summary>The directory that holds the store's snapshot and log; created when missing, must be writable.</summary>
    /// <value>No default: fleetd sets it (e.g. <c>/var/lib/fleet/registry</c>).</value>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The in-memory core's limits (history kept for resuming watches, watcher buffers).</summary>
    public InMemoryRegistryOptions Core { get; set; } = new();

    /// <summary>Checks every setting and the data directory itself (it is created when missing and must
    /// accept a file), reporting every problem at once.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names each problem and the path.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            failures.Add($"{nameof(DataDirectory)} must name a directory (it is empty).");
        }
        else
        {
            var problem = ProbeWritable(Path.GetFullPath(DataDirectory));
            if (problem is not null)
            {
                failures.Add(problem);
            }
        }

        try
        {
            Core.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            failures.Add(ex.Message);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException("Invalid embedded registry options: " + string.Join(" ", failures));
        }
    }

    private static string? ProbeWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-probe-{Environment.ProcessId}");
            using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(0);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{nameof(DataDirectory)} '{directory}' is not a writable directory: {ex.Message}";
        }
    }
}
