namespace Fleet.Api.Errors;

/// <summary>fleet's error messages, word for word (reference §2.3), and ours for the cases fleet got wrong.</summary>
internal static class FleetMessages
{
    public const string UnitDoesNotExist = "unit does not exist";
    public const string UnitStateDoesNotExist = "unit state does not exist";
    public const string OnlyGet = "only GET supported against this resource";
    public const string OnlyGetPutDelete = "only GET, PUT and DELETE supported against this resource";
    public const string OnlyGetPatch = "only GET and PATCH supported against this resource";
    public const string OnlyHttpGet = "only HTTP GET supported against this resource";
    public const string OnlyJson = "only acceptable Content-Type is application/json";
    public const string CreateWithoutOptions = "unit does not exist and options field empty";
    public const string UpdateWithoutDesiredState = "must provide DesiredState to update existing unit";
    public const string InvalidOp = "invalid op: expect add, remove, or replace";
    public const string InvalidMetadataPath = "machine metadata path invalid";
    public const string ValueRequired = "invalid value: add and replace require a value";

    public static string ContentTypeCount(int count) => $"expected 1 Content-Type, got {count}";

    public static string DecodeBody(string detail) => $"unable to decode body: {detail}";

    public static string NameMismatch(string url, string body) =>
        $"name in URL {GoQuote(url)} differs from unit name in request body {GoQuote(body)}";

    public static string CannotActivateTemplate(string name) => $"cannot activate template {GoQuote(name)}";

    public static string InvalidDesiredState(string value) =>
        $"invalid desiredState {GoQuote(value)}: must be inactive, loaded or launched";

    public static string BodyTooLarge(long limit) => $"request body too large: limit is {limit} bytes";

    /// <summary>Go's <c>%q</c> for the characters unit names and paths can hold.</summary>
    public static string GoQuote(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                case < ' ' or '\x7f': builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }
}
