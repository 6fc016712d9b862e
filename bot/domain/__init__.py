"""Pure rules of the diary: standard library only, no I/O, no wall clock."""
