"""No broken links: a crawl of the public site from the home page meets no error, missing file or missing anchor."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from catalog.models import Genre

# Links and anchors of rendered pages: the same whatever engine filled them.
pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]

# The search box is a form rather than a link, so a search or two stand in for it.
START = ["/", "/robots.txt", "/sitemap.xml", "/search/?q=mother", "/search/?q=almodovar"]
# The API's documentation page is Swagger UI's; the API itself is tested against its document (test_api_schema.py).
SKIPPED = ("/admin/", "/api/v1/docs/")
# The catalog and its filter links come to about a hundred addresses. Many more would mean that links
# have begun to combine filters with one another, and the crawl would never end.
MAX_PAGES = 400
REDIRECTS = {301, 302, 303, 307, 308}
# The sitemap index and the section sitemaps it lists: their links are <loc> elements, not <a href>.
SITEMAP = re.compile(r"/sitemap(-[\w-]+)?\.xml")


class Page(HTMLParser):
    """The addresses an HTML page links to, the files it loads and the ids its links can point at."""

    def __init__(self):
        super().__init__()
        self.links, self.files, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("href"):
            # The canonical address and alternate forms (feeds) are addresses; stylesheets and icons are files.
            pages = {"canonical", "alternate"} & set(attrs.get("rel", "").split())
            (self.links if pages else self.files).append(attrs["href"])
        elif tag in {"img", "source", "script"}:
            if attrs.get("src"):
                self.files.append(attrs["src"])
            self.files += [
                candidate.split()[0] for candidate in attrs.get("srcset", "").split(",") if candidate.strip()
            ]


def on_site(url):
    """A resolved link's path-and-query and fragment when it is on this site; None for other sites and schemes."""
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
        return None
    return parts._replace(scheme="", netloc="", fragment="").geturl(), parts.fragment


def file_exists(path):
    if path.startswith(settings.STATIC_URL):
        return finders.find(path.removeprefix(settings.STATIC_URL)) is not None
    if path.startswith(settings.MEDIA_URL):
        return default_storage.exists(path.removeprefix(settings.MEDIA_URL))
    return False


class Crawl:
    def __init__(self, client):
        self.client = client
        self.queue = deque()
        self.referrer = {}  # every address found, with the first page that linked to it
        self.ids = {}  # every HTML page read, with the ids in it
        self.files = {}
        self.fragments = []
        self.broken = []

    def follow(self, url, source):
        if url not in self.referrer and not url.startswith(SKIPPED):
            self.referrer[url] = source
            self.queue.append(url)

    def run(self, start):
        for url in start:
            self.follow(url, "the start")
        while self.queue:
            if len(self.ids) >= MAX_PAGES:
                pytest.fail(
                    f"The crawl read {MAX_PAGES} pages and still had {len(self.queue)} to go: the links seem to "
                    f"multiply (filters combined with filters?). The latest: {list(self.queue)[-5:]}",
                    pytrace=False,
                )
            self.visit(self.queue.popleft())
        self.broken += [
            f"{path} is missing (loaded by {source})" for path, source in self.files.items() if not file_exists(path)
        ]
        self.broken += [
            f"{target}#{fragment} has no such id (linked from {source})"
            for source, target, fragment in self.fragments
            if target in self.ids and fragment not in self.ids[target]
        ]

    def visit(self, url):
        response = self.client.get(url)
        if response.status_code >= 400:
            self.broken.append(f"{url} answered {response.status_code} (linked from {self.referrer[url]})")
        elif response.status_code in REDIRECTS:
            if (target := on_site(urljoin(url, response["Location"]))) is not None:
                self.follow(target[0], url)
        elif SITEMAP.fullmatch(urlsplit(url).path):
            for location in re.findall(r"<loc>([^<]+)</loc>", response.content.decode()):
                self.follow(urlsplit(location)._replace(scheme="", netloc="").geturl(), url)
        elif response["Content-Type"].startswith("text/html"):
            self.read(url, response.content.decode())

    def read(self, url, html):
        page = Page()
        page.feed(html)
        self.ids[url] = page.ids
        for href in page.links:
            if (target := on_site(urljoin(url, href))) is not None:
                path, fragment = target
                self.follow(path, url)
                if fragment:
                    self.fragments.append((url, path, fragment))
        for src in page.files:
            if (target := on_site(urljoin(url, src))) is not None:
                self.files.setdefault(target[0], url)


@pytest.fixture
def crowded_catalog(catalog, make):
    """The catalog with enough dramas to fill two pages, so that the crawl follows page links too."""
    drama = Genre.objects.get(slug="drama")
    for n in range(24):
        make.film(f"Drama {n}", year=1990 + n).genres.add(drama)


def test_every_internal_link_and_file_on_the_public_site_is_found(crowded_catalog, client):
    crawl = Crawl(client)
    crawl.run(START)
    visited = f"{len(crawl.referrer)} addresses visited, {len(crawl.ids)} of them HTML pages"
    assert not crawl.broken, f"{len(crawl.broken)} broken links; {visited}:\n" + "\n".join(crawl.broken)
    assert "/films/?page=2" in crawl.referrer and "/people/penelope-cruz/" in crawl.referrer, (
        f"The crawl missed pages it should have found ({visited}): is it following the site's links?"
    )
