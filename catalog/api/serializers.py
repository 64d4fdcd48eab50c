"""The API's representations: what each endpoint answers, declared once for the answer and its OpenAPI schema.

They read the rows the views fetched (for the film, through the film page's own presenter) and never query:
every field here is loaded by the view's querysets, so an endpoint's query count does not grow with its data.
"""

import threading
from dataclasses import dataclass

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AwardBody, Country, Credit, Film, FilmNote, Genre, Language, Nomination, Person, PlotSection
from ..models.choices import Licence, SpoilerLevel
from ..public.pictures import full_size

_built = threading.local()


def represent(serializer_class, instance, request, *, many=False):
    """``instance`` as ``serializer_class`` represents it for ``request``.

    Building a serializer's nested fields costs more than filling them: for a film, 3.5 ms of 4.9. So each thread
    builds each serializer once and gives it each request's context; the fields hold no other state between calls.
    """
    built = _built.__dict__.setdefault("serializers", {})
    serializer = built.get((serializer_class, many))
    if serializer is None:
        serializer = built[(serializer_class, many)] = serializer_class(many=many)
    serializer._context = {"request": request}
    return serializer.to_representation(instance)


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The absolute address of the object's page on the site."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, obj):
        return absolute(self.context, obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiField(serializers.Field):
    """The absolute address of the object in this API: the URL named ``route``, given the object's ``key``."""

    def __init__(self, route, key="slug", **kwargs):
        self.route, self.key = route, key
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return absolute(self.context, reverse(self.route, args=[getattr(obj, self.key)]))


class NullableSerializer(serializers.Serializer):
    """A nested object that is ``null`` when ``present()`` says the row has nothing to show."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(*args, **kwargs)

    def present(self, obj):
        return True

    def to_representation(self, obj):
        return super().to_representation(obj) if self.present(obj) else None


@dataclass(frozen=True)
class ShownPicture:
    """What the API says of a picture it may show: its widest JPEG rendition, description and rights."""

    url: str
    width: int
    height: int
    alt: str
    credit: str
    licence: str
    licence_url: str


class PictureSerializer(serializers.Serializer):
    """A picture the site may show (its licence and credit stated), as its widest JPEG rendition; else ``null``."""

    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(help_text="Its description; empty for a decorative picture.")
    credit = serializers.CharField()
    licence = serializers.ChoiceField(choices=Licence.choices)
    licence_url = serializers.CharField()

    def __init__(self, *args, spec="still", **kwargs):
        self.spec = spec
        kwargs.setdefault("allow_null", True)
        super().__init__(*args, **kwargs)

    def to_representation(self, image):
        rendition = full_size(image, self.spec) if image.is_showable else None
        if rendition is None:
            return None
        path, width, height = rendition
        shown = ShownPicture(
            url=absolute(self.context, path),
            width=width,
            height=height,
            alt="" if image.decorative else image.alt_text,
            credit=image.credit,
            licence=image.licence,
            licence_url=image.licence_url,
        )
        return super().to_representation(shown)


class SourceSerializer(NullableSerializer):
    """Where a claim comes from; ``null`` when the catalog records no source for it."""

    publication = serializers.CharField(source="source_publication")
    url = serializers.CharField(source="source_url")
    retrieved = serializers.DateField(source="source_retrieved", allow_null=True)

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def present(self, claim):
        return claim.has_source


def spoiler_level(**kwargs):
    kwargs.setdefault("help_text", "What the item reveals; the client decides what to hide.")
    return serializers.ChoiceField(choices=SpoilerLevel.choices, **kwargs)


class ClaimSerializer(serializers.Serializer):
    """What every statement of a film page carries: how much it gives away, its source, and whether it is
    disputed, and why."""

    spoiler_level = spoiler_level()
    source = SourceSerializer()
    disputed = serializers.BooleanField(help_text="Editors doubt it; ``dispute_note`` says why.")
    dispute_note = serializers.CharField()


CLAIM_FIELDS = ["spoiler_level", "source", "disputed", "dispute_note"]


class GenreLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Genre
        fields = ["slug", "name"]


class GenreSerializer(serializers.ModelSerializer):
    films = serializers.SerializerMethodField(help_text="The genre's films in this API.")
    url = PageField()

    class Meta:
        model = Genre
        fields = ["slug", "name", "description", "film_count", "url", "films"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_films(self, genre):
        return absolute(self.context, f"{reverse('api:film-list')}?genre={genre.slug}")


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class CountryCountSerializer(CountrySerializer):
    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "film_count"]


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Language
        fields = ["code", "name"]


class LanguageCountSerializer(LanguageSerializer):
    class Meta(LanguageSerializer.Meta):
        fields = [*LanguageSerializer.Meta.fields, "film_count"]


class IdentifiersSerializer(serializers.Serializer):
    """The film's or person's identifiers in other catalogs; empty or ``null`` when not recorded."""

    imdb = serializers.CharField(source="imdb_id")
    wikidata = serializers.CharField(source="wikidata_id")
    tmdb = serializers.IntegerField(source="tmdb_id", allow_null=True)

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)


class FilmLinkSerializer(serializers.ModelSerializer):
    """A film named where something else is the subject: a filmography, a nomination."""

    url = PageField()
    api_url = ApiField("api:film-detail")

    class Meta:
        model = Film
        fields = ["slug", "title", "year", "url", "api_url"]


class FilmCardSerializer(serializers.ModelSerializer):
    """A film in a list."""

    poster = PictureSerializer(spec="card")
    url = PageField()
    api_url = ApiField("api:film-detail")

    class Meta:
        model = Film
        fields = ["slug", "title", "original_title", "year", "logline", "poster", "updated_at", "url", "api_url"]


class PersonLinkSerializer(serializers.ModelSerializer):
    url = PageField()
    api_url = ApiField("api:person-detail")

    class Meta:
        model = Person
        fields = ["slug", "name", "url", "api_url"]


class PersonCardSerializer(serializers.ModelSerializer):
    """A person in a list; ``film_count`` counts their published films."""

    photo = PictureSerializer(spec="headshot")
    url = PageField()
    api_url = ApiField("api:person-detail")

    class Meta:
        model = Person
        fields = ["slug", "name", "film_count", "photo", "url", "api_url"]


class CreditSerializer(serializers.ModelSerializer):
    person = PersonLinkSerializer()
    photo = PictureSerializer(source="person.photo", spec="headshot")
    description_spoiler_level = spoiler_level(help_text="What the character description reveals.")

    class Meta:
        model = Credit
        fields = [
            "role",
            "person",
            "photo",
            "character_name",
            "character_description",
            "description_spoiler_level",
            "billing_order",
        ]


class PlotSerializer(ClaimSerializer, serializers.ModelSerializer):
    class Meta:
        model = PlotSection
        fields = ["part", "heading", "body", *CLAIM_FIELDS]


class NoteSerializer(ClaimSerializer, serializers.ModelSerializer):
    class Meta:
        model = FilmNote
        fields = ["kind", "title", "text", *CLAIM_FIELDS]


class KeySceneSerializer(ClaimSerializer):
    title = serializers.CharField()
    description = serializers.CharField()


class SpeakerSerializer(NullableSerializer):
    """The credit a quote is spoken by: the character, and who plays them."""

    character_name = serializers.CharField()
    person = PersonLinkSerializer()


class QuoteSerializer(ClaimSerializer):
    text = serializers.CharField()
    speaker = SpeakerSerializer()
    character_name = serializers.CharField(help_text="Who says it, when no credit is linked.")
    context = serializers.CharField()


class LocationSerializer(ClaimSerializer):
    place = serializers.CharField()
    region = serializers.CharField()
    country = CountrySerializer(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    stands_in_for = serializers.CharField()
    description = serializers.CharField()


class AwardBodyLinkSerializer(serializers.ModelSerializer):
    url = PageField()
    api_url = ApiField("api:award-body-detail")

    class Meta:
        model = AwardBody
        fields = ["slug", "name", "url", "api_url"]


class CategorySerializer(NullableSerializer):
    """The category, or ``null`` for a nomination the sources give without one."""

    slug = serializers.CharField()
    name = serializers.CharField()

    def present(self, category):
        return category.recorded


class NominationSerializer(ClaimSerializer, serializers.ModelSerializer):
    """A nomination on a film's or person's page: the award body, the category, who, and how it ended."""

    award_body = AwardBodyLinkSerializer(source="category.body")
    category = CategorySerializer()
    person = PersonLinkSerializer(allow_null=True)

    class Meta:
        model = Nomination
        fields = ["award_body", "year", "category", "person", "outcome", "note", *CLAIM_FIELDS]


class CeremonyNominationSerializer(NominationSerializer):
    """A nomination at a ceremony: the film as well."""

    film = FilmLinkSerializer()

    class Meta(NominationSerializer.Meta):
        fields = ["category", "film", "person", "outcome", "note", *CLAIM_FIELDS]


class PersonNominationSerializer(NominationSerializer):
    film = FilmLinkSerializer()

    class Meta(NominationSerializer.Meta):
        fields = ["award_body", "year", "category", "film", "outcome", "note", *CLAIM_FIELDS]


class AlternativeTitleSerializer(serializers.Serializer):
    title = serializers.CharField()
    language = LanguageSerializer(allow_null=True)
    country = CountrySerializer(allow_null=True)
    note = serializers.CharField()


class StillSerializer(serializers.Serializer):
    picture = PictureSerializer(source="image", spec="still")
    caption = serializers.CharField(source="shown_caption")


class RecommendationSerializer(FilmCardSerializer):
    reason = serializers.CharField(source="card_note", help_text="Why the editors recommend it.")
    reason_spoiler_level = spoiler_level(source="card_spoiler_level", help_text="What the reason reveals.")

    class Meta(FilmCardSerializer.Meta):
        fields = [*FilmCardSerializer.Meta.fields, "reason", "reason_spoiler_level"]


class FilmDetailSerializer(serializers.ModelSerializer):
    """Everything the film's page shows, each section in page order. ``page`` is the film page's presenter."""

    original_language = LanguageSerializer(allow_null=True)
    genres = GenreLinkSerializer(source="page.genres", many=True)
    countries = CountrySerializer(source="page.countries", many=True)
    alternative_titles = AlternativeTitleSerializer(source="page.alternative_titles", many=True)
    identifiers = IdentifiersSerializer()
    poster = PictureSerializer(source="page.poster", spec="poster")
    backdrop = PictureSerializer(source="page.backdrop", spec="backdrop")
    credits = CreditSerializer(source="page.credits", many=True)
    plot = PlotSerializer(source="page.plot_sections", many=True)
    notes = NoteSerializer(source="page.notes", many=True, help_text="Trivia and the rest, each with its kind.")
    key_scenes = KeySceneSerializer(source="page.key_scenes", many=True)
    quotes = QuoteSerializer(source="page.quotes", many=True)
    locations = LocationSerializer(source="page.locations", many=True)
    nominations = NominationSerializer(source="page.nominations", many=True)
    stills = StillSerializer(source="page.stills", many=True)
    recommendations = RecommendationSerializer(source="page.recommended_films", many=True)
    other_films_by_directors = FilmCardSerializer(source="page.other_films_by_directors", many=True)
    url = PageField()

    class Meta:
        model = Film
        fields = [
            "slug",
            "title",
            "original_title",
            "year",
            "release_date",
            "runtime_minutes",
            "original_language",
            "genres",
            "countries",
            "alternative_titles",
            "identifiers",
            "logline",
            "overview",
            "poster",
            "backdrop",
            "credits",
            "plot",
            "notes",
            "key_scenes",
            "quotes",
            "locations",
            "post_credits_scene",
            "post_credits_note",
            "post_credits_spoiler_level",
            "score_note",
            "awards_note",
            "nominations",
            "why_watch",
            "stills",
            "recommendations",
            "other_films_by_directors",
            "published_at",
            "updated_at",
            "url",
        ]


class FilmographyCreditSerializer(serializers.ModelSerializer):
    film = FilmLinkSerializer()

    class Meta:
        model = Credit
        fields = ["film", "role", "character_name", "character_description"]


class PersonDetailSerializer(serializers.ModelSerializer):
    photo = PictureSerializer(spec="headshot")
    identifiers = IdentifiersSerializer()
    credits = FilmographyCreditSerializer(source="published_credits", many=True, help_text="Newest film first.")
    nominations = PersonNominationSerializer(source="published_nominations", many=True)
    url = PageField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "bio",
            "birth_date",
            "death_date",
            "birth_place",
            "photo",
            "identifiers",
            "film_count",
            "credits",
            "nominations",
            "url",
        ]


class CeremonyLinkSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    url = PageField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, ceremony):
        return absolute(self.context, reverse("api:award-ceremony-detail", args=[ceremony.body.slug, ceremony.year]))


class AwardBodySerializer(serializers.ModelSerializer):
    country = CountrySerializer(allow_null=True)
    ceremonies = CeremonyLinkSerializer(many=True, help_text="The editions with nominations recorded, newest first.")
    url = PageField()
    api_url = ApiField("api:award-body-detail")

    class Meta:
        model = AwardBody
        fields = ["slug", "name", "short_name", "country", "description", "website", "ceremonies", "url", "api_url"]


class CeremonySerializer(serializers.Serializer):
    award_body = AwardBodyLinkSerializer(source="body")
    year = serializers.IntegerField()
    nominations = CeremonyNominationSerializer(many=True, help_text="By category, winners first.")
    url = PageField(source="ceremony")


class QuoteResultSerializer(QuoteSerializer):
    film = FilmLinkSerializer()


class NoteResultSerializer(NoteSerializer):
    film = FilmLinkSerializer()

    class Meta(NoteSerializer.Meta):
        fields = [*NoteSerializer.Meta.fields, "film"]


class SearchSerializer(serializers.Serializer):
    """What a search found, by kind, best first; ``more`` names the kinds cut at ``limit``."""

    query = serializers.CharField()
    films = FilmCardSerializer(many=True)
    people = PersonCardSerializer(many=True)
    quotes = QuoteResultSerializer(many=True)
    notes = NoteResultSerializer(many=True)
    limit = serializers.IntegerField()
    more = serializers.ListField(child=serializers.ChoiceField(choices=["films", "people", "quotes", "notes"]))
