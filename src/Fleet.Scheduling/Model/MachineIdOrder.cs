namespace Fleet.Scheduling.Model;

/// <summary>Machines by ID (ordinal).</summary>
internal sealed class MachineIdOrder : IComparer<MachineNode>
{
    public static readonly MachineIdOrder Instance = new();

    public int Compare(MachineNode? x, MachineNode? y) => string.CompareOrdinal(x?.Key, y?.Key);
}
