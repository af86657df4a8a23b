"""Authoring: loading modules written as files, and (later) editing them in the browser."""
