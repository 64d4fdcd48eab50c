"""Full-text search, with the same expectations on PostgreSQL and SQLite: ranking, weights, accents, prefixes,
several words, indexes, and what search finds kept current by every write path."""

import random
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import search
from catalog.data.imports.apply import apply_batch
from catalog.models import AlternativeTitle, Credit, Film, FilmNote, FilmStatus, NoteKind, Person, Quote, Role
from catalog.search import search_catalog
from tests.admin_forms import change_form_data
from tests.test_bulk_actions import choose, confirm
from tests.test_import_apply import harbour
from tests.test_publication_rule import restore, save_version

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes and plans")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables and plans")


def films(query):
    return [film.title for film in search_catalog(query).films]


def people(query):
    return [person.name for person in search_catalog(query).people]


def note(film, text, title="A note", kind=NoteKind.TRIVIA):
    return FilmNote.objects.create(film=film, kind=kind, title=title, text=text)


def quote(film, text):
    return Quote.objects.create(film=film, text=text, character_name="Narrator")


def test_a_title_match_ranks_above_a_mention_in_trivia(make):
    mention = make.film("A Quiet Week")
    note(mention, "The crew slept in a lighthouse between takes.")
    make.film("The Lighthouse")
    assert films("lighthouse") == ["The Lighthouse", "A Quiet Week"]


def test_titles_outrank_people_who_outrank_quotes_which_outrank_notes(make):
    # Alphabetical order is the reverse of the expected one, so only the weights can explain the result.
    in_notes = make.film("Alpha")
    note(in_notes, "Marlowe is a name the writer liked.")
    quote(make.film("Bravo"), "Nobody calls me Marlowe.")
    make.credit(make.film("Charlie"), make.person("Anna Marlowe"), Role.DIRECTOR)
    make.film("Marlowe")
    assert films("marlowe") == ["Marlowe", "Charlie", "Bravo", "Alpha"]


def test_an_alternative_title_weighs_as_much_as_the_title(make):
    retitled = make.film("Zulu")
    AlternativeTitle.objects.create(film=retitled, title="Lost Harbour")
    note(make.film("Able"), "Filmed in a lost harbour town.")
    assert films("lost harbour") == ["Zulu", "Able"]


def test_accents_are_optional_in_the_query_and_in_the_catalog(make):
    make.credit(make.film("Volver"), make.person("Pedro Almodóvar"), Role.DIRECTOR)
    make.person("Almodovar Fan")  # no credits: never shown
    make.credit(make.film("Tribute"), make.person("Penelope Almodovar"), Role.ACTOR)
    assert people("almodovar") == people("ALMODÓVAR") == ["Pedro Almodóvar", "Penelope Almodovar"]
    # The same weight on both: their order is the engine's (bm25 weighs a document's length, ts_rank does not).
    assert sorted(films("almodóvar")) == ["Tribute", "Volver"]


def test_every_word_must_match_though_each_may_match_a_different_field(make):
    film = make.film("Volver")
    make.credit(film, make.person("Penélope Cruz"), Role.ACTOR)
    make.credit(make.film("Broken Embraces"), make.person("Penélope Smit"), Role.ACTOR)
    assert people("penelope cruz") == ["Penélope Cruz"]
    assert people("penelope") == ["Penélope Cruz", "Penélope Smit"]
    assert films("volver penelope") == ["Volver"]
    assert films("volver hitchcock") == []


def test_the_last_word_may_be_unfinished(make):
    make.credit(make.film("Volver"), make.person("Pedro Almodóvar"), Role.DIRECTOR)
    assert people("almod") == people("pedro almod") == ["Pedro Almodóvar"]
    assert films("almod") == ["Volver"]
    # Only the last word: the visitor has finished typing the others.
    assert people("almod pedro") == []
    # A two-letter start would match half the vocabulary; it is taken as a whole word.
    assert people("pedro al") == []


def test_query_syntax_characters_are_plain_text(make, client):
    make.film("Rock & Roll Hotel")
    for query in ["rock & roll", "rock | jazz", "!rock", "rock:*", "(rock)", "'", "\\", "rock's", "<->", "ʼn½ ¼"]:
        assert client.get("/search/", {"q": query}).status_code == 200, query
    assert films("rock & roll") == ["Rock & Roll Hotel"]
    assert films("rock | jazz") == []


def test_renaming_a_person_updates_the_films_they_are_credited_on(make):
    person = make.person("Jon Smith")
    make.credit(make.film("Reminiscences"), person, Role.DIRECTOR)
    person.name = "Jonas Mekas"
    person.save()
    assert films("mekas") == ["Reminiscences"]
    assert people("mekas") == ["Jonas Mekas"]
    assert films("smith") == []


def test_adding_a_quote_makes_it_and_its_film_findable(make):
    film = make.film("Casablanca")
    assert films("usual suspects") == []
    quote(film, "Round up the usual suspects.")
    assert films("usual suspects") == ["Casablanca"]
    assert [found.text for found in search_catalog("usual suspects").quotes] == ["Round up the usual suspects."]


def test_deleting_a_note_removes_its_words(make):
    film = make.film("Stalker")
    trivia = note(film, "The zone was filmed near Tallinn.")
    assert films("tallinn") == ["Stalker"]
    trivia.delete()
    assert films("tallinn") == []


def test_a_credit_moved_to_another_film_moves_its_name(make):
    first, second = make.film("First"), make.film("Second")
    credit = make.credit(first, make.person("Agnès Varda"), Role.DIRECTOR)
    credit.film = second
    credit.save()
    assert films("varda") == ["Second"]


def test_editing_a_film_title_updates_its_document(make):
    film = make.film("Working Title")
    film.title = "Cléo from 5 to 7"
    film.save()
    assert films("cleo") == ["Cléo from 5 to 7"]
    assert films("working") == []


def test_a_draft_has_no_document_until_it_is_published_and_none_once_unpublished(make):
    film = make.film("Stromboli", status=FilmStatus.DRAFT)
    make.credit(film, make.person("Ingrid Bergman"), Role.ACTOR, character_name="Karin")

    def document():
        return has_document(film)

    assert not document()
    film.status = FilmStatus.PUBLISHED
    film.save()
    assert document()
    assert films("bergman") == ["Stromboli"]
    film.status = FilmStatus.DRAFT
    film.save()
    assert not document()
    call_command("update_search_index", verbosity=0)
    assert not document()


def test_changes_that_skip_save_are_picked_up_by_update_search_index(make):
    film = make.film("Before")
    note(film, "Shot before dawn.")
    quote(film, "Before we go.")
    Film.objects.update(title="After")
    FilmNote.objects.update(text="Shot after dusk.")
    Quote.objects.update(text="After we went.")
    assert films("after") == []
    call_command("update_search_index", verbosity=0)
    assert films("after") == ["After"]
    found = search_catalog("after")
    assert [n.text for n in found.notes] == ["Shot after dusk."]
    assert [q.text for q in found.quotes] == ["After we went."]


def test_an_edited_note_is_found_by_its_new_words_only(make):
    trivia = note(make.film("Solaris"), "The station was built at Mosfilm.")
    trivia.text = "The ocean was painted by hand."
    trivia.save()
    assert [n.title for n in search_catalog("ocean").notes] == ["A note"]
    assert search_catalog("mosfilm").notes == []


def test_renaming_a_character_renames_the_quotes_it_speaks(make):
    film = make.film("Manhattan")
    credit = make.credit(film, make.person("Woody Allen"), Role.ACTOR, character_name="Isaac")
    Quote.objects.create(film=film, speaker=credit, text="Chapter one.")
    credit.character_name = "Ike Davis"
    credit.save()
    assert [q.text for q in search_catalog("ike davis").quotes] == ["Chapter one."]
    assert search_catalog("isaac").quotes == []


def test_films_titled_with_the_words_come_first_however_many_mention_them(make, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 3)
    for n in range(6):
        note(make.film(f"Mention {n}"), "Ember, ember, ember: the word of the shoot.")
    make.film("Ember")
    found = search_catalog("ember", limit=2)
    assert [film.title for film in found.films][:1] == ["Ember"]
    assert len(found.films) == 2 and "films" in found.more


def has_document(film):
    """Whether search keeps words for ``film``: its document on PostgreSQL, its row in SQLite's table."""
    if connection.vendor == "postgresql":
        return Film.objects.filter(pk=film.pk, search_vector__isnull=False).exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.FILM_TABLE} WHERE rowid = %s", [film.pk])
        return cursor.fetchone()[0] == 1


@postgres_only
def test_the_gin_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexdef LIKE '%USING gin%'")
        indexes = dict(cursor.fetchall())
    for index in ("film_search_vector", "quote_search_vector", "film_note_search_vector"):
        assert "USING gin (search_vector) WITH (fastupdate=off)" in indexes[index]
    assert "WHERE ((status)::text = 'published'::text)" in indexes["film_title_search"]
    assert "USING gin (to_tsvector('simple'::regconfig" in indexes["person_name_search"]
    assert all("WITH (fastupdate=off)" in definition for definition in indexes.values())


WORDS = ["river", "night", "mother", "house", "garden", "winter", "letter", "island", "station", "ghost", "train"]


def make_catalog(size, seed=1):
    """``size`` films, each with a director, an actor, a quote and three notes, written without signals."""
    rng = random.Random(seed)

    def words(count):
        return " ".join(f"{rng.choice(WORDS)}{rng.randrange(300)}" for _ in range(count))

    new_films = Film.objects.bulk_create(
        Film(title=words(3), slug=f"generated-{n}", year=2000, status=FilmStatus.PUBLISHED, overview=words(40))
        for n in range(size)
    )
    new_people = Person.objects.bulk_create(Person(name=words(2), slug=f"generated-{n}") for n in range(size))
    Credit.objects.bulk_create(
        Credit(film=film, person=rng.choice(new_people), role=Role.DIRECTOR) for film in new_films
    )
    actors = Credit.objects.bulk_create(
        Credit(film=film, person=rng.choice(new_people), role=Role.ACTOR, character_name=words(1))
        for film in new_films
    )
    Quote.objects.bulk_create(Quote(film=credit.film, speaker=credit, text=words(12)) for credit in actors)
    FilmNote.objects.bulk_create(
        FilmNote(film=film, kind=NoteKind.TRIVIA, title=f"{words(3)} {n}", text=words(30))
        for film in new_films
        for n in range(3)
    )
    call_command("refresh_derived", verbosity=0)  # search documents and the rest
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather them in production.
        cursor.execute("ANALYZE")


def plans(client, query):
    """The plans of the view's queries for ``query``: films, people, quotes, notes, then the people's roles."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", {"q": query}).status_code == 200
    postgres = connection.vendor == "postgresql"
    explained = []
    with connection.cursor() as cursor:
        for captured in queries:
            cursor.execute(f"{'EXPLAIN' if postgres else 'EXPLAIN QUERY PLAN'} {captured['sql']}")
            explained.append("\n".join(row[0] if postgres else row[-1] for row in cursor.fetchall()))
    return explained


@pytest.fixture
def almodovar_in_a_large_catalog(make):
    # PostgreSQL's planner weighs the table's size; SQLite's reads a virtual table whatever its size.
    make_catalog(2_000 if connection.vendor == "postgresql" else 300)
    director = make.person("Pedro Almodóvar")
    make.credit(make.film("Volver"), director, Role.DIRECTOR)
    quote(Film.objects.get(title="Volver"), "Almodóvar wrote this line for the mother.")


@postgres_only
def test_every_search_query_starts_from_a_gin_index_on_a_large_catalog(client, almodovar_in_a_large_catalog):
    films_plan, people_plan, quotes_plan, notes_plan, _roles_plan = plans(client, "almodovar")
    assert "Bitmap Index Scan on film_search_vector" in films_plan
    assert "Bitmap Index Scan on film_title_search" in films_plan
    assert "Bitmap Index Scan on person_name_search" in people_plan
    assert "Bitmap Index Scan on quote_search_vector" in quotes_plan
    assert "Bitmap Index Scan on film_note_search_vector" in notes_plan
    # Ranking reads a bounded number of candidates, never every match: a Limit inside, besides the page's.
    assert all(plan.count("Limit") >= 2 for plan in (films_plan, people_plan, quotes_plan, notes_plan))


@sqlite_only
def test_every_search_query_starts_from_an_fts_table_on_a_large_catalog(client, almodovar_in_a_large_catalog):
    films_plan, people_plan, quotes_plan, notes_plan, _roles_plan = plans(client, "almodovar")
    assert "catalog_film_search VIRTUAL TABLE" in films_plan
    assert "catalog_person_search VIRTUAL TABLE" in people_plan
    assert "catalog_quote_search VIRTUAL TABLE" in quotes_plan
    assert "catalog_note_search VIRTUAL TABLE" in notes_plan
    # No query reads a whole table of the catalog: each starts from the matches.
    for found in (films_plan, people_plan, quotes_plan, notes_plan):
        assert not [line for line in found.splitlines() if "SCAN catalog_" in line and "VIRTUAL" not in line], found


def count_plan(client, url):
    """The plan of the count query behind a list page, with sequential scans ruled out where any index can answer.

    At a test's size the planner may rightly prefer reading the table; what must hold is that an index fits
    the filter at all, since at 100,000 films or 280,000 people reading the table is what takes the time.
    """
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (count,) = [captured["sql"] for captured in queries if captured["sql"].startswith("SELECT COUNT(*)")]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {count}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {count}")
        return "\n".join(str(row[0] if connection.vendor == "postgresql" else row[-1]) for row in cursor.fetchall())


TRIGRAM_INDEXES = {
    "postgresql": ("Bitmap Index Scan on film_titles_trigram", "Bitmap Index Scan on person_name_trigram"),
    "sqlite": ("SCAN catalog_film_titles VIRTUAL TABLE", "SCAN catalog_person_names VIRTUAL TABLE"),
}


def test_the_lists_text_filters_are_counted_from_trigram_indexes(client):
    make_catalog(300)
    title_word = Film.objects.filter(slug="generated-7").values_list("title", flat=True).get().split()[1]
    surname = Person.objects.filter(slug="generated-7").values_list("name", flat=True).get().split()[1]
    titles, names = TRIGRAM_INDEXES[connection.vendor]
    assert titles in count_plan(client, f"/films/?q={title_word}")
    assert names in count_plan(client, f"/people/?q={surname}")
    # A word too short for a trigram is looked for in the column itself, as PostgreSQL's index cannot help either.
    assert client.get("/films/", {"q": title_word[:2]}).status_code == 200


# --- What search holds is current after every write path -----------------------------------------------------


def stale_search_documents():
    """Rows whose words in search differ from what rebuilding them now would give, by table; {} when current."""
    stale = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expected = {
                "catalog_film": "CASE WHEN status = 'published' THEN catalog_film_document(id) END",
                "catalog_quote": "catalog_quote_document(id)",
                "catalog_filmnote": "catalog_note_document(id)",
            }
            for table, document in expected.items():
                cursor.execute(f"SELECT id FROM {table} WHERE search_vector IS DISTINCT FROM ({document})")
                if rows := cursor.fetchall():
                    stale[table] = rows
            return stale
        search.use_fold(connection)
        for table in search.FTS_TABLES:
            cursor.execute(f"SELECT rowid, {table.columns} FROM {table.name}")
            stored = set(cursor.fetchall())
            cursor.execute(table.select.format(ids=f"SELECT id FROM {table.source}"))
            if difference := stored ^ set(cursor.fetchall()):
                stale[table.name] = difference
    return stale


def _save_a_film_through_the_admin(writer):
    film = Film.objects.get(slug="parallel-mothers")
    save_version(writer.admin, film, title="Parallel Mothers Revisited")
    assert films("revisited") == ["Parallel Mothers Revisited"]


def _restore_a_film_from_its_history(writer):
    film = Film.objects.get(slug="parallel-mothers")
    first = save_version(writer.admin, film, title="Parallel Mothers")
    save_version(writer.admin, film, title="Madres in Revision")
    assert films("revision") == ["Madres in Revision"]
    restore(writer.admin, film, first)
    assert films("revision") == []


def _unpublish_with_a_bulk_action(writer):
    film = Film.objects.get(slug="parallel-mothers")
    confirm(writer.publisher, choose(writer.publisher, "unpublish", [film]))
    assert search_catalog("anthropologists").notes == []
    assert "Parallel Mothers" not in films("parallel mothers")


def _delete_a_film_through_the_admin(writer):
    film = Film.objects.get(slug="parallel-mothers")
    url = reverse("admin:catalog_film_delete", args=[film.pk])
    assert writer.admin.post(url, {"post": "yes"}).status_code == 302
    assert films("madres paralelas") == []


def _rename_a_person_through_the_admin(writer):
    person = Person.objects.get(slug="milena-smit")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = change_form_data(writer.admin.get(url))
    data["name"] = "Milena Smithson"
    assert writer.admin.post(url, data).status_code == 302
    assert people("smithson") == ["Milena Smithson"]
    assert films("smithson") == ["Parallel Mothers"]


def _import_into_a_published_film(writer):
    apply_batch(harbour(title="Parallel Mothers", year=2021, ids={}))
    assert films("tranquille") == ["Parallel Mothers"]
    assert people("lucia vera") == ["Lucía Vera"]


def _load_a_fixture(writer):
    fixture = writer.tmp_path / "extra.json"
    fixture.write_text(
        '[{"model": "catalog.filmnote", "fields": {"film": ["parallel-mothers"], "kind": "trivia", '
        '"title": "Loaded", "text": "A zoetrope stood in the corner of the set."}}]',
        encoding="utf-8",
    )
    call_command("load_catalog", str(fixture), verbosity=0)
    assert [note.title for note in search_catalog("zoetrope").notes] == ["Loaded"]


def _restore_a_backup_in_place_of_the_catalog(writer):
    call_command("export_catalog", str(writer.tmp_path / "catalog.json"), verbosity=0)
    writer.make.film("Made After The Backup")
    call_command("restore_catalog", str(writer.tmp_path / "catalog.json"), "--replace", "--no-media", verbosity=0)
    assert films("backup") == []
    assert films("madres paralelas") == ["Parallel Mothers"]


def _delete_a_quote_a_note_and_a_person(writer):
    Quote.objects.filter(film__slug="parallel-mothers").first().delete()
    FilmNote.objects.filter(film__slug="parallel-mothers").first().delete()
    writer.make.person("Nobody Credited").delete()


def _update_in_bulk_then_update_search_index(writer):
    Film.objects.filter(slug="parallel-mothers").update(title="Bulk Mothers")
    call_command("update_search_index", verbosity=0)
    assert films("bulk") == ["Bulk Mothers"]


@dataclass
class Writer:
    admin: object
    publisher: object
    make: object
    tmp_path: object


@pytest.mark.parametrize(
    "change",
    [
        _save_a_film_through_the_admin,
        _restore_a_film_from_its_history,
        _unpublish_with_a_bulk_action,
        _delete_a_film_through_the_admin,
        _rename_a_person_through_the_admin,
        _import_into_a_published_film,
        _load_a_fixture,
        _restore_a_backup_in_place_of_the_catalog,
        _delete_a_quote_a_note_and_a_person,
        _update_in_bulk_then_update_search_index,
    ],
)
def test_search_is_current_after_every_write_path(catalog, admin_client, publisher_client, make, tmp_path, change):
    assert stale_search_documents() == {}
    assert films("madres paralelas") == ["Parallel Mothers"]
    change(Writer(admin_client, publisher_client, make, tmp_path))
    assert stale_search_documents() == {}
