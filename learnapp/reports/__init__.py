"""Reports: the cohort completion matrix, its exports, and the audit log of who read what."""
