using System.Globalization;

namespace Fleet.Agent.Process.Runtime;

/// <summary>A user from <c>/etc/passwd</c> (and the group from <c>/etc/group</c>) a unit runs as.</summary>
/// <param name="Name">User name.</param>
/// <param name="UserId">Numeric user id.</param>
/// <param name="GroupId">Numeric group id: <c>Group=</c> when given, else the user's primary group.</param>
/// <param name="Home">Home directory.</param>
/// <param name="Shell">Login shell.</param>
internal sealed record UserAccount(string Name, int UserId, int GroupId, string Home, string Shell)
{
    /// <summary>Resolves <c>User=</c> and <c>Group=</c> (names or numbers) from the local databases.</summary>
    /// <exception cref="InvalidOperationException">Unknown user or group; the message names it.</exception>
    public static UserAccount Resolve(string? user, string? group, string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
    {
        UserAccount? account = null;
        if (user is not null)
        {
            foreach (var line in File.ReadLines(passwdPath))
            {
                var f = line.Split(':');
                if (f.Length >= 7 && (f[0] == user || f[2] == user)
                    && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                    && int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
                {
                    account = new UserAccount(f[0], uid, gid, f[5], f[6]);
                    break;
                }
            }

            if (account is null)
            {
                throw new InvalidOperationException($"User={user}: no such user in {passwdPath}");
            }
        }
        else
        {
            account = new UserAccount("root", 0, 0, "/root", "/bin/sh");
        }

        if (group is null)
        {
            return account;
        }

        foreach (var line in File.ReadLines(groupPath))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && (f[0] == group || f[2] == group)
                && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return account with { GroupId = gid };
            }
        }

        throw new InvalidOperationException($"Group={group}: no such group in {groupPath}");
    }
}
