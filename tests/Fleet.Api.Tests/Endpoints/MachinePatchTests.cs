using System.Text;
using Fleet.Api.Endpoints;
using Fleet.Core.Machines;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Unit")]
public sealed class MachinePatchTests
{
    private static (List<MachineMetadataEdit>? Edits, string? Error) Parse(string json)
    {
        var ok = MachinePatch.TryParse(Encoding.UTF8.GetBytes(json), out var edits, out var error);
        Assert.Equal(ok, error is null);
        return (edits, error);
    }

    [Theory]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","value":{"value":"bar"}}]""")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","Value":{"value":"bar"}}]""")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","value":{"VALUE":"bar"}}]""")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","value":"bar"}]""")]
    public void TryParse_WrappedOrPlainValue_Accepted(string json)
    {
        var (edits, error) = Parse(json);

        Assert.Null(error);
        Assert.Equal([new MachineMetadataEdit(MachineId.Parse("m1"), "foo", "bar")], edits!);
    }

    [Fact]
    public void TryParse_Remove_ValueIgnoredAndNull()
    {
        var (edits, _) = Parse("""[{"op":"remove","path":"/m1/metadata/foo"}]""");

        Assert.Equal([new MachineMetadataEdit(MachineId.Parse("m1"), "foo", null)], edits!);
    }

    [Theory]
    [InlineData("""[{"op":"move","path":"/m1/metadata/foo","value":"x"}]""", "invalid op: expect add, remove, or replace")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/fo o","value":"x"}]""", "machine metadata path invalid")]
    [InlineData("""[{"op":"add","path":"m1/metadata/foo","value":"x"}]""", "machine metadata path invalid")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo"}]""", "invalid value: add and replace require a value")]
    [InlineData("""[{"op":"replace","path":"/m1/metadata/foo","value":{"value":""}}]""", "invalid value: add and replace require a value")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","value":"x"},{"op":"bad"}]""", "invalid op: expect add, remove, or replace")]
    public void TryParse_Invalid_FleetMessage(string json, string expected) =>
        Assert.Equal(expected, Parse(json).Error);

    [Fact]
    public void TryParse_NotJson_DecoderMessage()
    {
        var (edits, error) = Parse("{not json");

        Assert.Null(edits);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_NumberValue_Refused() =>
        Assert.Equal("invalid value: expected a string or {\"value\": <string>}, got number",
            Parse("""[{"op":"add","path":"/m1/metadata/foo","value":5}]""").Error);
}
