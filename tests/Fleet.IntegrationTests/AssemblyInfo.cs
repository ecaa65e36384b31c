// Every test here runs several real processes; running classes in parallel would only make them compete
// for the two cores and see each other's unit processes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
