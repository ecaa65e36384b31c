using Fleet.Api.Hosting;

namespace Fleet.Api.Tests.Hosting;

[Trait("Category", "Unit")]
public sealed class SystemdSocketActivationTests
{
    private static (IReadOnlyList<int> Fds, List<string> Unset) Take(string? pid, string? fds, int self = 42)
    {
        var env = new Dictionary<string, string?> { ["LISTEN_PID"] = pid, ["LISTEN_FDS"] = fds };
        var unset = new List<string>();
        return (SystemdSocketActivation.Take(n => env.GetValueOrDefault(n), unset.Add, self), unset);
    }

    [Fact]
    public void Take_ForThisProcess_DescriptorsFromThree()
    {
        var (fds, unset) = Take("42", "2");

        Assert.Equal([3, 4], fds);
        Assert.Equal(["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"], unset);
    }

    [Theory]
    [InlineData("41", "2")]
    [InlineData(null, "2")]
    [InlineData("42", null)]
    [InlineData("42", "0")]
    [InlineData("42", "x")]
    [InlineData("42", "-1")]
    public void Take_NotForUs_None(string? pid, string? fds) =>
        Assert.Empty(Take(pid, fds).Fds);
}
