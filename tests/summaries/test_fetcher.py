"""The PDF renderer may load the app's static files and data: URLs, and nothing else."""

import http.server
import threading

import pytest

from summaries.fetcher import FetchRefused, static_only_fetcher


@pytest.fixture
def fetcher():
    return static_only_fetcher()


@pytest.fixture
def web_server():
    """A loopback server that redirects everything to a local file and counts requests."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_serves_the_print_stylesheet_from_static(fetcher):
    response = fetcher.fetch("file:///static/css/print.css")
    body = response.read()
    response.close()
    assert b"@page" in body
    assert response.content_type == "text/css"


def test_serves_data_urls(fetcher):
    response = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file:///static/../../../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file:///static/",
        "file:///static/css/no-such-file.css",
        "file://attacker.example/share/x.css",
        "ftp://example.org/x.css",
        "gopher://example.org/",
        "relative/path.css",
    ],
)
def test_refuses_files_outside_static_and_other_schemes(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)


def test_refuses_http_without_making_a_request(fetcher, web_server):
    base, hits = web_server
    for url in (f"{base}/style.css", base.replace("http:", "https:") + "/x"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert hits == []


def test_refuses_redirects_even_through_the_opener(fetcher, web_server):
    """Nothing reaches urllib's openers (which know http, ftp and file) directly either."""
    import urllib.request

    base, hits = web_server
    with pytest.raises(FetchRefused):
        fetcher.open(urllib.request.Request(f"{base}/redirect"))  # noqa: S310 - refused
    assert hits == []


def test_a_summary_pointing_at_local_files_renders_without_them(tmp_path, caplog):
    """Markup reaching the print HTML cannot pull a local file into the PDF."""
    from summaries.pdf import html_to_pdf

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    html = (
        '<html lang="en"><head><title>t</title>'
        f'<link rel="stylesheet" href="file://{secret}"></head>'
        f'<body><p>text</p><img src="file:///etc/passwd" alt="x">'
        f'<object data="file://{secret}"></object></body></html>'
    )
    data = html_to_pdf(html)
    assert b"TOP-SECRET-CONTENT" not in data
    assert any("refused" in record.getMessage() for record in caplog.records)
