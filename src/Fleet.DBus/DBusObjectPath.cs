namespace Fleet.DBus;

/// <summary>A D-Bus object path (type <c>o</c>), kept apart from strings so that writing picks the right type.</summary>
/// <param name="Value">The path, for example <c>/org/freedesktop/systemd1</c>.</param>
public readonly record struct DBusObjectPath(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}
