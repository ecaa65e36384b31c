using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Fleet.Client.Tests;

/// <summary><c>https://</c> endpoints against a real Kestrel TLS server with certificates made for the test:
/// <c>--ca-file</c> decides which server is trusted, <c>--cert-file</c>/<c>--key-file</c> authenticate the client.</summary>
[Trait("Category", "Integration")]
public sealed class FleetClientTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-tls-").FullName;
    private readonly X509Certificate2 _ca = CreateCa("fleet test CA");
    private readonly X509Certificate2 _otherCa = CreateCa("some other CA");

    [Fact]
    public async Task ListMachinesAsync_CaFileOfTheServersIssuer_Trusted()
    {
        using var server = CreateLeaf(_ca, "localhost", server: true);
        await using var app = await StartAsync(server, requireClientCertificate: false);
        using var client = new FleetClient(new FleetClientOptions { Endpoint = FleetEndpoint.Parse(app.Urls.Single()), CaFile = WritePem("ca.pem", _ca) });

        var machines = await client.ListMachinesAsync(TestContext.Current.CancellationToken);

        Assert.Equal("m1", Assert.Single(machines).Id);
    }

    [Fact]
    public async Task ListMachinesAsync_CaFileOfAnotherIssuer_RefusedNamingTheEndpoint()
    {
        using var server = CreateLeaf(_ca, "localhost", server: true);
        await using var app = await StartAsync(server, requireClientCertificate: false);
        var endpoint = app.Urls.Single();
        using var client = new FleetClient(new FleetClientOptions { Endpoint = FleetEndpoint.Parse(endpoint), CaFile = WritePem("other.pem", _otherCa) });

        var ex = await Assert.ThrowsAsync<FleetEndpointUnreachableException>(() => client.ListMachinesAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith($"cannot reach the fleet API at {endpoint}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListMachinesAsync_ServerRequiresClientCertificate_CertAndKeyFilesPresented()
    {
        using var server = CreateLeaf(_ca, "localhost", server: true);
        using var clientCertificate = CreateLeaf(_ca, "fleetctl", server: false);
        await using var app = await StartAsync(server, requireClientCertificate: true);
        var key = Path.Combine(_dir, "client.key");
        using (var rsa = clientCertificate.GetRSAPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
        }

        using var client = new FleetClient(new FleetClientOptions
        {
            Endpoint = FleetEndpoint.Parse(app.Urls.Single()),
            CaFile = WritePem("ca.pem", _ca),
            CertFile = WritePem("client.pem", clientCertificate),
            KeyFile = key,
        });

        var machines = await client.ListMachinesAsync(TestContext.Current.CancellationToken);

        Assert.Equal("CN=fleetctl", Assert.Single(machines).Metadata!["client"]);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<WebApplication> StartAsync(X509Certificate2 certificate, bool requireClientCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (requireClientCertificate)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.AllowAnyClientCertificate();
            }
        })));
        var app = builder.Build();
        app.MapGet("/fleet/v1/machines", (HttpContext http) =>
        {
            var subject = http.Connection.ClientCertificate?.Subject ?? string.Empty;
            return Results.Text($"{{\"machines\":[{{\"id\":\"m1\",\"metadata\":{{\"client\":\"{subject}\"}}}}]}}", "application/json");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private string WritePem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    private static X509Certificate2 CreateLeaf(X509Certificate2 issuer, string name, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = TimeProvider.System.GetUtcNow();
        using var signed = request.Create(issuer, now.AddHours(-1), now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);

        // Kestrel on Linux needs a key it can use after the ephemeral one is gone: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
