"""The commands behind the CLI: each takes plain values, calls the library, writes, and returns an exit code."""
