namespace Fleet.Core.Units;

/// <summary>What a machine's unit manager reports for one unit, in systemd's words.</summary>
/// <param name="LoadState">systemd LOAD, e.g. <c>loaded</c>, <c>not-found</c>.</param>
/// <param name="ActiveState">systemd ACTIVE, e.g. <c>active</c>, <c>activating</c>, <c>failed</c>, <c>inactive</c>.</param>
/// <param name="SubState">systemd SUB, e.g. <c>running</c>, <c>dead</c>, <c>start</c>.</param>
public sealed record UnitState(string LoadState, string ActiveState, string SubState);
