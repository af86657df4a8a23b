"""`next=` may only lead to a page of this site."""

from __future__ import annotations

import pytest

from learnapp.domain.redirects import is_safe_next

HOSTILE = [
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http://evil.example/path",
    "https:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "ftp://evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "%2f%2fevil.example",
    "/%252F%252Fevil.example",
    "/\tevil.example",
    "/\n/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "/%09/evil.example",
    "//evil.example@good.example",
    "https://good.example@evil.example",
    "",
    None,
]

SAFE = ["/", "/account", "/admin/users?role=trainee&q=ali", "/learn/module/intro#objectives", "/a/b%20c"]


@pytest.mark.parametrize("target", HOSTILE)
def test_next_never_leads_to_another_host(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", SAFE)
def test_next_leads_to_pages_of_this_site(target):
    assert is_safe_next(target)


def test_the_hostile_list_is_at_least_twenty_vectors():
    assert len(HOSTILE) >= 20
