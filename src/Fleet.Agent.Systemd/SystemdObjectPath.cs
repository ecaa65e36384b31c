using System.Text;

namespace Fleet.Agent.Systemd;

/// <summary>systemd's object paths for units (<c>bus_label_escape</c>).</summary>
internal static class SystemdObjectPath
{
    private const string UnitPrefix = "/org/freedesktop/systemd1/unit/";

    /// <summary>Returns the object path of a unit, for example <c>/org/freedesktop/systemd1/unit/a_2eservice</c>.</summary>
    public static string ForUnit(string unitName)
    {
        if (unitName.Length == 0)
        {
            return UnitPrefix + "_";
        }

        var path = new StringBuilder(UnitPrefix, UnitPrefix.Length + (unitName.Length * 3));
        for (var i = 0; i < unitName.Length; i++)
        {
            var c = unitName[i];
            if (char.IsAsciiLetter(c) || (i > 0 && char.IsAsciiDigit(c)))
            {
                path.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    path.Append('_').Append(Convert.ToHexStringLower([b]));
                }
            }
        }

        return path.ToString();
    }
}
