using Fleet.Testing.Etcd;

// One etcd for the tests that do not stop it; each test works under its own key prefix.
[assembly: AssemblyFixture(typeof(EtcdFixture))]
