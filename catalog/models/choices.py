"""The catalog's vocabularies: the choices its models, querysets and pages share.

Importing nothing of the app, so that querysets can use them without importing the models.
"""

from django.db import models


class Outcome(models.TextChoices):
    WON = "won", "Won"
    NOMINATED = "nominated", "Nominated"


class SpoilerLevel(models.TextChoices):
    NONE = "none", "No spoiler"
    MILD = "mild", "Mild spoiler"
    MAJOR = "major", "Major spoiler (twist or ending)"


class PlotPart(models.TextChoices):
    SUMMARY = "summary", "Summary"
    ENDING = "ending", "Ending"


class NoteKind(models.TextChoices):
    BEHIND_THE_SCENES = "behind_the_scenes", "Behind the scenes"
    INSPIRATION = "inspiration", "Inspiration or reference"
    ALTERNATE_ENDING = "alternate_ending", "Alternate ending"
    DELETED_SCENE = "deleted_scene", "Deleted scene"
    BOOK_ADAPTATION = "book_adaptation", "Book adaptation"
    EASTER_EGG = "easter_egg", "Easter egg"
    TRIVIA = "trivia", "Trivia"


class FilmStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class PostCredits(models.TextChoices):
    UNKNOWN = "unknown", "Not yet checked"
    YES = "yes", "Yes"
    NO = "no", "No"


class Role(models.TextChoices):
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    ACTOR = "actor", "Actor"
    COMPOSER = "composer", "Composer"
    CINEMATOGRAPHER = "cinematographer", "Cinematographer"
    EDITOR = "editor", "Editor"
    PRODUCER = "producer", "Producer"
    PRODUCTION_DESIGNER = "production_designer", "Production designer"
    COSTUME_DESIGNER = "costume_designer", "Costume designer"
