using Fleet.Agent.Process.Runtime;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class ProcStatTests
{
    [Fact]
    public void TryParse_CommandWithSpacesAndParentheses_CountsFieldsFromTheLastParenthesis()
    {
        var line = "4242 (my (odd) cmd) S 1 4240 4240 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615";

        var stat = ProcStat.TryParse(4242, line);

        Assert.NotNull(stat);
        Assert.Equal("my (odd) cmd", stat.Command);
        Assert.Equal('S', stat.State);
        Assert.Equal(4240, stat.ProcessGroup);
        Assert.Equal(987654, stat.StartTime);
        Assert.True(stat.IsAlive);
    }

    [Fact]
    public void TryRead_ThisProcess_IsAlive()
    {
        var stat = ProcStat.TryRead(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.True(ProcStat.IsSameAlive(Environment.ProcessId, stat.StartTime));
        Assert.False(ProcStat.IsSameAlive(Environment.ProcessId, stat.StartTime + 1));
    }
}
