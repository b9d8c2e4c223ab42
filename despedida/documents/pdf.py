"""HTML to PDF with WeasyPrint, from the app's own Django templates, with nothing fetched.

Documents embed everything they show (the logo as a data: URI, system fonts
through fontconfig), so the URL fetcher refuses every other URL: rendering
never reaches the network or the file system, whatever a template or a
client's text contains.
"""

from __future__ import annotations

from django.template.loader import render_to_string


class FetchRefused(ValueError):
    """A document asked for a resource outside itself."""


def embedded_fetcher():
    """A WeasyPrint URL fetcher that serves data: URIs and refuses everything else."""
    from weasyprint.urls import URLFetcher

    class EmbeddedOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise FetchRefused(f"documents do not fetch anything: {url[:80]}")
            return super().fetch(url, headers)

    return EmbeddedOnly(allowed_protocols={"data"})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=embedded_fetcher(), base_url=None).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))
