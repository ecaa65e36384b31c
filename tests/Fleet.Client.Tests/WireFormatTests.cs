using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Client.Contracts;
using Fleet.Client.Tests.TestServer;

namespace Fleet.Client.Tests;

/// <summary>Keeps the recorded fixtures and the client's DTOs on fleet's field names (reference §2.2).</summary>
[Trait("Category", "Unit")]
public sealed class WireFormatTests
{
    private static readonly string[] UnitFields = ["currentState", "desiredState", "machineID", "name", "options"];
    private static readonly string[] OptionFields = ["name", "section", "value"];
    private static readonly string[] StateFields = ["name", "hash", "machineID", "systemdLoadState", "systemdActiveState", "systemdSubState"];
    private static readonly string[] MachineFields = ["id", "primaryIP", "metadata"];

    [Fact]
    public void Fixtures_UseOnlyFleetFieldNames()
    {
        foreach (var unit in FakeFleetApi.Load("units.json", "units"))
        {
            Assert.All(unit.Select(p => p.Key), k => Assert.Contains(k, UnitFields));
            foreach (var option in unit["options"]!.AsArray())
            {
                Assert.Equal(OptionFields, option!.AsObject().Select(p => p.Key).Order());
            }
        }

        Assert.All(FakeFleetApi.Load("states.json", "states").SelectMany(s => s.Select(p => p.Key)), k => Assert.Contains(k, StateFields));
        Assert.All(FakeFleetApi.Load("machines.json", "machines").SelectMany(s => s.Select(p => p.Key)), k => Assert.Contains(k, MachineFields));
    }

    [Fact]
    public void Serialize_UnitForCreate_OmitsEmptyFieldsLikeGoOmitempty()
    {
        var json = JsonSerializer.Serialize(
            new Unit { Name = "a.service", Options = [new UnitOption { Section = "Service", Name = "ExecStart", Value = "/bin/true" }] },
            FleetJsonContext.Default.Unit);

        Assert.Equal("""{"name":"a.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/true"}]}""", json);
    }

    [Fact]
    public void Deserialize_EveryDtoField_UsesFleetNames()
    {
        var unit = JsonSerializer.Deserialize("""{"currentState":"loaded","desiredState":"launched","machineID":"m1","name":"a.service"}""", FleetJsonContext.Default.Unit)!;
        var state = JsonSerializer.Deserialize("""{"name":"a.service","hash":"h","machineID":"m1","systemdLoadState":"loaded","systemdActiveState":"active","systemdSubState":"running"}""", FleetJsonContext.Default.UnitState)!;
        var machine = JsonSerializer.Deserialize("""{"id":"m1","primaryIP":"10.0.0.1","metadata":{"a":"b"}}""", FleetJsonContext.Default.Machine)!;

        Assert.Equal(("loaded", "launched", "m1"), (unit.CurrentState, unit.DesiredState, unit.MachineId));
        Assert.Equal(("h", "m1", "loaded", "active", "running"), (state.Hash, state.MachineId, state.SystemdLoadState, state.SystemdActiveState, state.SystemdSubState));
        Assert.Equal(("m1", "10.0.0.1", "b"), (machine.Id, machine.PrimaryIp, machine.Metadata!["a"]));
    }

    [Fact]
    public void Deserialize_EmptyPage_HasNoItemsAndNoToken()
    {
        var page = JsonSerializer.Deserialize("{}", FleetJsonContext.Default.UnitPage)!;

        Assert.Null(page.Units);
        Assert.Null(page.NextPageToken);
        Assert.Equal("ZAACAA==", FakeFleetApi.Token(100, 2));
        _ = JsonNode.Parse("{}");
    }
}
