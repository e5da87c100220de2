"""Reading served pages as a browser would: the JSON blocks they hand to JavaScript, what a strict
Content-Security-Policy would refuse in them, and the links a user can follow."""

import json
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class PageScan(HTMLParser):
    def __init__(self, url: str = "/"):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.problems: list[str] = []
        self.json_blocks: dict[str, str] = {}
        self.links: list[str] = []
        self._json_id: str | None = None
        self._json_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event-handler attribute {name}= on <{tag}>")
            if name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"htmx inline handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f'inline style="{value}" on <{tag}>')
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")
        if tag == "style":
            self.problems.append("inline <style> block")
        if tag == "script" and "src" not in attributes:
            if attributes.get("type") == "application/json":
                self._json_id = attributes.get("id") or f"json-{len(self.json_blocks)}"
                self._json_text = []
            else:
                self.problems.append(f"inline <script> (type={attributes.get('type')!r})")
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.url, attributes["href"]))
        if tag == "form":
            self.links.append(urljoin(self.url, attributes.get("action") or self.url))

    def handle_data(self, data):
        if self._json_id is not None:
            self._json_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json_id is not None:
            self.json_blocks[self._json_id] = "".join(self._json_text)
            self._json_id = None


def scan(html: str, url: str = "/") -> PageScan:
    parser = PageScan(url)
    parser.feed(html)
    parser.close()
    return parser


def json_data(html: str) -> dict[str, object]:
    """Every `json_script` block of the page, parsed (a block that is not valid JSON fails the test)."""
    return {key: json.loads(text) for key, text in scan(html).json_blocks.items()}


def strings_in(value) -> list[str]:
    """Every string anywhere in a parsed JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    return []


def same_site_path(link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path or None
