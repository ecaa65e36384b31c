using System.Text.Json;
using Fleet.Api.Contracts;

namespace Fleet.Api.Tests.Contracts;

[Trait("Category", "Unit")]
public sealed class FleetJsonContextTests
{
    [Fact]
    public void Serialize_Unit_FleetFieldNamesInGoOrder()
    {
        var unit = new UnitDto
        {
            Name = "hello.service",
            Options = [new UnitOptionDto { Section = "Service", Name = "ExecStart", Value = "/bin/true" }],
            DesiredState = "launched",
            CurrentState = "loaded",
            MachineId = "m1",
        };

        var json = JsonSerializer.Serialize(unit, FleetJsonContext.Default.UnitDto);

        Assert.Equal(
            """{"currentState":"loaded","desiredState":"launched","machineID":"m1","name":"hello.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/true"}]}""",
            json);
    }

    [Fact]
    public void Serialize_EmptyPages_AreEmptyObjects()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(new UnitPageDto(), FleetJsonContext.Default.UnitPageDto));
        Assert.Equal("{}", JsonSerializer.Serialize(new UnitStatePageDto(), FleetJsonContext.Default.UnitStatePageDto));
        Assert.Equal("{}", JsonSerializer.Serialize(new MachinePageDto(), FleetJsonContext.Default.MachinePageDto));
    }

    [Fact]
    public void Serialize_UnitPage_TokenBeforeUnits()
    {
        var page = new UnitPageDto { Units = [new UnitDto { Name = "a.service" }], NextPageToken = "ZAACAA==" };

        Assert.Equal("""{"nextPageToken":"ZAACAA==","units":[{"name":"a.service"}]}""",
            JsonSerializer.Serialize(page, FleetJsonContext.Default.UnitPageDto));
    }

    [Fact]
    public void Serialize_MachineAndState_GoOrder()
    {
        var machine = new MachineDto { Id = "m1", PrimaryIp = "10.0.0.1", Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a"] = "2" } };
        var state = new UnitStateDto { Name = "a.service", Hash = new string('a', 40), MachineId = "m1", SystemdLoadState = "loaded", SystemdActiveState = "active", SystemdSubState = "running" };

        Assert.Equal("""{"id":"m1","metadata":{"a":"2","z":"1"},"primaryIP":"10.0.0.1"}""", JsonSerializer.Serialize(machine, FleetJsonContext.Default.MachineDto));
        Assert.Equal(
            $$"""{"hash":"{{new string('a', 40)}}","machineID":"m1","name":"a.service","systemdActiveState":"active","systemdLoadState":"loaded","systemdSubState":"running"}""",
            JsonSerializer.Serialize(state, FleetJsonContext.Default.UnitStateDto));
    }

    [Fact]
    public void Serialize_ErrorWithEmptyMessage_KeepsMessage()
    {
        var error = new ErrorResponseDto { Error = new ErrorDto { Code = 500, Message = string.Empty } };

        Assert.Equal("""{"error":{"code":500,"message":""}}""", JsonSerializer.Serialize(error, FleetJsonContext.Default.ErrorResponseDto));
    }

    [Fact]
    public void Deserialize_Unit_KeysCaseInsensitiveLikeGo()
    {
        var unit = JsonSerializer.Deserialize("""{"Name":"x.service","DESIREDSTATE":"loaded","Options":[{"Section":"S","NAME":"N","value":"V"}]}""", FleetJsonContext.Default.UnitDto);

        Assert.NotNull(unit);
        Assert.Equal("x.service", unit.Name);
        Assert.Equal("loaded", unit.DesiredState);
        var option = Assert.Single(unit.Options!);
        Assert.Equal(("S", "N", "V"), (option.Section, option.Name, option.Value));
    }
}
