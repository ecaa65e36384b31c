namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Unit")]
public sealed class EtcdRegistryOptionsValidatorTests
{
    private static readonly EtcdRegistryOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(Validator.Validate(null, new EtcdRegistryOptions()).Succeeded);

    [Fact]
    public void Validate_ManyProblems_ReportsEachNamingTheOption()
    {
        var options = new EtcdRegistryOptions
        {
            EtcdKeyPrefix = " ",
            EtcdPassword = "secret",
            EtcdCertFile = "/nonexistent/cert.pem",
            EtcdRequestTimeout = TimeSpan.FromHours(1),
        };
        options.EtcdServers.Clear();
        options.EtcdServers.Add("ftp://x");
        options.EtcdServers.Add("https://127.0.0.1:2379");

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("etcd_servers entry 'ftp://x'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("etcd_key_prefix", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("etcd_password is set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("etcd_certfile and etcd_keyfile", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("etcd_certfile '/nonexistent/cert.pem'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("etcd_request_timeout", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }

    [Fact]
    public void Validate_MixedSchemes_Fails()
    {
        var options = new EtcdRegistryOptions();
        options.EtcdServers.Clear();
        options.EtcdServers.Add("http://a:2379");
        options.EtcdServers.Add("https://b:2379");

        Assert.Contains("all http:// or all https://", Assert.Single(Validator.Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoServers_Fails()
    {
        var options = new EtcdRegistryOptions();
        options.EtcdServers.Clear();

        Assert.StartsWith("etcd_servers must name", Assert.Single(Validator.Validate(null, options).Failures!), StringComparison.Ordinal);
    }
}
