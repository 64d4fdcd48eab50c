"""Bulk actions on the film changelist: confirmed on a page first, then one revision and log entry per film."""

from html.parser import HTMLParser
from typing import NamedTuple

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from catalog.admin import actions
from catalog.models import Film, FilmStatus

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_film_changelist")
PUBLISHER_ACTIONS = ["return_to_draft", "publish", "unpublish"]


def choose(client, action, films, **extra):
    """The changelist's POST: ``action`` chosen for ``films`` in the dropdown."""
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [film.pk for film in films], "index": "0", **extra}
    )


class _ConfirmationForm(HTMLParser):
    """The inputs of the page's own form (not the header's sign-out form), as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data, self._inside = {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = "action" not in attrs
        elif tag == "input" and self._inside and attrs.get("type") != "submit":
            self.data.setdefault(attrs["name"], []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def confirmation_data(response):
    parser = _ConfirmationForm()
    parser.feed(response.content.decode())
    return parser.data


def confirm(client, response, **extra):
    """Answer “yes” on the confirmation page, adding ``extra`` (the genre chosen, say)."""
    return client.post(CHANGELIST, {**confirmation_data(response), **extra})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def history(film):
    """``(versions, log entries)`` of the film: what its history page lists."""
    versions = list(Version.objects.get_for_object(film).select_related("revision"))
    entries = list(LogEntry.objects.filter(content_type__model="film", object_id=str(film.pk)))
    return versions, entries


def assert_is_confirmation(response, films):
    assert response.status_code == 200
    assert response.templates[0].name == "admin/catalog/film/action_confirmation.html"
    assert [film.pk for film in response.context["plan"].to_change] == [film.pk for film in films]
    page = response.content.decode()
    assert "Yes, I’m sure" in page and "No, take me back" in page


def assert_untouched(*films):
    for film in films:
        status = film.status
        film.refresh_from_db()
        assert film.status == status
        assert history(film) == ([], [])


class Case(NamedTuple):
    who: str
    changes: list  # the statuses of the films it changes
    leaves: FilmStatus  # the status of a film it leaves alone...
    reason: str  # ...and why
    after: FilmStatus
    message: str


STATUS_ACTIONS = {
    "submit_for_review": Case(
        "editor_client",
        [FilmStatus.DRAFT],
        FilmStatus.PUBLISHED,
        "already published",
        FilmStatus.REVIEW,
        "1 film submitted for review; 1 skipped: already published.",
    ),
    "return_to_draft": Case(
        "publisher_client",
        [FilmStatus.REVIEW],
        FilmStatus.DRAFT,
        "already a draft",
        FilmStatus.DRAFT,
        "1 film returned to draft; 1 skipped: already a draft.",
    ),
    "publish": Case(
        "publisher_client",
        [FilmStatus.DRAFT, FilmStatus.REVIEW],
        FilmStatus.PUBLISHED,
        "already published",
        FilmStatus.PUBLISHED,
        "2 films published; 1 skipped: already published.",
    ),
    "unpublish": Case(
        "publisher_client",
        [FilmStatus.PUBLISHED],
        FilmStatus.REVIEW,
        "not published",
        FilmStatus.DRAFT,
        "1 film unpublished; 1 skipped: not published.",
    ),
}


@pytest.mark.parametrize("action", STATUS_ACTIONS)
def test_a_status_action_is_confirmed_then_changes_each_film_with_its_own_revision(request, make, action):
    who, changes, leaves, reason, after, message = STATUS_ACTIONS[action]
    client = request.getfixturevalue(who)
    films = [make.film(f"To change {n}", status=status) for n, status in enumerate(changes)]
    skipped = make.film("Left alone", status=leaves)

    page = choose(client, action, [*films, skipped])
    assert_is_confirmation(page, films)
    assert page.context["plan"].skipped == [(skipped, reason)]
    text = page.content.decode()
    assert all(str(film) in text for film in films) and f"Left alone (2000)</a>: {reason}" in text
    assert_untouched(*films, skipped)

    done = confirm(client, page)
    assert done.status_code == 302
    revisions = set()
    for film in films:
        film.refresh_from_db()
        assert film.status == after
        versions, entries = history(film)
        assert len(versions) == 1 and len(entries) == 1
        assert versions[0].field_dict["status"] == after
        assert versions[0].revision.user == entries[0].user == done.wsgi_request.user
        assert entries[0].change_message == versions[0].revision.comment
        assert "(bulk action)" in entries[0].change_message
        revisions.add(versions[0].revision_id)
    assert len(revisions) == len(films)  # each film in a revision of its own
    assert_untouched(skipped)
    assert shown_messages(done) == [message]


def test_the_dashboards_return_button_lands_on_the_confirmation_page(publisher_client, make):
    film = make.film("Sent back", status=FilmStatus.REVIEW)
    response = publisher_client.post(
        CHANGELIST,
        f"action=return_to_draft&_selected_action={film.pk}&index=0",
        content_type="application/x-www-form-urlencoded",
    )
    assert_is_confirmation(response, [film])
    assert_untouched(film)


def test_the_films_history_page_lists_the_bulk_change(publisher_client, make):
    film = make.film("Quiet", status=FilmStatus.REVIEW)
    confirm(publisher_client, choose(publisher_client, "publish", [film]))
    page = publisher_client.get(reverse("admin:catalog_film_history", args=[film.pk])).content.decode()
    assert "Published (bulk action)." in page


# Genres


def test_adding_a_genre_records_it_in_each_films_revision_counts_it_and_lists_the_film_on_its_page(
    editor_client, client, make
):
    genre = make.genre("Noir")
    films = [make.film("Out of the Past", year=1947), make.film("Draft noir", status=FilmStatus.DRAFT)]
    already = make.film("The Big Sleep", year=1946)
    already.genres.add(genre)

    page = choose(editor_client, "add_genre", [*films, already])
    assert_is_confirmation(page, sorted([*films, already], key=lambda f: (f.title, f.year)))
    assert '<label for="id_genre">Genre to add:</label>' in page.content.decode()
    assert_untouched(*films, already)

    done = confirm(editor_client, page, genre=str(genre.pk))
    assert done.status_code == 302
    assert shown_messages(done) == ["2 films added to Noir; 1 skipped: already in Noir."]
    for film in films:
        versions, entries = history(film)
        assert len(versions) == 1 and len(entries) == 1
        assert versions[0].field_dict["genres"] == [genre.pk]  # the film as it is after the change
        assert entries[0].change_message == versions[0].revision.comment == "Genre Noir added (bulk action)."
    assert history(already) == ([], [])
    genre.refresh_from_db()
    assert genre.film_count == 2  # the published two; the draft is not counted
    listing = client.get(genre.get_absolute_url()).content.decode()
    assert "Out of the Past" in listing and "Draft noir" not in listing


def test_removing_a_genre_uncounts_it_and_takes_the_film_off_its_page(editor_client, client, make):
    genre = make.genre("Noir")
    kept, removed = make.film("Kept noir"), make.film("Not noir after all")
    for film in (kept, removed):
        film.genres.add(genre)
    assert "Not noir after all" in client.get(genre.get_absolute_url()).content.decode()

    done = confirm(editor_client, choose(editor_client, "remove_genre", [removed]), genre=str(genre.pk))
    assert shown_messages(done) == ["1 film removed from Noir."]
    (version,), _ = history(removed)
    assert version.field_dict["genres"] == []
    genre.refresh_from_db()
    assert genre.film_count == 1
    listing = client.get(genre.get_absolute_url()).content.decode()
    assert "Kept noir" in listing and "Not noir after all" not in listing


def test_a_genre_change_bumps_the_lock_so_an_older_change_form_cannot_undo_it(editor_client, make):
    film, genre = make.film(), make.genre()
    lock_before = film.lock_version
    confirm(editor_client, choose(editor_client, "add_genre", [film]), genre=str(genre.pk))
    film.refresh_from_db()
    assert film.lock_version == lock_before + 1


@pytest.mark.parametrize(
    ("genre", "error"),
    [
        pytest.param("", "Choose the genre to add.", id="none-chosen"),
        pytest.param("999999", "That genre does not exist", id="unknown"),
        pytest.param("abc", "That genre does not exist", id="not-an-id"),
        pytest.param("99999999999999999999", "That genre does not exist", id="huge-id"),
    ],
)
def test_a_missing_or_unknown_genre_shows_the_confirmation_again_with_an_error(editor_client, make, genre, error):
    film = make.film()
    response = confirm(editor_client, choose(editor_client, "add_genre", [film]), genre=genre)
    assert_is_confirmation(response, [film])
    assert error in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert_untouched(film)


# Who may do what


def test_editors_are_not_offered_the_publishers_actions(editor_client, make):
    make.film()
    offered = editor_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _ in offered}
    assert {"add_genre", "remove_genre", "submit_for_review"} <= names
    assert names.isdisjoint(PUBLISHER_ACTIONS)


@pytest.mark.parametrize("action", PUBLISHER_ACTIONS)
def test_a_publishers_action_posted_by_an_editor_changes_nothing(editor_client, make, action):
    films = [make.film(status=status) for status in FilmStatus.values]
    for data in (
        {"action": action, "_selected_action": [f.pk for f in films], "index": "0"},
        {"action": action, "_selected_action": [f.pk for f in films], "post": "yes"},
    ):
        response = editor_client.post(CHANGELIST, data, follow=True)
        assert response.status_code == 200
        assert shown_messages(response) == ["No action selected."]
    assert_untouched(*films)


# Selections that went wrong


def test_an_empty_selection_is_answered_with_a_message(editor_client, make):
    make.film()
    response = editor_client.post(CHANGELIST, {"action": "submit_for_review", "index": "0"}, follow=True)
    assert response.status_code == 200
    assert "Items must be selected" in response.content.decode()


def test_films_deleted_since_the_confirmation_page_are_reported_and_nothing_changes(editor_client, make):
    films = [make.film(status=FilmStatus.DRAFT) for _ in range(2)]
    page = choose(editor_client, "submit_for_review", films)
    Film.objects.filter(pk=films[1].pk).delete()
    response = confirm(editor_client, page)
    assert_is_confirmation(response, films[:1])
    assert "1 of the selected films no longer exists." in shown_messages(response)
    assert_untouched(films[0])


def test_a_film_that_no_longer_qualifies_shows_the_page_again_and_nothing_changes(publisher_client, make):
    films = [make.film("Ready", status=FilmStatus.REVIEW), make.film("Beaten to it", status=FilmStatus.REVIEW)]
    page = choose(publisher_client, "publish", films)
    Film.objects.filter(pk=films[1].pk).update(status=FilmStatus.PUBLISHED)  # someone else published it

    again = confirm(publisher_client, page)
    assert_is_confirmation(again, films[:1])
    assert any("“Beaten to it (2000)” is now left as it is: already published." in m for m in shown_messages(again))
    assert_untouched(films[0])

    done = confirm(publisher_client, again)
    assert shown_messages(done) == ["1 film published; 1 skipped: already published."]
    films[0].refresh_from_db()
    assert films[0].status == FilmStatus.PUBLISHED


def test_a_film_that_now_qualifies_is_not_changed_unconfirmed(publisher_client, make):
    ready, late = make.film("Ready", status=FilmStatus.REVIEW), make.film("Late", status=FilmStatus.PUBLISHED)
    page = choose(publisher_client, "publish", [ready, late])
    Film.objects.filter(pk=late.pk).update(status=FilmStatus.DRAFT)
    again = confirm(publisher_client, page)
    assert_is_confirmation(again, [late, ready])
    assert any("“Late (2000)” can now be changed too." in m for m in shown_messages(again))
    assert_untouched(ready)


def test_when_no_selected_film_qualifies_the_page_offers_only_the_way_back(publisher_client, make):
    film = make.film(status=FilmStatus.DRAFT)
    response = choose(publisher_client, "unpublish", [film])
    assert response.status_code == 200
    assert "None of the selected films can be changed" in response.content.decode()
    assert "Yes, I’m sure" not in response.content.decode()
    assert_untouched(film)


def test_select_all_is_confirmed_film_by_film(editor_client, make):
    films = [make.film(status=FilmStatus.DRAFT) for _ in range(3)]
    response = choose(editor_client, "submit_for_review", films[:1], select_across="1", post="yes")
    assert_is_confirmation(response, sorted(films, key=lambda f: (f.title, f.year)))
    assert_untouched(*films)


def test_a_failure_part_way_leaves_no_film_changed(publisher_client, make, monkeypatch):
    films = [make.film(f"Film {n}", status=FilmStatus.REVIEW) for n in range(3)]
    applied = []
    original = actions.StatusChange.apply

    def fail_on_the_second(self, film, choice):
        applied.append(film)
        if len(applied) == 2:
            raise RuntimeError("disk full")
        return original(self, film, choice)

    page = choose(publisher_client, "publish", films)
    monkeypatch.setattr(actions.StatusChange, "apply", fail_on_the_second)
    with pytest.raises(RuntimeError):
        confirm(publisher_client, page)
    assert_untouched(*films)
