"""The one place where HTML is marked safe for templates.

Only HTML that the content loader rendered and sanitised (nh3 allow-list) when a module was synced reaches this
function; templates never use ``|safe`` themselves (a test checks), so nothing a person types can become markup.
"""

from __future__ import annotations

from markupsafe import Markup


def stored_html(sanitised: str) -> Markup:
    """Mark HTML stored by `flask modules sync` as safe to insert into a page."""
    return Markup(sanitised)
