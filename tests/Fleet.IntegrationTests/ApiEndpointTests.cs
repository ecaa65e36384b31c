using System.IO.Compression;

namespace Fleet.IntegrationTests;

/// <summary>Every endpoint of API v1 and its error paths against a real fleetd on the embedded store: status
/// codes, exact messages, headers and JSON shapes as an unmodified fleet client sees them.</summary>
[Trait("Category", "Integration")]
public sealed class ApiEndpointTests(EmbeddedFleetd fleetd) : IClassFixture<EmbeddedFleetd>
{
    [Fact]
    public async Task Discovery_GetAndPost_DocumentOr400()
    {
        using var api = new ApiHttp(fleetd.Endpoint);

        var discovery = await api.GetAsync("/fleet/v1/discovery?alt=json");

        Assert.Equal(200, discovery.Status);
        Assert.Equal("fleet:v1", discovery.Json.GetProperty("id").GetString());
        Assert.Equal("discovery#restDescription", discovery.Json.GetProperty("kind").GetString());
        Assert.StartsWith("fleetd/", discovery.Headers.Server.ToString(), StringComparison.Ordinal);
        (await api.SendAsync("POST", "/fleet/v1/discovery", "{}")).ShouldBeError(400, "only HTTP GET supported against this resource");
    }

    [Fact]
    public async Task Unit_CreateGetUpdateDelete_FleetsStatusCodesAndShapes()
    {
        using var api = new ApiHttp(fleetd.Endpoint);

        var created = await api.PutUnitAsync("crud.service", ApiHttp.UnitJson());
        Assert.Equal((201, string.Empty), (created.Status, created.Body));
        var unit = await api.GetAsync("/fleet/v1/units/crud.service");
        Assert.Equal(200, unit.Status);
        Assert.Equal(["currentState", "desiredState", "name", "options"], unit.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("inactive", "inactive"), (unit.Json.GetProperty("currentState").GetString(), unit.Json.GetProperty("desiredState").GetString()));
        Assert.Equal(["name", "section", "value"], unit.Json.GetProperty("options")[0].EnumerateObject().Select(p => p.Name));

        (await api.PutUnitAsync("crud.service", "{}")).ShouldBeError(409, "must provide DesiredState to update existing unit");
        (await api.PutUnitAsync("crud.service", "{\"desiredState\":\"bogus\"}"))
            .ShouldBeError(400, "invalid desiredState \"bogus\": must be inactive, loaded or launched");
        Assert.Equal("inactive", (await api.GetAsync("/fleet/v1/units/crud.service")).Json.GetProperty("desiredState").GetString());

        var loaded = await api.PutUnitAsync("crud.service", "{\"desiredState\":\"loaded\"}");
        Assert.Equal((204, string.Empty), (loaded.Status, loaded.Body));
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-unit-files", "--no-legend", "--fields", "unit,state"],
            r => r.Stdout.Split('\n').Any(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries) is ["crud.service", "loaded"]), TimeSpan.FromSeconds(30), "crud.service loaded", TestContext.Current.CancellationToken);
        var scheduled = (await api.GetAsync("/fleet/v1/units/crud.service")).Json;
        Assert.Equal(["currentState", "desiredState", "machineID", "name", "options"], scheduled.EnumerateObject().Select(p => p.Name));
        Assert.Equal(EmbeddedFleetd.MachineId, scheduled.GetProperty("machineID").GetString());

        var deleted = await api.SendAsync("DELETE", "/fleet/v1/units/crud.service");
        Assert.Equal((204, string.Empty), (deleted.Status, deleted.Body));
        (await api.SendAsync("DELETE", "/fleet/v1/units/crud.service")).ShouldBeError(404, "unit does not exist");
        (await api.GetAsync("/fleet/v1/units/crud.service")).ShouldBeError(404, "unit does not exist");
    }

    [Fact]
    public async Task Unit_NewOptionsForExistingName_ReplacedAs201()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        Assert.Equal(201, (await api.PutUnitAsync("replace.service", ApiHttp.UnitJson())).Status);
        var hashBefore = await HashAsync(api, "replace.service");

        var replaced = await api.PutUnitAsync("replace.service",
            "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 2000\"}]}");

        Assert.Equal(201, replaced.Status);
        Assert.NotEqual(hashBefore, await HashAsync(api, "replace.service"));
        var same = await api.PutUnitAsync("replace.service", "{\"desiredState\":\"inactive\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 2000\"}]}");
        Assert.Equal(204, same.Status);
    }

    [Fact]
    public async Task State_ItemWithoutState_404AndWithState_200()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        Assert.Equal(201, (await api.PutUnitAsync("stateless.service", ApiHttp.UnitJson())).Status);
        (await api.GetAsync("/fleet/v1/state/stateless.service")).ShouldBeError(404, "unit state does not exist");

        Assert.Equal(201, (await api.PutUnitAsync("stateful.service", ApiHttp.UnitJson("launched"))).Status);
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active"],
            r => r.Stdout.Contains("stateful.service\tactive", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "stateful.service active", TestContext.Current.CancellationToken);

        var state = await api.GetAsync("/fleet/v1/state/stateful.service");
        Assert.Equal(200, state.Status);
        Assert.Equal(("stateful.service", EmbeddedFleetd.MachineId, "active"),
            (state.Json.GetProperty("name").GetString(), state.Json.GetProperty("machineID").GetString(), state.Json.GetProperty("systemdActiveState").GetString()));
    }

    [Fact]
    public async Task Machines_PatchWrappedAndPlainValues_MetadataChangesThenRemoved()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        var path = $"/{EmbeddedFleetd.MachineId}/metadata";

        var patched = await api.SendAsync("PATCH", "/fleet/v1/machines",
            $"[{{\"op\":\"add\",\"path\":\"{path}/wrapped\",\"value\":{{\"value\":\"w\"}}}},{{\"op\":\"replace\",\"path\":\"{path}/plain\",\"value\":\"p\"}}]");

        Assert.Equal((204, "application/json"), (patched.Status, patched.MediaType));
        var metadata = (await api.GetAsync("/fleet/v1/machines")).Json.GetProperty("machines")[0].GetProperty("metadata");
        Assert.Equal(("w", "p", "api"), (metadata.GetProperty("wrapped").GetString(), metadata.GetProperty("plain").GetString(), metadata.GetProperty("role").GetString()));

        Assert.Equal(204, (await api.SendAsync("PATCH", "/fleet/v1/machines", $"[{{\"op\":\"remove\",\"path\":\"{path}/wrapped\"}},{{\"op\":\"remove\",\"path\":\"{path}/plain\"}}]")).Status);
        metadata = (await api.GetAsync("/fleet/v1/machines")).Json.GetProperty("machines")[0].GetProperty("metadata");
        Assert.False(metadata.TryGetProperty("wrapped", out _), metadata.ToString());
    }

    [Fact]
    public async Task Collection_LargeAnswerWithAcceptEncodingGzip_Compressed()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        var environment = string.Concat(Enumerable.Range(0, 40).Select(i => $"{{\"section\":\"Service\",\"name\":\"Environment\",\"value\":\"V{i}={new string('d', 100)}\"}},"));
        var created = await api.PutUnitAsync("big.service", "{\"options\":[" + environment + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/true\"}]}");
        Assert.True(created.Status == 201, created.ToString());

        var answer = await api.SendAsync("GET", "/fleet/v1/units/big.service?alt=json", headers: new Dictionary<string, string> { ["Accept-Encoding"] = "gzip" });

        Assert.Equal((200, "gzip"), (answer.Status, answer.ContentHeaders.ContentEncoding.Single()));
        using var gzip = new GZipStream(new MemoryStream(answer.Bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.Contains("V39=" + new string('d', 100), await reader.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalAndStatus_LocalUnit_PlainTextAndErrors()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        Assert.Equal(201, (await api.PutUnitAsync("chatty.service",
            "{\"desiredState\":\"launched\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sh -c 'echo one; echo two; echo three; sleep 1000'\"}]}")).Status);
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["journal", "--lines", "5", "chatty.service"], r => r.Stdout == "one\ntwo\nthree\n",
            TimeSpan.FromSeconds(30), "chatty's three lines", TestContext.Current.CancellationToken);

        var journal = await api.GetAsync("/v1-alpha/units/chatty.service/journal?lines=2&alt=json");
        Assert.Equal((200, "text/plain", "two\nthree\n"), (journal.Status, journal.MediaType, journal.Body));
        Assert.StartsWith("fleetd/", journal.Headers.Server.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await api.GetAsync("/fleet/v1/units/chatty.service/journal?lines=0")).Body);
        Assert.Equal("three\n", (await api.GetAsync("/fleet/v1/units/chatty.service/journal?lines=1&output=cat")).Body);
        var json = await api.GetAsync("/fleet/v1/units/chatty.service/journal?lines=2&output=json");
        Assert.Equal(
            ["{\"MESSAGE\":\"two\",\"_SYSTEMD_UNIT\":\"chatty.service\",\"_HOSTNAME\":\"" + Environment.MachineName + "\"}",
             "{\"MESSAGE\":\"three\",\"_SYSTEMD_UNIT\":\"chatty.service\",\"_HOSTNAME\":\"" + Environment.MachineName + "\"}"],
            json.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var status = await api.GetAsync("/fleet/v1/units/chatty.service/status");
        Assert.Equal((200, "text/plain"), (status.Status, status.MediaType));
        Assert.Contains("chatty.service", status.Body, StringComparison.Ordinal);
        Assert.Contains("Active: active (running)", status.Body, StringComparison.Ordinal);

        (await api.SendAsync("POST", "/fleet/v1/units/chatty.service/journal", "{}")).ShouldBeError(405, "only GET supported against this resource");
        (await api.GetAsync("/fleet/v1/units/chatty.service/journal?lines=-1")).ShouldBeError(400, "invalid lines value \"-1\": expected an integer from 0 to 100000");
        (await api.GetAsync("/fleet/v1/units/chatty.service/journal?output=jsonish")).ShouldBeError(400,
            "invalid output mode \"jsonish\": expected one of " + string.Join(", ", Fleet.Agent.UnitManagement.JournalOutput.Modes));
        (await api.GetAsync("/fleet/v1/units/chatty.service/journal?output=json-pretty")).ShouldBeError(400,
            $"output mode json-pretty is not supported by the unit manager of machine {EmbeddedFleetd.MachineId}; machines that run units under systemd support every journalctl mode");
        (await api.GetAsync("/fleet/v1/units/nothere.service/status")).ShouldBeError(404, "unit does not exist");
        Assert.Equal(201, (await api.PutUnitAsync("unscheduled.service", ApiHttp.UnitJson())).Status);
        (await api.GetAsync("/fleet/v1/units/unscheduled.service/journal")).ShouldBeError(404, "unit unscheduled.service is not scheduled to any machine");
        (await api.SendAsync("GET", "/fleet/v1/units/unscheduled.service/journal", headers: new Dictionary<string, string> { ["X-Fleet-Forwarded-By"] = "other" }))
            .ShouldBeError(404, $"unit unscheduled.service has no journal on machine {EmbeddedFleetd.MachineId}: Unit unscheduled.service not loaded: no journal.");
    }

    /// <summary>Malformed requests: method, path, content type, body and name errors, each with fleet's status
    /// and exact message (an empty message where fleet sends none).</summary>
    [Theory]
    [InlineData("bad JSON", "PUT", "/fleet/v1/units/m1.service", "{", "application/json", 400, "unable to decode body: ")]
    [InlineData("JSON of the wrong shape", "PUT", "/fleet/v1/units/m1.service", "[1,2]", "application/json", 400, "unable to decode body: ")]
    [InlineData("trailing garbage", "PUT", "/fleet/v1/units/m1.service", "{} x", "application/json", 400, "unable to decode body: ")]
    [InlineData("text/plain", "PUT", "/fleet/v1/units/m1.service", "{}", "text/plain", 415, "only acceptable Content-Type is application/json")]
    [InlineData("no Content-Type", "PUT", "/fleet/v1/units/m1.service", "{}", null, 415, "expected 1 Content-Type, got 0")]
    [InlineData("JSON with charset", "PUT", "/fleet/v1/units/m1.service", "{}", "application/json; charset=utf-8", 409, "unit does not exist and options field empty")]
    [InlineData("name mismatch", "PUT", "/fleet/v1/units/m1.service", "{\"name\":\"m2.service\"}", "application/json", 400, "name in URL \"m1.service\" differs from unit name in request body \"m2.service\"")]
    [InlineData("template launched", "PUT", "/fleet/v1/units/tmpl@.service", "{\"desiredState\":\"launched\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/true\"}]}", "application/json", 400, "cannot activate template \"tmpl@.service\"")]
    [InlineData("invalid unit type", "PUT", "/fleet/v1/units/m1.exe", "{}", "application/json", 400, "invalid unit type: \"exe\"")]
    [InlineData("name without dot", "PUT", "/fleet/v1/units/nodot", "{}", "application/json", 400, "unit name must contain \".\"")]
    [InlineData("bad character", "PUT", "/fleet/v1/units/a!b.service", "{}", "application/json", 400, "invalid character '!' in unit name")]
    [InlineData("name starting with @", "PUT", "/fleet/v1/units/@x.service", "{}", "application/json", 400, "unit name cannot start in \"@\"")]
    [InlineData("POST on units", "POST", "/fleet/v1/units", "{}", "application/json", 405, "only GET supported against this resource")]
    [InlineData("POST on a unit", "POST", "/fleet/v1/units/m1.service", "{}", "application/json", 405, "only GET, PUT and DELETE supported against this resource")]
    [InlineData("PUT on state", "PUT", "/fleet/v1/state", "{}", "application/json", 405, "only GET supported against this resource")]
    [InlineData("PUT on machines", "PUT", "/fleet/v1/machines", "{}", "application/json", 405, "only GET and PATCH supported against this resource")]
    [InlineData("bad op", "PATCH", "/fleet/v1/machines", "[{\"op\":\"move\",\"path\":\"/m/metadata/a\"}]", "application/json", 400, "invalid op: expect add, remove, or replace")]
    [InlineData("bad metadata path", "PATCH", "/fleet/v1/machines", "[{\"op\":\"add\",\"path\":\"/m/other/a\",\"value\":\"x\"}]", "application/json", 400, "machine metadata path invalid")]
    [InlineData("add without value", "PATCH", "/fleet/v1/machines", "[{\"op\":\"add\",\"path\":\"/m/metadata/a\"}]", "application/json", 400, "invalid value: add and replace require a value")]
    [InlineData("root", "GET", "/", null, null, 405, "")]
    [InlineData("bare prefix", "GET", "/fleet/v1", null, null, 405, "")]
    [InlineData("bare legacy prefix", "GET", "/v1-alpha", null, null, 405, "")]
    [InlineData("trailing slash", "GET", "/fleet/v1/units/", null, null, 404, "")]
    [InlineData("unknown resource", "GET", "/fleet/v1/jobs", null, null, 404, "")]
    [InlineData("escaped slash in a name", "GET", "/fleet/v1/units/a%2Fb.service", null, null, 404, "")]
    [InlineData("dot segments out of the API", "GET", "/fleet/v1/units/../../etc/passwd", null, null, 404, "")]
    [InlineData("escaped dot segments", "GET", "/fleet/v1/units/..%2F..%2Fetc%2Fpasswd", null, null, 404, "")]
    [InlineData("sub-resource of a unit", "GET", "/fleet/v1/units/m1.service/extra", null, null, 404, "")]
    [InlineData("unit state missing", "GET", "/fleet/v1/state/m1.service", null, null, 404, "unit state does not exist")]
    public async Task Request_Malformed_ExactStatusAndMessage(string what, string method, string path, string? body, string? contentType, int status, string message)
    {
        using var api = new ApiHttp(fleetd.Endpoint);

        var answer = await api.SendAsync(method, path, body, contentType);

        Assert.True(answer.Status == status, $"{what}: expected {status}, got {answer}");
        if (message.EndsWith(": ", StringComparison.Ordinal))
        {
            Assert.Equal(status, answer.Json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.StartsWith(message, answer.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        else
        {
            answer.ShouldBeError(status, message);
        }

        Assert.StartsWith("fleetd/", answer.Headers.Server.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1024 * 1024 + 1, true)]
    [InlineData(1024 * 1024 + 1, false)]
    public async Task Put_BodyOverOneMebibyte_413(int size, bool withContentLength)
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        var body = "{\"options\":[{\"section\":\"Unit\",\"name\":\"Description\",\"value\":\"" + new string('x', size) + "\"}]}";
        using var http = new HttpClient { BaseAddress = new Uri(fleetd.Endpoint) };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/fleet/v1/units/huge.service")
        {
            Content = withContentLength
                ? new StringContent(body, System.Text.Encoding.UTF8, "application/json")
                : new StreamContent(new UnknownLengthStream(System.Text.Encoding.UTF8.GetBytes(body))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var answer = new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), response.Headers, response.Content.Headers);
        answer.ShouldBeError(413, "request body too large: limit is 1048576 bytes");
        (await api.GetAsync("/fleet/v1/units/huge.service")).ShouldBeError(404, "unit does not exist");
    }

    private static async Task<string> HashAsync(ApiHttp api, string name)
    {
        var units = await Fleetctl.RunAsync(api.Endpoint, ["list-unit-files", "--no-legend", "--full", "--fields", "unit,hash"], TestContext.Current.CancellationToken);
        return units.Stdout.Split('\n').Single(l => l.StartsWith(name + "\t", StringComparison.Ordinal));
    }

    /// <summary>A stream that does not tell its length, so the body goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
