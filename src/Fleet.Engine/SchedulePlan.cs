using Fleet.Registry;
using Fleet.Scheduling;

namespace Fleet.Engine;

/// <summary>What one reconciliation decided, and the schedule writes that carry it out.</summary>
/// <param name="Decisions">Placements made or undone, with reasons (for the log).</param>
/// <param name="Writes">The writes, in order: decisions first, then entries refreshed after unit changes.</param>
internal sealed record SchedulePlan(IReadOnlyList<Decision> Decisions, IReadOnlyList<ScheduleWrite> Writes);
