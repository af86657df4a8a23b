"""Site-wide pages: home, language switch, health check, error pages."""
