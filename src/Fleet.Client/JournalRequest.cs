namespace Fleet.Client;

/// <summary>Parameters of a journal request.</summary>
/// <param name="Lines">Number of recent lines to return.</param>
/// <param name="Follow">Keep the response open and stream new entries.</param>
/// <param name="Output">journalctl output mode (<c>short</c> by default).</param>
public sealed record JournalRequest(int Lines, bool Follow, string Output);
