"""Authentication: signing in and out, sessions, passwords, one's own profile."""
