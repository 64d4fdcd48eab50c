"""The catalog's vocabularies: the choices its models, querysets and pages share.

Importing nothing of the app, so that querysets can use them without importing the models.
"""

from django.db import models


class Outcome(models.TextChoices):
    WON = "won", "Won"
    NOMINATED = "nominated", "Nominated"


# Where an outcome is asked for, this one stands for either: "won or nominated".
ANY_OUTCOME = "any"


class TotalKind(models.TextChoices):
    """What a ``FilmTotal`` counts the published films of."""

    YEAR = "year", "Year"
    OUTCOME = "outcome", "Outcome"
    BODY = "body", "Award body"
    BODY_OUTCOME = "body_outcome", "Outcome at an award body"


# Between the award body's slug and the outcome in a BODY_OUTCOME total's value.
BODY_OUTCOME_SEPARATOR = ":"


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


class Licence(models.TextChoices):
    """Under what terms an image may be shown: an image without one is not shown on a published page."""

    NOT_STATED = "", "Not stated yet"
    CC_BY_4 = "cc-by-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"
    CC_BY_SA_4 = "cc-by-sa-4.0", "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"
    CC_BY_ND_4 = "cc-by-nd-4.0", "Creative Commons Attribution-NoDerivatives 4.0 (CC BY-ND 4.0)"
    CC_BY_NC_4 = "cc-by-nc-4.0", "Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"
    CC_BY_NC_SA_4 = "cc-by-nc-sa-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)"
    CC_BY_NC_ND_4 = "cc-by-nc-nd-4.0", "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 (CC BY-NC-ND 4.0)"
    CC_BY_3 = "cc-by-3.0", "Creative Commons Attribution 3.0 (CC BY 3.0)"
    CC_BY_SA_3 = "cc-by-sa-3.0", "Creative Commons Attribution-ShareAlike 3.0 (CC BY-SA 3.0)"
    CC_BY_2 = "cc-by-2.0", "Creative Commons Attribution 2.0 (CC BY 2.0)"
    CC_BY_SA_2 = "cc-by-sa-2.0", "Creative Commons Attribution-ShareAlike 2.0 (CC BY-SA 2.0)"
    CC0 = "cc0-1.0", "Public domain dedication (CC0 1.0)"
    PUBLIC_DOMAIN = "public-domain", "Public domain"
    PERMISSION = "permission", "Used with permission"
    PRESS_KIT = "press-kit", "Press kit"
    LICENSED = "licensed", "All rights reserved — licensed"

    @property
    def url(self):
        """The licence's deed, for the ones that have one."""
        if self.value.startswith("cc0"):
            return "https://creativecommons.org/publicdomain/zero/1.0/"
        if self.value.startswith("cc-"):
            kind, version = self.value.removeprefix("cc-").rsplit("-", 1)
            return f"https://creativecommons.org/licenses/{kind}/{version}/"
        return ""

    @property
    def short(self):
        """The name a credit line uses: “CC BY-SA 4.0”, “Press kit”."""
        label = self.label
        return label[label.index("(") + 1 : -1] if "(" in label else label
