using System.Runtime.CompilerServices;

// The embedded durable store reuses the in-memory registry core and persists its non-lease keys.
[assembly: InternalsVisibleTo("Fleet.Registry.Embedded")]
[assembly: InternalsVisibleTo("Fleet.Registry.Embedded.Tests")]
