"""Command-line tools: `flask users`, `flask demo`."""
