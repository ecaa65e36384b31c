using System.Diagnostics.CodeAnalysis;

namespace Fleet.Core.Units;

/// <summary>Conversions between <see cref="TargetState"/> and fleet's wire words.</summary>
public static class TargetStates
{
    /// <summary>Returns fleet's word for the state: <c>inactive</c>, <c>loaded</c> or <c>launched</c>.</summary>
    public static string ToWire(this TargetState state) => state switch
    {
        TargetState.Inactive => "inactive",
        TargetState.Loaded => "loaded",
        TargetState.Launched => "launched",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a target state"),
    };

    /// <summary>Parses fleet's word (exact, lower case).</summary>
    /// <returns><see langword="false"/> for anything but <c>inactive</c>, <c>loaded</c> or <c>launched</c>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TargetState state)
    {
        switch (text)
        {
            case "inactive": state = TargetState.Inactive; return true;
            case "loaded": state = TargetState.Loaded; return true;
            case "launched": state = TargetState.Launched; return true;
            default: state = default; return false;
        }
    }
}
