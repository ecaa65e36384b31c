namespace Fleet.Scheduling.Model;

/// <summary>Units by name (ordinal): the order in which the model examines work.</summary>
internal sealed class UnitOrder : IComparer<UnitNode>
{
    public static readonly UnitOrder Instance = new();

    public int Compare(UnitNode? x, UnitNode? y) => string.CompareOrdinal(x?.Key, y?.Key);
}
