"""The editors' dashboard, the admin's home page: what waits for whom, one panel per question.

Each panel runs two queries, its count and its page, whatever the size of the catalog or of the page,
and pages on a query parameter of its own (``drafts_page``...), so paging one panel leaves the others where
they were.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib.admin.models import LogEntry
from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr
from django.urls import reverse
from django.utils.text import capfirst

from ..models import FilmingLocation, FilmNote, FilmStatus, KeyScene, Nomination, NoteKind, PlotSection, Quote
from ..models.films import Film
from ..models.querysets import UNSOURCED
from ..publication import may_publish
from . import completeness

PER_PAGE = 10
CLAIMS_PER_PAGE = 20
# How much of a claim's text a row shows; the rest stays in the database.
EXCERPT = 160
# What a row needs of a film: no long texts, no search document.
FILM_ROW = ("title", "year", "slug", "status", "updated_at")

# What names each kind of claim in a row of "Unsourced claims", and what follows it: the same two columns
# for every model, so that their rows can be read as one UNION. One entry per ``completeness.CLAIM_MODELS``.
CLAIM_EXCERPTS = {
    PlotSection: (F("heading"), Substr("body", 1, EXCERPT)),
    FilmNote: (F("title"), Substr("text", 1, EXCERPT)),
    KeyScene: (F("title"), Substr("description", 1, EXCERPT)),
    Quote: (Substr("text", 1, EXCERPT), F("context")),
    FilmingLocation: (F("place"), F("stands_in_for")),
    Nomination: (
        Concat("category__name", Value(", "), Cast("year", CharField())),
        Coalesce("person__name", Value("")),
    ),
}


def _claim_kinds():
    """``{kind: label}``: a note's kind, or the model name of any other claim."""
    kinds = {}
    for model in completeness.CLAIM_MODELS:
        if model is FilmNote:
            kinds.update(NoteKind.choices)
        else:
            kinds[model._meta.model_name] = capfirst(model._meta.verbose_name)
    return kinds


CLAIM_KINDS = _claim_kinds()


@dataclass
class Panel:
    """One panel: its title, the count in its heading, a page of rows and links to the other pages."""

    key: str
    title: str
    page: Page
    links: list
    empty: str
    note: str = ""
    wide: bool = False
    filter_form: forms.Form | None = None
    # The query string's other parameters, which the panel's filter form carries along as it is sent.
    kept: list = field(default_factory=list)
    can_publish: bool = False

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def rows(self):
        return self.page.object_list

    @property
    def heading_id(self):
        return f"dashboard-{self.key}"

    @property
    def template_name(self):
        return f"admin/dashboard/{self.key}.html"

    @property
    def clear_url(self):
        """This page without the panel's filters."""
        return "?" + urlencode(self.kept)


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str
    rel: str = ""


def index_context(site, request):
    """What the admin's home page adds to Django's: the panels, for those who may see films.

    Staff without rights on films get Django's list of what they may edit, as before.
    """
    films = site._registry.get(Film)
    if films is None or not films.has_view_or_change_permission(request):
        return {}
    return {"dashboard": panels(request)}


def panels(request):
    """The dashboard's panels for the signed-in user, each with its page read from the database."""
    user, query = request.user, request.GET
    publisher = may_publish(user)
    claims_filter = ClaimFilter(query)
    filters = claims_filter.filters()
    return [
        _panel(
            query,
            "drafts",
            "My drafts",
            drafts_worked_on_by(user),
            empty="No draft you have worked on.",
            note="Drafts you have added or changed, latest first.",
        ),
        _panel(
            query,
            "review",
            "Waiting for review",
            in_review() if publisher else in_review().filter(status_changed_by=user),
            empty="Nothing is waiting for review." if publisher else "None of the films you sent is in review.",
            note=(
                "Every film in review, longest waiting first."
                if publisher
                else "The films you sent for review; a Publisher publishes them or returns them to draft."
            ),
            can_publish=publisher,
        ),
        _panel(
            query,
            "others",
            "Recently changed by others",
            film_changes_by_others(user),
            empty="Nobody else has changed a film yet.",
        ),
        _panel(
            query,
            "scheduled",
            "Scheduled",
            scheduled(),
            empty="No film is scheduled to go live or to be taken down.",
            note="Publications and withdrawals to come, soonest first.",
        ),
        _panel(
            query,
            "incomplete",
            "Films with missing sections",
            with_missing_sections(),
            empty="Every film has all its sections.",
            note="Latest edited first.",
            wide=True,
            prepare=_name_missing_sections,
        ),
        _panel(
            query,
            "claims",
            "Unsourced claims",
            unsourced_claims(**filters),
            per_page=CLAIMS_PER_PAGE,
            empty="No unsourced claim matches these filters." if filters else "Every claim has a source.",
            note="Each claim without a source URL or publication, by film.",
            wide=True,
            prepare=_link_claims,
            filter_form=claims_filter,
            kept=claims_filter.other_parameters(),
        ),
    ]


def _panel(query, key, title, rows, *, per_page=PER_PAGE, prepare=None, **options):
    parameter = f"{key}_page"
    page = Paginator(rows, per_page).get_page(query.get(parameter))
    page.object_list = list(page.object_list)  # read here, not while the template renders
    if prepare is not None:
        prepare(page.object_list)
    return Panel(key, title, page, _page_links(query, parameter, page), **options)


def _page_links(query, parameter, page):
    def url(number):
        params = query.copy()
        params[parameter] = number
        return "?" + params.urlencode()

    links = []
    if page.has_previous():
        links += [PageLink("First", url(1)), PageLink("Previous", url(page.previous_page_number()), "prev")]
    if page.has_next():
        links += [
            PageLink("Next", url(page.next_page_number()), "next"),
            PageLink("Last", url(page.paginator.num_pages)),
        ]
    return links


# The questions, one per panel


def drafts_worked_on_by(user):
    """Drafts that ``user`` has added or changed in the admin, the one they touched last first.

    Read from the admin's log rather than ``status_changed_by``, which names only whoever last moved the
    film between draft, review and published: an editor who filled in someone else's draft worked on it too.
    """
    # The log keeps the film's id as text: compare it with the id cast to text, which both SQLite and
    # PostgreSQL do alike, rather than the log's text to a number, which PostgreSQL refuses for any id that
    # is not one.
    mine = film_log().filter(user=user, object_id=Cast(OuterRef("pk"), TextField())).order_by("-action_time")
    return (
        Film.objects.filter(status=FilmStatus.DRAFT)
        .annotate(my_last_change=Subquery(mine.values("action_time")[:1]))
        .filter(my_last_change__isnull=False)
        .only(*FILM_ROW)
        .order_by("-my_last_change", "pk")
    )


def in_review():
    """Films in review with who sent them, longest waiting first."""
    return (
        Film.objects.filter(status=FilmStatus.REVIEW)
        .select_related("status_changed_by")
        .only(*FILM_ROW, "status_changed_at", "status_changed_by")
        .order_by(F("status_changed_at").asc(nulls_first=True), "pk")
    )


def film_log():
    return LogEntry.objects.filter(
        content_type__app_label=Film._meta.app_label, content_type__model=Film._meta.model_name
    )


def film_changes_by_others(user):
    """What other people did to films in the admin, latest first."""
    return film_log().exclude(user=user).select_related("user", "content_type").order_by("-action_time", "-pk")


def scheduled():
    """Films with a publication or withdrawal to come, soonest first, with who scheduled it."""
    # A film's withdrawal comes after its going live (the ``film_unpublish_after_go_live`` check), so the
    # first of the two set is the sooner.
    return (
        Film.objects.filter(Q(go_live_at__isnull=False) | Q(unpublish_at__isnull=False))
        .select_related("scheduled_by")
        .only(*FILM_ROW, "go_live_at", "unpublish_at", "scheduled_by")
        .order_by(Coalesce("go_live_at", "unpublish_at"), "pk")
    )


def with_missing_sections():
    """Films missing a section of their page (``completeness``), latest edited first."""
    films = completeness.with_completeness(Film.objects.only(*FILM_ROW))
    return completeness.incomplete(films).order_by("-updated_at", "pk")


def _name_missing_sections(films):
    for film in films:
        film.missing_sections = completeness.missing_sections(film)


def unsourced_claims(film=None, kind=None):
    """Every unsourced claim of the catalog, one row per claim, by film: one UNION of the claim models.

    ``film`` keeps the claims of the films it names (a slug, or words of a title); ``kind`` those of one
    kind (``CLAIM_KINDS``). Rows are dictionaries: ``claim_pk``, ``claim_model``, ``claim_kind``, ``film_pk``,
    ``film_title``, ``film_year``, ``label`` and ``detail``.
    """
    parts = []
    for model in completeness.CLAIM_MODELS:
        claims = model.objects.filter(UNSOURCED)
        model_name = model._meta.model_name
        if model is FilmNote:
            claim_kind = F("kind")
            if kind in NoteKind.values:
                claims = claims.filter(kind=kind)
            elif kind:
                continue
        else:
            claim_kind = Value(model_name)
            if kind and kind != model_name:
                continue
        if film:
            named = Film.objects.filter(slug=film) | Film.objects.with_title_matching(film)
            claims = claims.filter(film__in=named.values("pk"))
        label, detail = CLAIM_EXCERPTS[model]
        parts.append(
            claims.order_by().values(
                claim_pk=F("pk"),
                claim_model=Value(model_name),
                claim_kind=claim_kind,
                film_pk=F("film_id"),
                film_title=F("film__title"),
                film_year=F("film__year"),
                label=label,
                detail=detail,
            )
        )
    first, *others = parts
    rows = first.union(*others, all=True) if others else first
    return rows.order_by("film_title", "film_pk", "claim_kind", "claim_pk")


def _link_claims(claims):
    for claim in claims:
        film_url = reverse("admin:catalog_film_change", args=[claim["film_pk"]])
        claim["url"] = f"{film_url}#claim-{claim['claim_model']}-{claim['claim_pk']}"
        claim["kind_label"] = CLAIM_KINDS.get(claim["claim_kind"], claim["claim_kind"])


class ClaimFilter(forms.Form):
    """The "Unsourced claims" panel's filters, read from the query string."""

    claims_film = forms.CharField(
        label="Film", required=False, max_length=100, help_text="Its title, or words of it, or its slug."
    )
    claims_kind = forms.ChoiceField(label="Kind", required=False)

    def __init__(self, data):
        super().__init__(data)
        notes = [(kind, label) for kind, label in CLAIM_KINDS.items() if kind in NoteKind.values]
        others = [(kind, label) for kind, label in CLAIM_KINDS.items() if kind not in NoteKind.values]
        self.fields["claims_kind"].choices = [("", "Every kind"), ("Notes", notes), ("Other claims", others)]

    def filters(self):
        """The valid filters as ``unsourced_claims()`` takes them; a value that is not valid filters nothing."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            name: cleaned[key] for name, key in (("film", "claims_film"), ("kind", "claims_kind")) if cleaned.get(key)
        }

    def other_parameters(self):
        """``(name, value)`` of the query string's other parameters, which the form carries along as it is sent.

        Not the claims' page: a new filter starts them again at their first page.
        """
        own = {*self.fields, "claims_page"}
        return [(name, value) for name in self.data if name not in own for value in self.data.getlist(name)]
