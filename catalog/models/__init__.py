from .awards import AwardBody, AwardCategory, Nomination, Outcome
from .base import MAX_YEAR, MIN_YEAR, SpoilerLevel
from .content import FilmingLocation, FilmNote, KeyScene, NoteKind, PlotPart, PlotSection, Quote, Recommendation
from .films import AlternativeTitle, Film, FilmStatus, PostCredits
from .library import Image, Still
from .people import Credit, Person, Role
from .provenance import ImportedValue
from .taxonomy import Country, FilmTotal, Genre, Language

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "AlternativeTitle",
    "AwardBody",
    "AwardCategory",
    "Country",
    "Credit",
    "Film",
    "FilmNote",
    "FilmStatus",
    "FilmTotal",
    "FilmingLocation",
    "Genre",
    "Image",
    "ImportedValue",
    "KeyScene",
    "Language",
    "Nomination",
    "NoteKind",
    "Outcome",
    "Person",
    "PlotPart",
    "PlotSection",
    "PostCredits",
    "Quote",
    "Recommendation",
    "Role",
    "SpoilerLevel",
    "Still",
]
