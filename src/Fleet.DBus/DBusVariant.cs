namespace Fleet.DBus;

/// <summary>A D-Bus variant: a value together with its single complete type signature.</summary>
/// <param name="Signature">The signature of <paramref name="Value"/>, for example <c>s</c> or <c>a(sasb)</c>.</param>
/// <param name="Value">The value in the shape <see cref="DBusWriter"/> accepts and <see cref="DBusReader"/> returns.</param>
public sealed record DBusVariant(string Signature, object Value);
