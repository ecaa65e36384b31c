// Fleet.Registry: see README.md for the project's role.
[assembly: System.CLSCompliant(false)]
