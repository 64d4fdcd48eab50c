"""The editors' dashboard on the admin's home page: each panel shows the right films to the right person,
pages on its own, survives any query string, and costs the same queries at 2,000 films as at 60."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog import derived
from catalog.models import FilmingLocation, FilmNote, FilmStatus, KeyScene, Nomination, NoteKind, Quote
from catalog.models.films import Film
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:catalog_film_changelist")
# What the dashboard costs: the session, the user, their permissions (two), and each of the six panels'
# count and page.
DASHBOARD_QUERIES = 16


def signed_in(make, group, name=None):
    user = make.staff_in(group, name)
    client = Client()
    client.force_login(user)
    return user, client


def dashboard(client, **params):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    return response


def panel(response, key):
    """The HTML of one panel ("drafts", "review", "others", "scheduled", "incomplete", "claims")."""
    found = re.search(
        rf'<section [^>]*aria-labelledby="dashboard-{key}">.*?</section>', response.content.decode(), re.DOTALL
    )
    assert found, f"no {key} panel"
    return found.group(0)


def text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def links(fragment):
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]+)"', fragment)]


def link_named(fragment, name):
    """The address of the link whose text starts with ``name``."""
    found = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(name)}\b', fragment)
    assert found, f"no {name} link"
    return html.unescape(found[1])


def query_of(url):
    return parse_qs(urlsplit(url).query)


def claim_rows(fragment):
    """The claims panel's rows as ``(claim, kind, film)``."""
    body = re.search(r"<tbody>(.*?)</tbody>", fragment, re.DOTALL)[1]
    return [
        tuple(text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    ]


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def log_change(user, film, action=CHANGE, message="Changed title."):
    return LogEntry.objects.log_actions(user.pk, [film], action, change_message=message, single_object=True)


def sent_for_review(make, title, by, hours_ago=1):
    return make.film(
        title,
        status=FilmStatus.REVIEW,
        status_changed_by=by,
        status_changed_at=timezone.now() - timedelta(hours=hours_ago),
    )


# My drafts


def test_my_drafts_are_the_drafts_i_changed_latest_first(make):
    _, client = signed_in(make, "Editor")
    other, other_client = signed_in(make, "Editor")
    older, newer = make.film("Older Draft", status=FilmStatus.DRAFT), make.film("Newer Draft", status=FilmStatus.DRAFT)
    theirs = make.film("Their Draft", status=FilmStatus.DRAFT)
    published = make.film("Published Film")
    for film in (older, newer, published):
        url = change_url(film)
        assert client.post(url, change_form_data(client.get(url))).status_code == 302
    log_change(other, theirs)

    drafts = panel(dashboard(client), "drafts")
    assert "My drafts (2)" in text(drafts)
    assert text(drafts).index("Newer Draft") < text(drafts).index("Older Draft")
    assert "Their Draft" not in drafts and "Published Film" not in drafts
    assert change_url(newer) in links(drafts)
    assert "Their Draft" in panel(dashboard(other_client), "drafts")


# Waiting for review


def test_a_publisher_sees_every_film_in_review_with_publish_and_return_buttons(make):
    _, client = signed_in(make, "Publisher")
    editor = make.staff_in("Editor")
    first = sent_for_review(make, "Waited Longest", editor, hours_ago=5)
    sent_for_review(make, "Sent Just Now", make.staff_in("Editor"), hours_ago=1)
    make.film("A Draft", status=FilmStatus.DRAFT)

    review = panel(dashboard(client), "review")
    assert "Waiting for review (2)" in text(review)
    assert text(review).index("Waited Longest") < text(review).index("Sent Just Now")
    assert "A Draft" not in review
    assert editor.username in text(review)
    forms = re.findall(r'<form method="post" action="([^"]+)">(.*?)</form>', review, re.DOTALL)
    assert {action for action, _ in forms} == {CHANGELIST}
    buttons = {
        (
            re.search(r'name="action" value="(\w+)"', body)[1],
            re.search(r'name="_selected_action" value="(\d+)"', body)[1],
        )
        for _, body in forms
    }
    assert ("publish", str(first.pk)) in buttons and ("return_to_draft", str(first.pk)) in buttons
    assert all('name="index" value="0"' in body and "csrfmiddlewaretoken" in body for _, body in forms)
    # Each button names its film for those who cannot see which row it is in.
    assert "Publish Waited Longest (2000)" in text(review)
    assert "Return to draft Sent Just Now (2000)" in text(review)


def test_titles_are_shown_as_text_not_markup(make):
    _, client = signed_in(make, "Publisher")
    sent_for_review(make, '<img src=x onerror="alert(1)"> & Co', make.staff_in("Editor"))

    review = panel(dashboard(client), "review")
    assert "<img" not in review
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co (2000)" in review
    assert 'Publish <img src=x onerror="alert(1)"> & Co (2000)' in text(review)


def test_an_editor_sees_only_the_films_they_sent_and_no_publish_button(make):
    editor, client = signed_in(make, "Editor")
    sent_for_review(make, "Mine In Review", editor)
    sent_for_review(make, "Someone Else's", make.staff_in("Editor"))

    review = panel(dashboard(client), "review")
    assert "Waiting for review (1)" in text(review)
    assert "Mine In Review" in review and "Someone Else" not in review
    assert "<form" not in review and "<button" not in review


# Recently changed by others


def test_recently_changed_by_others_leaves_out_my_own_changes(make):
    me, client = signed_in(make, "Editor")
    other = make.staff_in("Publisher", "olga")
    mine, theirs, gone = make.film("Changed By Me"), make.film("Changed By Olga"), make.film("Deleted By Olga")
    log_change(me, mine)
    log_change(other, theirs, message="Changed logline.")
    log_change(other, gone, ADDITION, message="")
    log_change(other, gone, DELETION, message="")

    others = panel(dashboard(client), "others")
    assert "Recently changed by others (3)" in text(others)
    assert "Changed By Me" not in others
    assert "olga" in text(others) and "Changed logline." in text(others)
    assert change_url(theirs) in links(others)
    assert "Deleted." in text(others)


# Films with missing sections


def test_films_with_missing_sections_say_which(catalog, make):
    _, client = signed_in(make, "Editor")
    make.film("Bare Film")

    incomplete = panel(dashboard(client), "incomplete")
    row = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>Bare Film \(2000\)</a></th>(.*?)</tr>", incomplete, re.DOTALL)
    assert row and "summary" in text(row[1]) and "cast" in text(row[1])
    assert f"Films with missing sections ({Film.objects.count()})" in text(incomplete)


# Unsourced claims


@pytest.fixture
def second_film_claims(make):
    film = make.film("Second Film")
    quote = Quote.objects.create(film=film, text="An unsourced line.", character_name="Someone")
    Quote.objects.create(film=film, text="A sourced line.", character_name="Someone", source_publication="Variety")
    return film, quote


def test_unsourced_claims_are_listed_one_by_one_with_a_link_to_each(catalog, make, second_film_claims):
    _, client = signed_in(make, "Editor")
    film, quote = second_film_claims

    claims = panel(dashboard(client), "claims")
    assert "Unsourced claims (37)" in text(claims)  # Parallel Mothers' 36, as the fixtures have them, and one
    assert "A sourced line" not in claims

    page = panel(dashboard(client, claims_film=film.slug), "claims")
    assert "Unsourced claims (1)" in text(page)
    assert f"{change_url(film)}#claim-quote-{quote.pk}" in links(page)
    assert claim_rows(page) == [("An unsourced line.", "Quote", "Second Film (2000)")]


def test_unsourced_claims_filter_by_film_and_by_kind(catalog, make, second_film_claims):
    _, client = signed_in(make, "Editor")
    mothers = Film.objects.get(slug="parallel-mothers")

    by_title = panel(dashboard(client, claims_film="Parallel"), "claims")
    assert "Second Film" not in by_title and "Parallel Mothers (2021)" in text(by_title)

    quotes = panel(dashboard(client, claims_kind="quote"), "claims")
    assert f"Unsourced claims ({Quote.objects.filter(source_url='', source_publication='').count()})" in text(quotes)
    assert {kind for _, kind, _ in claim_rows(quotes)} == {"Quote"}
    assert ("An unsourced line.", "Quote", "Second Film (2000)") in claim_rows(quotes)

    easter_eggs = panel(dashboard(client, claims_kind=NoteKind.EASTER_EGG, claims_film="parallel-mothers"), "claims")
    expected = FilmNote.objects.filter(film=mothers, kind=NoteKind.EASTER_EGG, source_url="", source_publication="")
    assert f"Unsourced claims ({expected.count()})" in text(easter_eggs)
    assert {f"{change_url(mothers)}#claim-filmnote-{note.pk}" for note in expected} <= set(links(easter_eggs))
    # The form shows what it filters by.
    assert 'value="easter_egg" selected' in easter_eggs and 'value="parallel-mothers"' in easter_eggs

    nothing = text(panel(dashboard(client, claims_film="no such film"), "claims"))
    assert "Unsourced claims (0)" in nothing and "No unsourced claim matches these filters." in nothing


# Paging


def test_paging_one_panel_keeps_the_other_panels_where_they_were(catalog, make):
    _, client = signed_in(make, "Editor")
    many = make.film("Many Claims")
    FilmNote.objects.bulk_create(
        FilmNote(film=many, kind=NoteKind.TRIVIA, title=f"Fact {n}", text="…") for n in range(30)
    )

    response = dashboard(client, incomplete_page="2", claims_kind="trivia")
    claims, incomplete = panel(response, "claims"), panel(response, "incomplete")
    assert "Page 2 of 2" in text(incomplete)
    assert query_of(link_named(incomplete, "Previous")) == {"incomplete_page": ["1"], "claims_kind": ["trivia"]}
    following = query_of(link_named(claims, "Next"))
    assert following == {"incomplete_page": ["2"], "claims_kind": ["trivia"], "claims_page": ["2"]}
    # The filter form carries the films' page along, and starts the claims again at their first page.
    assert '<input type="hidden" name="incomplete_page" value="2">' in claims
    assert 'name="claims_page"' not in claims

    response = dashboard(client, **{name: values[0] for name, values in following.items()})
    assert "Page 2 of" in text(panel(response, "claims")) and "Page 2 of 2" in text(panel(response, "incomplete"))
    first_page_films = set(links(panel(dashboard(client), "incomplete")))
    assert first_page_films.isdisjoint(links(panel(response, "incomplete")))


@pytest.mark.parametrize(
    "params",
    [
        {"drafts_page": "abc", "review_page": "-1", "others_page": "0", "claims_page": "99999999999999999999"},
        {"incomplete_page": "1e3", "scheduled_page": "", "claims_page": "２"},
        {"claims_kind": "<script>alert(1)</script>"},
        {"claims_film": "999999"},
        {"claims_film": "<b>x</b>\x00", "claims_kind": ["quote", "trivia"]},
        {"claims_film": "x" * 5000},
        {"claims_film": "' OR 1=1 --", "claims_kind": "quote"},
    ],
)
def test_hostile_query_strings_get_a_page_not_an_error(catalog, make, params):
    _, client = signed_in(make, "Publisher")
    response = dashboard(client, **params)
    page = response.content.decode()
    assert "<script>alert" not in page and "<b>x</b>" not in page
    assert "Unsourced claims (" in text(page)


def test_a_bad_filter_value_says_so_and_filters_nothing(catalog, make):
    _, client = signed_in(make, "Editor")
    claims = text(panel(dashboard(client, claims_kind="<script>"), "claims"))
    assert "Select a valid choice. <script> is not one of the available choices." in claims
    assert "Unsourced claims (36)" in claims and "Show every claim" in claims
    assert "Show every claim" not in text(panel(dashboard(client), "claims"))


# Scheduled


def test_scheduled_films_say_what_happens_when_and_who_scheduled_them(make):
    _, client = signed_in(make, "Editor")
    publisher = make.staff_in("Publisher", "paula")
    now = timezone.now()
    make.film("Goes Live Later", status=FilmStatus.REVIEW, go_live_at=now + timedelta(days=3), scheduled_by=publisher)
    make.film("Comes Down Soon", unpublish_at=now + timedelta(days=1), scheduled_by=publisher)
    make.film("Not Scheduled")

    scheduled = text(panel(dashboard(client), "scheduled"))
    assert "Scheduled (2)" in scheduled and "Not Scheduled" not in scheduled
    assert scheduled.index("Comes Down Soon") < scheduled.index("Goes Live Later")
    assert re.search(r"Comes Down Soon \(2000\) Back to draft .+ paula", scheduled)
    assert re.search(r"Goes Live Later \(2000\) Goes live .+ paula", scheduled)


# Who sees it


def test_everyone_else_is_sent_to_sign_in(make, client):
    response = client.get(INDEX)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    client.force_login(User.objects.create_user("visitor", password="pw"))
    response = client.get(INDEX)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_staff_without_rights_on_films_get_the_model_list_alone(make, client):
    user = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(user)
    page = dashboard(client).content.decode()
    assert "dashboard-panel" not in page and "permission to view or edit anything" in page


def test_the_model_list_stays_on_the_home_page(make):
    _, client = signed_in(make, "Editor")
    page = dashboard(client).content.decode()
    for model in ("person", "awardbody", "genre"):
        assert reverse(f"admin:catalog_{model}_changelist") in page


# Query count


CLAIM_MODELS = [FilmNote, KeyScene, Quote, FilmingLocation, Nomination]


def grow(films, *, me, others, category):
    """Add ``films`` films, with something for every panel: my drafts, films in review, scheduled films,
    others' changes and unsourced claims of every kind."""
    start = Film.objects.count()
    now = timezone.now()
    statuses = [FilmStatus.DRAFT, FilmStatus.REVIEW, FilmStatus.PUBLISHED]
    new = Film.objects.bulk_create(
        Film(
            title=f"Grown {n}",
            slug=f"grown-{n}",
            year=1950 + n % 70,
            status=statuses[n % 3],
            status_changed_by=me if n % 2 else others,
            status_changed_at=now - timedelta(minutes=n),
            go_live_at=now + timedelta(hours=n) if n % 5 == 0 else None,
            scheduled_by=others if n % 5 == 0 else None,
        )
        for n in range(start, start + films)
    )
    film_type = ContentType.objects.get_for_model(Film)
    LogEntry.objects.bulk_create(
        LogEntry(
            user=user,
            content_type=film_type,
            object_id=str(film.pk),
            object_repr=str(film),
            action_flag=CHANGE,
            change_message="Changed title.",
        )
        for film in new
        for user in (me, others)
    )
    FilmNote.objects.bulk_create(FilmNote(film=f, kind=NoteKind.TRIVIA, title="A fact", text="…") for f in new)
    Quote.objects.bulk_create(Quote(film=f, text="A line.", character_name="Someone") for f in new)
    KeyScene.objects.bulk_create(KeyScene(film=f, title="A scene") for f in new)
    FilmingLocation.objects.bulk_create(FilmingLocation(film=f, place="A place") for f in new)
    Nomination.objects.bulk_create(Nomination(film=f, category=category, year=2001) for f in new)
    # bulk_create skips save(): the films' folded titles, which the claims' film filter reads, come from here.
    derived.refresh(derived.Changes(films={film.pk for film in new}))


def count_queries(client, params):
    client.get(INDEX, params)  # process-wide caches (content types, for one) fill on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX, params)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_at_2000_films_as_at_60(make):
    publisher, client = signed_in(make, "Publisher")
    others = make.staff_in("Editor")
    category = make.category()
    views = {
        "first pages": {},
        "deep pages, filtered": {
            "drafts_page": "2",
            "review_page": "2",
            "incomplete_page": "3",
            "claims_kind": "quote",
            "claims_film": "grown",
            "claims_page": "2",
        },
    }

    grow(60, me=publisher, others=others, category=category)
    small = {name: count_queries(client, params) for name, params in views.items()}
    grow(1940, me=publisher, others=others, category=category)
    assert Film.objects.count() == 2000
    large = {name: count_queries(client, params) for name, params in views.items()}

    assert small == large == dict.fromkeys(views, DASHBOARD_QUERIES)
    # Every panel had rows to show, and more than one page of them.
    page = dashboard(client).content.decode()
    assert page.count('rel="next"') == 6
