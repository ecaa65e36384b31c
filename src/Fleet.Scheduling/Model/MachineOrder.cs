namespace Fleet.Scheduling.Model;

/// <summary>Least-loaded order: fewer units first, then machine ID (ordinal) — fleet's tie-break.</summary>
internal sealed class MachineOrder : IComparer<MachineNode>
{
    public static readonly MachineOrder Instance = new();

    public int Compare(MachineNode? x, MachineNode? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        var byLoad = x!.Load.CompareTo(y!.Load);
        return byLoad != 0 ? byLoad : string.CompareOrdinal(x.Key, y.Key);
    }
}
