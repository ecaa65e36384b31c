namespace Fleet.Core.Machines;

/// <summary>This machine as it announces itself to the cluster (its ID from <c>/etc/machine-id</c> or the
/// <c>machine_id</c> option, public IP, configured metadata, capabilities). Supplied by the host.</summary>
/// <remarks>The agent registers <see cref="Current"/> as its presence; the engine campaigns with its ID.</remarks>
public interface ILocalMachine
{
    /// <summary>The state to announce. Reading it does no I/O.</summary>
    MachineState Current { get; }
}
