"""Identifiers other catalogs give films and people: how a record is matched on import, linked for visitors
(``sameAs``) and looked up at ``/films/imdb/<id>/``."""

from django.core.validators import RegexValidator
from django.db import models

IMDB_FILM = RegexValidator(r"^tt[0-9]{7,10}\Z", "An IMDb title identifier is “tt” and 7 to 10 digits: tt12618926.")
IMDB_PERSON = RegexValidator(r"^nm[0-9]{7,10}\Z", "An IMDb name identifier is “nm” and 7 to 10 digits: nm0004851.")
WIKIDATA = RegexValidator(r"^Q[1-9][0-9]{0,11}\Z", "A Wikidata identifier is “Q” and a number, e.g. Q97664862.")
IDENTIFIER_FIELDS = ("imdb_id", "wikidata_id", "tmdb_id")


class ExternalIds(models.Model):
    """Wikidata and TMDB identifiers (each model adds its ``imdb_id`` with ``imdb_field``), unique where set."""

    TMDB_KIND = ""  # "movie" or "person": the kind of page TMDB keeps under the number

    wikidata_id = models.CharField(
        "Wikidata ID", max_length=13, blank=True, validators=[WIKIDATA], help_text="e.g. Q97664862"
    )
    tmdb_id = models.PositiveIntegerField("TMDB ID", null=True, blank=True, help_text="The number in TMDB's address.")

    class Meta:
        abstract = True

    @property
    def external_links(self):
        """``(label, url)`` for each identifier set, in the order pages list them."""
        links = []
        if self.imdb_id:
            kind = "title" if self.imdb_id.startswith("tt") else "name"
            links.append(("IMDb", f"https://www.imdb.com/{kind}/{self.imdb_id}/"))
        if self.wikidata_id:
            links.append(("Wikidata", f"https://www.wikidata.org/wiki/{self.wikidata_id}"))
        if self.tmdb_id:
            links.append(("TMDB", f"https://www.themoviedb.org/{self.TMDB_KIND}/{self.tmdb_id}"))
        return links


def imdb_field(validator, example):
    return models.CharField("IMDb ID", max_length=12, blank=True, validators=[validator], help_text=f"e.g. {example}")


def unique_external_ids(model_name):
    """One constraint per identifier: two rows may both lack one, never share one."""
    text = [
        models.UniqueConstraint(
            fields=[field], condition=~models.Q(**{field: ""}), name=f"{model_name}_{field}_unique"
        )
        for field in ("imdb_id", "wikidata_id")
    ]
    return [*text, models.UniqueConstraint(fields=["tmdb_id"], name=f"{model_name}_tmdb_id_unique")]
