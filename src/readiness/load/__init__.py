"""Loading inputs: playbook sets (read, checked, compiled, cached) and institution profiles."""
