"""Certificates as PDF files, rendered by WeasyPrint without fetching anything from outside.

WeasyPrint would otherwise follow any URL in the page (stylesheets, images, fonts) over the network or the
file system. Its fetcher is replaced by one that serves only our own static files, read from disk, and refuses
everything else: other hosts, other paths, ``file:`` and ``data:`` URLs. Fonts come from the system through
fontconfig (DejaVu Sans, from Debian's fonts-dejavu-core, covers Cyrillic).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from flask import current_app, render_template, url_for
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

from learnapp.certificates.queries import CertificateSheet

logger = logging.getLogger(__name__)

# The certificate's stylesheet and fonts (regular, bold, monospace), in Latin and Cyrillic: see warm_up.
WARM_UP_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title>
<link rel="stylesheet" href="{stylesheet}"></head><body class="certificate-document"><article class="certificate">
<h1 class="certificate-heading">Certificate Сертификат</h1><p class="certificate-name">Name Имя</p>
<footer class="certificate-check"><strong class="certificate-code">ABCD-2345</strong></footer>
</article></body></html>"""


class RefusedURLError(ValueError):
    """A URL the PDF renderer is not allowed to fetch."""


class StaticFilesFetcher(URLFetcher):
    """Serves URLs under `static_url` from `static_folder` on disk; refuses any other URL without opening it."""

    def __init__(self, static_url: str, static_folder: str | Path) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.static_url = static_url
        self.static_folder = str(static_folder)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """The static file `url` names, or RefusedURLError."""
        path = self.local_path(url)
        if path is None:
            logger.warning("Certificate PDF: refused to fetch %s", url[:200])
            raise RefusedURLError(f"Only our own static files may be fetched, not {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def local_path(self, url: str) -> Path | None:
        """The file under the static folder that `url` names, if it is a static URL of ours and exists."""
        parts = urlsplit(url)
        base = urlsplit(self.static_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None
        joined = safe_join(self.static_folder, unquote(parts.path[len(base.path) :]))
        return Path(joined) if joined and Path(joined).is_file() else None


def render_pdf(html: str, base_url: str) -> bytes:
    """`html` as PDF; relative URLs resolve against `base_url`, and only the app's static files are served."""
    static_url = urljoin(base_url, f"{current_app.static_url_path}/")
    fetcher = StaticFilesFetcher(static_url, current_app.static_folder or "")
    pdf: bytes = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
    return pdf


def warm_up() -> None:
    """Render a small page in both scripts with the certificate's stylesheet, and throw it away.

    The first PDF a process renders also pays for importing WeasyPrint (cffi parses Pango's C declarations),
    its first layout (more C types parsed on first use, the fonts found through fontconfig) and the stylesheet:
    about half a second on a quiet machine, against a tenth for the next PDF. RQ runs each job in a child forked
    from the worker, and what a child loads ends with it: without this, every job would pay that half second. The
    job worker calls it once before it takes jobs. Web workers never call it: they seldom render (a job stores the
    PDF first), and WeasyPrint would cost each of them about 20 MiB.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.test_request_context() as context:
        stylesheet = url_for("static", filename="css/certificate.css", _external=True)
        render_pdf(WARM_UP_PAGE.format(stylesheet=stylesheet), base_url=context.request.url_root)
    logger.info("Certificate PDFs: WeasyPrint warmed up")


def sheet_pdf(sheet: CertificateSheet, base_url: str) -> bytes:
    """The certificate `sheet` as PDF: the download's and the preparing job's one way of making it."""
    return render_pdf(render_template("certificates/certificate_pdf.html", sheet=sheet), base_url=base_url)
