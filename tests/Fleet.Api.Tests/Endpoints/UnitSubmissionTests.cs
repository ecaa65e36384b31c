using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fleet.Api.Tests.Support;
using Fleet.Core.Units;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Integration")]
public sealed class UnitSubmissionTests
{
    private const string Options = """[{"section":"Service","name":"ExecStart","value":"/bin/sleep 100"}]""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UnitName Name(string name) => UnitName.Parse(name);

    [Fact]
    public async Task Put_NewUnit_201AndStoredInactive()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.PutAsync("fleet/v1/units/hello.service?alt=json", ApiServer.Json($$"""{"options":{{Options}}}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        var record = await server.Registry.Units.GetAsync(Name("hello.service"), Ct);
        Assert.NotNull(record);
        Assert.Equal(TargetState.Inactive, record.TargetState);
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", record.Hash.Hex);
        var file = await server.Registry.Units.GetFileAsync(record.Hash, Ct);
        Assert.Equal("[Service]\nExecStart=/bin/sleep 100\n", file!.Serialize());
    }

    [Fact]
    public async Task Put_NewUnitWithRequirements_StoresParsedRequirements()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();
        var body = """{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/true"},{"section":"X-Fleet","name":"Global","value":"true"},{"section":"X-Fleet","name":"MachineMetadata","value":"role=web"}]}""";

        var response = await client.PutAsync("fleet/v1/units/g.service", ApiServer.Json(body), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = await server.Registry.Units.GetAsync(Name("g.service"), Ct);
        Assert.Equal(TargetState.Launched, record!.TargetState);
        Assert.True(record.Requirements.Global);
        Assert.Equal(["web"], record.Requirements.MachineMetadata["role"]);
    }

    [Fact]
    public async Task Put_ExistingSameOptionsWithDesiredState_204AndTargetSet()
    {
        await using var server = await ApiServer.StartAsync();
        var unit = await server.PutUnitAsync("hello.service");
        using var client = server.CreateClient();

        var response = await client.PutAsync("fleet/v1/units/hello.service", ApiServer.Json($$"""{"desiredState":"launched","options":{{Options}}}"""), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var record = await server.Registry.Units.GetAsync(unit.Name, Ct);
        Assert.Equal(TargetState.Launched, record!.TargetState);
        Assert.Equal(unit.Hash, record.Hash);
    }

    [Fact]
    public async Task Put_ExistingDesiredStateOnly_204()
    {
        await using var server = await ApiServer.StartAsync();
        await server.PutUnitAsync("hello.service", TargetState.Launched);
        using var client = server.CreateClient();

        var response = await client.PutAsync("fleet/v1/units/hello.service", ApiServer.Json("""{"name":"hello.service","desiredState":"loaded"}"""), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(TargetState.Loaded, (await server.Registry.Units.GetAsync(Name("hello.service"), Ct))!.TargetState);
    }

    [Fact]
    public async Task Put_ExistingDifferentOptions_201ReplacedWithRequestState()
    {
        await using var server = await ApiServer.StartAsync();
        var old = await server.PutUnitAsync("hello.service", TargetState.Launched);
        using var client = server.CreateClient();

        var response = await client.PutAsync("fleet/v1/units/hello.service", ApiServer.Json("""{"options":[{"section":"Service","name":"ExecStart","value":"/bin/other"}]}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = await server.Registry.Units.GetAsync(old.Name, Ct);
        Assert.NotEqual(old.Hash, record!.Hash);
        Assert.Equal(TargetState.Inactive, record.TargetState);
    }

    [Fact]
    public async Task Put_TemplateInactive_Created()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.PutAsync("fleet/v1/units/web@.service", ApiServer.Json($$"""{"desiredState":"inactive","options":{{Options}}}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Put_InvalidDesiredStateOnExisting_400AndNotStored()
    {
        await using var server = await ApiServer.StartAsync();
        await server.PutUnitAsync("hello.service", TargetState.Loaded);
        using var client = server.CreateClient();

        var response = await client.PutAsync("fleet/v1/units/hello.service", ApiServer.Json("""{"desiredState":"running"}"""), Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid desiredState \"running\": must be inactive, loaded or launched");
        Assert.Equal(TargetState.Loaded, (await server.Registry.Units.GetAsync(Name("hello.service"), Ct))!.TargetState);
    }

    public static TheoryData<string, string, string?, string, HttpStatusCode, string> MalformedRequests() => new()
    {
        // url item, body, content type, existing unit, status, message
        { "a.service", "{", "application/json", "", HttpStatusCode.BadRequest, "unable to decode body: " },
        { "a.service", "", "application/json", "", HttpStatusCode.BadRequest, "unable to decode body: EOF" },
        { "a.service", """{"options":"x"}""", "application/json", "", HttpStatusCode.BadRequest, "unable to decode body: " },
        { "a.service", "{}", "text/plain", "", HttpStatusCode.UnsupportedMediaType, "only acceptable Content-Type is application/json" },
        { "a.service", "{}", "application/json; charset=utf-8", "", HttpStatusCode.Conflict, "unit does not exist and options field empty" },
        { "a.service", "{}", null, "", HttpStatusCode.UnsupportedMediaType, "expected 1 Content-Type, got 0" },
        { "a.service", """{"name":"b.service"}""", "application/json", "", HttpStatusCode.BadRequest, "name in URL \"a.service\" differs from unit name in request body \"b.service\"" },
        { "no-dot", "{}", "application/json", "", HttpStatusCode.BadRequest, "unit name must contain \".\"" },
        { "a.service", "{}", "application/json", "a.service", HttpStatusCode.Conflict, "must provide DesiredState to update existing unit" },
        { "t@.service", """{"desiredState":"launched"}""", "application/json", "t@.service", HttpStatusCode.BadRequest, "cannot activate template \"t@.service\"" },
        { "t@.service", $$"""{"desiredState":"loaded","options":{{Options}}}""", "application/json", "", HttpStatusCode.BadRequest, "cannot activate template \"t@.service\"" },
        { "a.service", """{"desiredState":"started","options":[{"section":"Service","name":"ExecStart","value":"x"}]}""", "application/json", "", HttpStatusCode.BadRequest, "invalid desiredState \"started\": must be inactive, loaded or launched" },
        {
            "a.service",
            """{"options":[{"section":"X-Fleet","name":"MachineID","value":"m1"},{"section":"X-Fleet","name":"Global","value":"true"},{"section":"X-Fleet","name":"Conflicts","value":"b.service"}]}""",
            "application/json", "", HttpStatusCode.BadRequest,
            "MachineID cannot be used with Conflicts; MachineID cannot be used with Global"
        },
        { "a%2Fb.service", "{}", "application/json", "", HttpStatusCode.NotFound, "" },
        { "..%2F..%2Fetc%2Fpasswd.service", "{}", "application/json", "", HttpStatusCode.NotFound, "" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Put_Malformed_ExactStatusAndMessage(string item, string body, string? contentType, string existing, HttpStatusCode status, string message)
    {
        await using var server = await ApiServer.StartAsync();
        if (existing.Length > 0)
        {
            await server.PutUnitAsync(existing);
        }

        var headers = contentType is null ? [] : new[] { ("Content-Type", contentType) };

        var response = await RawHttp.SendAsync(server.BaseAddress, "PUT", "/fleet/v1/units/" + item + "?alt=json", headers, body);

        Assert.Equal((int)status, response.Status);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal("fleetd/9.9.9-test", response.Header("Server"));
        var error = System.Text.Json.JsonDocument.Parse(response.Body).RootElement.GetProperty("error");
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        var actual = error.GetProperty("message").GetString()!;
        if (message.EndsWith(": ", StringComparison.Ordinal))
        {
            Assert.StartsWith(message, actual, StringComparison.Ordinal); // the decoder's own words follow
            Assert.True(actual.Length > message.Length, actual);
        }
        else
        {
            Assert.Equal(message, actual);
        }

        Assert.DoesNotContain((await server.Registry.Units.ListAsync(Ct)).Items, u => u.Name.Value != existing);
    }

    [Theory]
    [InlineData("a%00.service")]
    [InlineData("%00")]
    public async Task Put_NulInPath_RefusedBeforeRouting(string item)
    {
        await using var server = await ApiServer.StartAsync();

        var response = await RawHttp.SendAsync(server.BaseAddress, "PUT", "/fleet/v1/units/" + item, [("Content-Type", "application/json")], $$"""{"options":{{Options}}}""");

        Assert.Equal(400, response.Status); // Kestrel refuses a NUL in the path itself, with an empty body
        Assert.Empty((await server.Registry.Units.ListAsync(Ct)).Items);
    }

    [Fact]
    public async Task Put_TwoContentTypes_415()
    {
        await using var server = await ApiServer.StartAsync();

        var response = await RawHttp.SendAsync(server.BaseAddress, "PUT", "/fleet/v1/units/a.service",
            [("Content-Type", "application/json"), ("Content-Type", "application/json")], $$"""{"options":{{Options}}}""");

        Assert.Equal(415, response.Status);
        Assert.Equal("""{"error":{"code":415,"message":"expected 1 Content-Type, got 2"}}""", response.Body);
    }

    [Fact]
    public async Task Put_BodyOverOneMebibyte_413()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();
        var huge = $$"""{"options":[{"section":"Service","name":"ExecStart","value":"{{new string('x', 1024 * 1024)}}"}]}""";

        var response = await client.PutAsync("fleet/v1/units/a.service", ApiServer.Json(huge), Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request body too large: limit is 1048576 bytes");
        Assert.Empty((await server.Registry.Units.ListAsync(Ct)).Items);
    }

    [Fact]
    public async Task Put_ChunkedBodyOverLimit_413()
    {
        await using var server = await ApiServer.StartAsync(o => o.MaxRequestBodyBytes = 100);
        using var client = server.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 200) + "{}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, "fleet/v1/units/a.service") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request, Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request body too large: limit is 100 bytes");
    }

    [Fact]
    public async Task Put_LegacyPrefix_SameBehaviour()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.PutAsync("v1-alpha/units/hello.service", ApiServer.Json($$"""{"desiredState":"loaded","options":{{Options}}}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(TargetState.Loaded, (await server.Registry.Units.GetAsync(Name("hello.service"), Ct))!.TargetState);
    }
}
