// Each test runs a whole control plane (Redis, three silo processes): one at a time keeps them within their deadlines
// on small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
