"""The IMDb reader: files in the layout of IMDb's public datasets, read into the import's records.

The files under ``tests/data/imdb`` were written for these tests in IMDb's layout. Parallel Mothers (tt12618926)
and Penélope Cruz (nm0004851) have their IMDb ids; the ids from tt9100001 and nm9100001 up are made up.
"""

import gzip

import pytest
from django.conf import settings

from catalog.data.imports.imdb import read_batch
from catalog.data.imports.records import AlternativeTitleRecord, CreditRecord

# Reads files; no database.
pytestmark = pytest.mark.engine_independent

DATA = settings.BASE_DIR / "tests" / "data" / "imdb"
FILES = ("title.basics", "title.akas", "title.crew", "title.principals", "name.basics")


@pytest.fixture(scope="module")
def batch():
    return read_batch(DATA)


@pytest.fixture(scope="module")
def films(batch):
    return {film.key: film for film in batch.films}


@pytest.fixture(scope="module")
def parallel_mothers(films):
    return films["tt12618926"]


def credits_of(film, role):
    return [(c.person, c.character_name, c.billing_order) for c in film.credits if c.role == role]


def messages(batch):
    return [(problem.position, problem.message) for problem in batch.problems]


def test_movies_are_read_by_default_with_the_people_they_credit_and_what_was_wrong(batch):
    assert batch.source == "imdb"
    assert [film.key for film in batch.films] == ["tt12618926", "tt9100001", "tt9100002", "tt9100006"]
    assert [len(film.credits) for film in batch.films] == [7, 4, 5, 0]
    assert [len(film.alternative_titles) for film in batch.films] == [7, 2, 2, 0]
    assert len(batch.people) == 14
    assert len(batch.problems) == 6


def test_a_title_gives_its_titles_year_runtime_genres_and_id(parallel_mothers):
    assert parallel_mothers.position == "title.basics.tsv, line 2 (tt12618926)"
    assert (parallel_mothers.title, parallel_mothers.original_title) == ("Parallel Mothers", "Madres paralelas")
    assert (parallel_mothers.year, parallel_mothers.runtime_minutes) == (2021, 123)
    assert parallel_mothers.genres == ["drama"]
    assert parallel_mothers.ids == {"imdb_id": "tt12618926"}


def test_an_original_title_like_the_title_is_not_repeated_and_genres_are_lowercased(films):
    lighthouse, orchard = films["tt9100001"], films["tt9100002"]
    assert (lighthouse.original_title, lighthouse.genres) == ("", ["drama", "romance"])
    assert (orchard.original_title, orchard.runtime_minutes) == ("Huerto nocturno", None)
    assert orchard.genres == ["thriller", "mystery", "sci-fi"]


def test_alternative_titles_keep_their_region_language_and_what_kind_of_title_they_are(parallel_mothers):
    assert parallel_mothers.alternative_titles == [
        AlternativeTitleRecord("Mères parallèles", country="FR"),
        AlternativeTitleRecord("Madri parallele", country="IT"),
        AlternativeTitleRecord("Parallele Mütter", country="DE"),
        # Portugal's "Mães paralelas" is the same title: the first region it is used in is kept.
        AlternativeTitleRecord("Mães Paralelas", country="BR"),
        AlternativeTitleRecord("Mares paral·leles", language="ca", country="ES"),
        AlternativeTitleRecord("Madres", country="ES", note="working title"),
        # XWW is IMDb's code for the world, not a country; "PARALLEL MOTHERS" there is the title itself.
        AlternativeTitleRecord("Mothers in Parallel", language="en", note="literal English title"),
    ]


def test_a_title_first_seen_nowhere_in_particular_takes_the_region_of_a_later_line(films):
    assert films["tt9100002"].alternative_titles == [
        AlternativeTitleRecord("The Night Orchard", country="GB", note="festival title"),
        # IMDb's three-letter languages ("yue") are not the catalog's codes.
        AlternativeTitleRecord("夜果園", country="HK"),
    ]
    assert films["tt9100001"].alternative_titles[0] == AlternativeTitleRecord(
        "Der Leuchtturmwärter", language="de", country="DE"
    )


def test_crew_and_principals_give_each_credit_once_with_characters_and_billing(parallel_mothers):
    assert parallel_mothers.credits == [
        CreditRecord("nm9100002", "director", billing_order=1),
        CreditRecord("nm9100002", "writer", billing_order=1),
        CreditRecord("nm0004851", "actor", "Janis", 1),
        CreditRecord("nm9100001", "actor", "Ana", 2),
        CreditRecord("nm9100004", "actor", "Elena", 3),
        CreditRecord("nm9100003", "composer", billing_order=6),
        CreditRecord("nm9100005", "producer", billing_order=7),
    ]


def test_principal_categories_map_to_catalog_roles_and_the_others_are_left_out(films):
    orchard = films["tt9100002"]
    assert [(credit.person, credit.role) for credit in orchard.credits] == [
        ("nm9100020", "director"),
        ("nm9100021", "actor"),
        ("nm9100024", "cinematographer"),
        ("nm9100025", "editor"),
        ("nm9100026", "production_designer"),
    ]
    credited = {credit.person for credit in films["tt12618926"].credits + orchard.credits}
    assert {"nm9100022", "nm9100023", "nm9100006"}.isdisjoint(credited)


def test_the_first_of_several_characters_is_taken_and_quotes_in_them_are_kept(films):
    assert credits_of(films["tt9100001"], "actor") == [("nm9100011", "", 1), ("nm9100013", 'Maren "Mare" Olsen', 2)]


def test_characters_that_are_not_json_are_reported_and_the_credit_kept_without_them(batch, films):
    assert ("nm9100011", "", 1) in credits_of(films["tt9100001"], "actor")
    assert (
        "title.principals.tsv, line 10 (tt9100001)",
        'characters ["Harald are not a JSON array of names: credited without',
    ) in messages(batch)


def test_people_give_their_name_years_and_id(batch):
    cruz = batch.people["nm0004851"]
    assert (cruz.name, cruz.birth_year, cruz.death_year) == ("Penélope Cruz", 1974, None)
    assert cruz.ids == {"imdb_id": "nm0004851"}
    assert cruz.position == "name.basics.tsv, line 2 (nm0004851)"
    lindqvist = batch.people["nm9100010"]
    assert (lindqvist.name, lindqvist.birth_year, lindqvist.death_year) == ("Ada Lindqvist", 1931, 2019)


def test_only_people_with_a_kept_credit_are_read(batch):
    # Named on a series, on a short, in a skipped category, or on nothing.
    assert {"nm9100031", "nm9100032", "nm9100022", "nm9100006", "nm9100040"}.isdisjoint(batch.people)


def test_a_person_missing_from_name_basics_is_reported_and_their_credit_left_out(batch, films):
    assert "nm9100012" not in {credit.person for credit in films["tt9100001"].credits}
    assert credits_of(films["tt9100001"], "writer") == [("nm9100010", "", 1)]
    assert (
        "title.basics.tsv, line 3 (tt9100001)",
        "nm9100012 (writer) is not a person read from name.basics: credit left out",
    ) in messages(batch)


def test_a_line_with_the_wrong_number_of_columns_is_reported_by_its_line_and_skipped(batch, films):
    assert "tt9100005" not in films
    assert ("title.basics.tsv, line 7", "6 columns where the header has 9: line skipped") in messages(batch)


def test_numbers_that_are_not_numbers_are_reported_and_left_out(batch, films):
    uncertain = films["tt9100006"]
    assert (uncertain.year, uncertain.runtime_minutes, uncertain.genres) == (None, None, [])
    assert set(messages(batch)) >= {
        ("title.basics.tsv, line 8 (tt9100006)", "startYear “19x8” is not a number: left out"),
        ("title.basics.tsv, line 8 (tt9100006)", "runtimeMinutes “about 90” is not a number: left out"),
        ("name.basics.tsv, line 13 (nm9100021)", "birthYear “c. 1975” is not a number: left out"),
    }
    assert batch.people["nm9100021"].birth_year is None


def test_series_and_shorts_are_read_when_their_types_are_asked_for():
    batch = read_batch(DATA, title_types=("movie", "short"))

    assert [film.key for film in batch.films] == ["tt12618926", "tt9100001", "tt9100002", "tt9100004", "tt9100006"]
    bicycle = batch.films[3]
    assert (bicycle.title, bicycle.original_title, bicycle.year, bicycle.runtime_minutes) == (
        "The Bicycle",
        "La bicicleta",
        2019,
        14,
    )
    assert credits_of(bicycle, "actor") == [("nm9100032", "The Rider", 1)]
    assert batch.people["nm9100032"].name == "Clara Moreno"


def test_only_the_titles_asked_for_are_read_and_those_that_cannot_be_are_said_why():
    batch = read_batch(DATA, only={"tt9100002", "tt9100003", "tt9100999"})

    assert [film.key for film in batch.films] == ["tt9100002"]
    assert set(batch.people) == {"nm9100020", "nm9100021", "nm9100024", "nm9100025", "nm9100026"}
    assert set(messages(batch)) >= {
        ("title.basics.tsv", "tt9100003 is a tvSeries, not among the types read (movie): not read"),
        ("title.basics.tsv", "tt9100999 is not in the file: not read"),
    }


def test_a_year_range_keeps_the_titles_that_began_within_it():
    assert [film.key for film in read_batch(DATA, years=(1990, 2010)).films] == ["tt9100001", "tt9100002"]
    assert [film.key for film in read_batch(DATA, years=(2011, None)).films] == ["tt12618926"]


def test_a_person_keeps_the_titles_they_are_named_on_in_crew_or_principals():
    assert [film.key for film in read_batch(DATA, person="nm0004851").films] == ["tt12618926"]
    by_director = read_batch(DATA, title_types=("movie", "short"), person="nm9100002")
    assert [film.key for film in by_director.films] == ["tt12618926", "tt9100004"]
    # Named in a category the catalog does not credit still selects the title.
    assert [film.key for film in read_batch(DATA, person="nm9100022").films] == ["tt9100002"]


def test_a_person_named_nowhere_is_reported():
    batch = read_batch(DATA, person="nm9100099")

    assert batch.films == []
    assert ("title.crew.tsv, title.principals.tsv", "nm9100099 is named on no title: nothing read") in messages(batch)


def test_gzipped_files_read_as_the_plain_ones(tmp_path, batch):
    for name in FILES:
        (tmp_path / f"{name}.tsv.gz").write_bytes(gzip.compress((DATA / f"{name}.tsv").read_bytes()))

    gzipped = read_batch(tmp_path)

    assert [(f.key, f.title, f.credits, f.alternative_titles) for f in gzipped.films] == [
        (f.key, f.title, f.credits, f.alternative_titles) for f in batch.films
    ]
    assert gzipped.people.keys() == batch.people.keys()
    assert gzipped.films[0].position == "title.basics.tsv.gz, line 2 (tt12618926)"


def test_missing_files_are_reported_and_nothing_is_read(tmp_path):
    (tmp_path / "title.basics.tsv").write_bytes((DATA / "title.basics.tsv").read_bytes())

    batch = read_batch(tmp_path)

    assert batch.films == []
    assert [problem.message for problem in batch.problems] == [
        f"no {name}.tsv or {name}.tsv.gz in the folder: nothing read" for name in FILES[1:]
    ]


def test_a_file_that_is_not_gzip_is_reported(tmp_path):
    for name in FILES:
        (tmp_path / f"{name}.tsv").write_bytes((DATA / f"{name}.tsv").read_bytes())
    (tmp_path / "title.akas.tsv").unlink()
    (tmp_path / "title.akas.tsv.gz").write_bytes(b"not gzip at all")

    batch = read_batch(tmp_path)

    assert len(batch.films) == 4
    assert [film.alternative_titles for film in batch.films] == [[], [], [], []]
    assert any(
        position == "title.akas.tsv.gz" and message.startswith("the file cannot be read: ")
        for position, message in messages(batch)
    )


def test_a_header_without_a_needed_column_is_reported(tmp_path):
    for name in FILES:
        (tmp_path / f"{name}.tsv").write_bytes((DATA / f"{name}.tsv").read_bytes())
    basics = (DATA / "title.basics.tsv").read_text(encoding="utf-8").replace("startYear", "year", 1)
    (tmp_path / "title.basics.tsv").write_text(basics, encoding="utf-8")

    batch = read_batch(tmp_path)

    assert batch.films == []
    assert messages(batch) == [("title.basics.tsv", "the header has no column startYear: file not read")]
