using Microsoft.Extensions.Options;

namespace Fleet.Registry.Etcd;

/// <summary>Checks <see cref="EtcdRegistryOptions"/> and reports every problem at once, each naming the option.</summary>
public sealed class EtcdRegistryOptionsValidator : IValidateOptions<EtcdRegistryOptions>
{
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EtcdRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateServers(options, failures);
        ValidatePrefix(options.EtcdKeyPrefix, failures);
        ValidateCredentials(options, failures);
        ValidateTls(options, failures);
        if (options.EtcdRequestTimeout < TimeSpan.FromMilliseconds(1) || options.EtcdRequestTimeout > MaxRequestTimeout)
        {
            failures.Add($"etcd_request_timeout must be between 1ms and {MaxRequestTimeout} (was {options.EtcdRequestTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateServers(EtcdRegistryOptions options, List<string> failures)
    {
        if (options.EtcdServers.Count == 0)
        {
            failures.Add("etcd_servers must name at least one etcd client URL, e.g. http://127.0.0.1:2379.");
            return;
        }

        var schemes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in options.EtcdServers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host)
                || uri.PathAndQuery is not ("/" or ""))
            {
                failures.Add($"etcd_servers entry '{server}' is not an http:// or https:// URL of the form scheme://host:port.");
                continue;
            }

            schemes.Add(uri.Scheme);
        }

        if (schemes.Count > 1)
        {
            failures.Add("etcd_servers must be all http:// or all https:// (got both).");
        }

        var tlsFiles = options.EtcdCaFile.Length + options.EtcdCertFile.Length + options.EtcdKeyFile.Length > 0;
        if (tlsFiles && schemes.Contains(Uri.UriSchemeHttp))
        {
            failures.Add("etcd_cafile, etcd_certfile and etcd_keyfile need https:// etcd_servers (got http://).");
        }
    }

    private static void ValidatePrefix(string prefix, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            failures.Add("etcd_key_prefix must not be empty (fleet's default is /_coreos.com/fleet/).");
        }
        else if (prefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"etcd_key_prefix '{prefix}' must not contain white space or control characters.");
        }
    }

    private static void ValidateCredentials(EtcdRegistryOptions options, List<string> failures)
    {
        if (options.EtcdUsername.Length == 0 && options.EtcdPassword.Length > 0)
        {
            failures.Add("etcd_password is set but etcd_username is empty.");
        }

        if (options.EtcdUsername.Length > 0 && options.EtcdPassword.Length == 0)
        {
            failures.Add($"etcd_username '{options.EtcdUsername}' is set but etcd_password is empty.");
        }
    }

    private static void ValidateTls(EtcdRegistryOptions options, List<string> failures)
    {
        if ((options.EtcdCertFile.Length > 0) != (options.EtcdKeyFile.Length > 0))
        {
            failures.Add("etcd_certfile and etcd_keyfile must be given together.");
        }

        CheckFile("etcd_cafile", options.EtcdCaFile, failures);
        CheckFile("etcd_certfile", options.EtcdCertFile, failures);
        CheckFile("etcd_keyfile", options.EtcdKeyFile, failures);
    }

    private static void CheckFile(string option, string path, List<string> failures)
    {
        if (path.Length > 0 && !File.Exists(path))
        {
            failures.Add($"{option} '{path}' does not exist or is not a file.");
        }
    }
}
