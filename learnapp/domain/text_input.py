"""What text the app accepts from people, on every path (web forms, CSV uploads, the command line).

No control characters at all (they break spreadsheets and PostgreSQL refuses NUL); tab and line breaks only in
fields written on several lines (reflections, short answers typed into a text area). Names and organisations have
one length limit wherever they come from.
"""

from __future__ import annotations

import re

NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a one-line field may not hold on top of that: tab, line breaks, and Unicode's line and paragraph separators.
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def forbidden_character(text: str, multiline: bool = False) -> str | None:
    """The first character the field may not hold, as ``U+0001``; None when the text is acceptable."""
    found = _CONTROL.search(text) or (None if multiline else _BREAKS.search(text))
    return f"U+{ord(found.group()):04X}" if found else None
