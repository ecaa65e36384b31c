namespace Fleet.IntegrationTests;

/// <summary>The API and fleetctl tests that share one <see cref="ThreeMachineCluster"/> (starting a cluster
/// costs seconds; these tests use distinct unit names and leave the machines running).</summary>
[CollectionDefinition(Name)]
public sealed class ApiClusterCollection : ICollectionFixture<ThreeMachineCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "api-cluster";
}
