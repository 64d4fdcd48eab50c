"""What search engines and link previews read: page titles, descriptions and schema.org JSON-LD.

JSON-LD is built here as plain Python data, from rows the view has already fetched, and the
``json_ld`` template tag serialises it; nothing here touches the database.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..models import Role
from .pictures import SocialImage, full_size_url, shown

SITE_NAME = "filmsite"
DEFAULT_DESCRIPTION = "Films in depth: plots and endings, cast and crew, awards, filming locations, quotes and trivia."

# The characters that could end a <script> element or open a comment inside it, escaped as JSON
# allows, the way Django's json_script escapes them.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@dataclass(frozen=True)
class FeedLink:
    """An Atom feed a page offers to feed readers (``<link rel="alternate">``)."""

    title: str
    url: str


@dataclass
class PageMeta:
    """A page's ``<title>``, description and OpenGraph card."""

    title: str = ""
    description: str = DEFAULT_DESCRIPTION
    og_type: str = "website"
    image: SocialImage | None = None
    noindex: bool = False
    # The page's own Atom feeds (``FeedLink``), offered beside the site's feed of new films.
    feeds: list = field(default_factory=list)

    def __post_init__(self):
        self.description = summary(self.description) or DEFAULT_DESCRIPTION

    @property
    def full_title(self):
        return f"{self.title} — {SITE_NAME}" if self.title else SITE_NAME


def summary(text, length=160):
    """One line of at most ``length`` characters, for descriptions."""
    return Truncator(" ".join(str(text).split())).chars(length)


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` element that no value can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # str.replace, not str.translate: translate walks a long non-ASCII text in Python-level steps.
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    # Safe: json.dumps quotes every value and _SCRIPT_ESCAPES turns <, > and & into \u escapes.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # nosec


def _thing(schema_type, name, url=None, **fields):
    data = {"@type": schema_type, "name": name}
    if url:
        data["url"] = url
    data.update({key: value for key, value in fields.items() if value not in (None, "", [])})
    return data


def _person(request, person):
    return _thing("Person", person.name, request.build_absolute_uri(person.get_absolute_url()))


def iso_duration(minutes):
    """Minutes as an ISO 8601 duration: 123 → ``PT2H3M``."""
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def nomination_text(nomination):
    text = f"{nomination.category.label}, {nomination.category.body.name} {nomination.year}"
    if nomination.person_id:
        text += f" ({nomination.person.name})"
    return text


def image_url(request, image, spec):
    """The absolute address of the widest JPEG rendition of ``spec`` of ``image`` (a showable picture), or None."""
    url = full_size_url(image, spec) if image else ""
    return request.build_absolute_uri(url) if url else None


def same_as(obj):
    """The addresses other catalogs give a film or person, which tell search engines which one the page is about."""
    return [url for _, url in obj.external_links]


def movie(request, film, page):
    """``Movie`` for a film page; spoilers stay out of it, as they stay folded on the page."""
    url = request.build_absolute_uri(film.get_absolute_url())
    credits = page.credits
    alternate_names = []
    if film.original_title and film.original_title != film.title:
        alternate_names.append(film.original_title)
    alternate_names += [alt.title for alt in page.alternative_titles if alt.title not in alternate_names]
    nominations = [nomination for nomination in page.nominations if not nomination.is_spoiler]

    data = {"@context": "https://schema.org", **_thing("Movie", film.title, url)}
    fields = {
        "alternateName": alternate_names,
        "description": summary(film.logline or film.overview, 300),
        "director": [_person(request, credit.person) for credit in page.directors],
        "actor": [
            {
                "@type": "PerformanceRole",
                "actor": _person(request, credit.person),
                **({"characterName": credit.character_name} if credit.character_name else {}),
            }
            for credit in page.cast
        ],
        "musicBy": [_person(request, credit.person) for credit in page.composers],
        "author": [_person(request, credit.person) for credit in credits if credit.role == Role.WRITER],
        "producer": [_person(request, credit.person) for credit in credits if credit.role == Role.PRODUCER],
        "genre": [genre.name for genre in page.genres],
        "countryOfOrigin": [{"@type": "Country", "name": country.name} for country in page.countries],
        "inLanguage": film.original_language.code if film.original_language else None,
        "duration": iso_duration(film.runtime_minutes) if film.runtime_minutes else None,
        "datePublished": film.release_date.isoformat() if film.release_date else str(film.year),
        "image": image_url(request, page.poster, "poster"),
        # schema.org's ``award`` means an award won; nominations without a win are left out.
        "award": [nomination_text(nomination) for nomination in nominations if nomination.won],
        "hasPart": [
            {
                "@type": "Quotation",
                "text": quote.text,
                "spokenByCharacter": {"@type": "Person", "name": quote.speaker_name},
            }
            for quote in page.quotes
            if not quote.is_spoiler
        ],
        # Where it was filmed: schema.org's place a work was created, as against the place it depicts.
        "locationCreated": [place(location) for location in page.locations if not location.is_spoiler],
        "sameAs": same_as(film),
    }
    data.update({key: value for key, value in fields.items() if value not in (None, "", [])})
    return data


def place(location):
    """``Place`` for a filming location, with its ``GeoCoordinates`` when the catalog has them."""
    data = {"@type": "Place", "name": location.full_name}
    if location.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    return data


def person(request, person, nominations=()):
    """``Person`` for a person page."""
    url = request.build_absolute_uri(person.get_absolute_url())
    data = {"@context": "https://schema.org", **_thing("Person", person.name, url)}
    fields = {
        "description": summary(person.bio, 300),
        "image": image_url(request, shown(person.photo), "headshot"),
        "birthDate": person.birth_date.isoformat() if person.birth_date else None,
        "deathDate": person.death_date.isoformat() if person.death_date else None,
        "birthPlace": {"@type": "Place", "name": person.birth_place} if person.birth_place else None,
        "award": [nomination_text(n) for n in nominations if n.won and not n.is_spoiler],
        "sameAs": same_as(person),
    }
    data.update({key: value for key, value in fields.items() if value not in (None, "", [])})
    return data


def item_list(request, objects, *, name, start=1):
    """``ItemList`` of the objects a list page shows, numbered from ``start`` (the page's first position)."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": request.build_absolute_uri(obj.get_absolute_url()),
                "name": str(getattr(obj, "title", None) or getattr(obj, "name", obj)),
            }
            for position, obj in enumerate(objects, start=start)
        ],
    }
