"""The Wikidata reader: entity JSON, from dumps or EntityData files, read into the import's records.

The entities under ``tests/data/wikidata`` were written for these tests in Wikidata's JSON format. Well-known ids
(the film classes, countries, languages, genres, Madrid, the Academy Awards) are Wikidata's; the ids from
Q9100001 up are made up.
"""

import bz2
import datetime
import gzip
import json

import pytest
from django.conf import settings

from catalog.data.imports.records import AlternativeTitleRecord, Citation, LocationRecord
from catalog.data.imports.wikidata import read_batch

# Reads files; no database.
pytestmark = pytest.mark.engine_independent

DATA = settings.BASE_DIR / "tests" / "data" / "wikidata"
VARIETY_REVIEW = Citation(
    url="https://variety.com/2021/film/reviews/parallel-mothers-review-pedro-almodovar-1235053470/",
    publication="Variety",
    retrieved=datetime.date(2023, 5, 14),
)


@pytest.fixture(scope="module")
def batch():
    return read_batch([DATA / "parallel-mothers.json"])


@pytest.fixture(scope="module")
def film(batch):
    return batch.films[0]


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    """The two dumps compressed as Wikidata publishes its own, gzip and bzip2."""
    folder = tmp_path_factory.mktemp("dumps")
    gzipped, bzipped = folder / "films-dump.json.gz", folder / "films-more.json.bz2"
    gzipped.write_bytes(gzip.compress((DATA / "films-dump.json").read_bytes()))
    bzipped.write_bytes(bz2.compress((DATA / "films-more.json").read_bytes()))
    return gzipped, bzipped


@pytest.fixture(scope="module")
def dump_batch(dumps):
    return read_batch(dumps)


def films_by_key(batch):
    return {film.key: film for film in batch.films}


def credits_of(film, role):
    return [
        (credit.person, credit.character_name, credit.billing_order) for credit in film.credits if credit.role == role
    ]


def test_entity_data_file_gives_the_film_the_people_it_names_and_what_was_left_out(batch, film):
    assert batch.source == "wikidata"
    assert [film.key for film in batch.films] == ["Q97664862"]
    assert len(batch.people) == 9
    assert len(film.credits) == 10
    assert len(film.alternative_titles) == 7
    assert len(film.nominations) == 3
    assert len(film.locations) == 2
    assert len(batch.problems) == 2


def test_title_is_the_label_in_the_reading_language_and_original_title_comes_from_p1476(film):
    assert film.title == "Parallel Mothers"
    assert film.original_title == "Madres paralelas"
    assert film.position == "parallel-mothers.json, entity Q97664862"


def test_reading_in_the_original_language_gives_no_separate_original_title():
    film = read_batch([DATA / "parallel-mothers.json"], language="es").films[0]

    assert (film.title, film.original_title) == ("Madres paralelas", "")
    assert AlternativeTitleRecord("Parallel Mothers", language="en") in film.alternative_titles


def test_other_labels_and_aliases_become_alternative_titles_with_their_language_and_country(film):
    assert film.alternative_titles == [
        AlternativeTitleRecord("Mares paral·leles", language="ca"),
        AlternativeTitleRecord("Mães Paralelas", language="pt", country="BR"),
        AlternativeTitleRecord("Parallele Mütter", language="de"),
        AlternativeTitleRecord("Madri parallele", language="it"),
        AlternativeTitleRecord("パラレル・マザーズ", language="ja"),
        # Wikimedia's "sr-ec" is Serbian in Cyrillic, not Serbian of Ecuador.
        AlternativeTitleRecord("Паралелне мајке", language="sr"),
        AlternativeTitleRecord("Mères parallèles", language="fr"),
    ]


def test_release_date_is_the_earliest_given_for_everywhere_and_deprecated_dates_are_ignored(film):
    assert film.year == 2021
    assert film.release_date == datetime.date(2021, 9, 1)


def test_runtime_countries_language_and_genres_are_read_from_the_entities_they_name(film):
    assert film.runtime_minutes == 123
    assert film.countries == ["ES"]
    assert film.original_language == "es"
    # "drama film" is Wikidata's label; the deprecated "comedy film" is left out.
    assert film.genres == ["drama"]


def test_identifiers_of_the_film(film):
    assert film.ids == {"wikidata_id": "Q97664862", "imdb_id": "tt12618926", "tmdb_id": 661914}


def test_each_role_keeps_its_people_in_statement_order_with_their_characters(film):
    assert credits_of(film, "director") == [("Q9100001", "", 1)]
    assert credits_of(film, "writer") == [("Q9100001", "", 1)]
    assert credits_of(film, "actor") == [
        ("Q9100002", "Janis Martínez Moreno", 1),  # the character item's label (P453)
        ("Q9100003", "Ana Manso", 2),  # the character's name as text (P4633)
        ("Q9100004", "Arturo Buendía", 3),
        ("Q9100005", "Teresa", 4),
    ]
    assert credits_of(film, "composer") == [("Q9100006", "", 1)]
    assert credits_of(film, "cinematographer") == [("Q9100007", "", 1)]
    assert credits_of(film, "editor") == [("Q9100008", "", 1)]
    assert credits_of(film, "producer") == [("Q9100009", "", 1)]


def test_a_deprecated_cast_member_is_neither_credited_nor_read(batch, film):
    assert "Q9100011" not in {credit.person for credit in film.credits}
    assert "Q9100011" not in batch.people


def test_people_are_read_from_their_own_entities(batch):
    almodovar = batch.people["Q9100001"]
    assert almodovar.name == "Pedro Almodóvar"
    assert almodovar.position == "parallel-mothers.json, entity Q9100001"
    assert almodovar.ids == {"wikidata_id": "Q9100001", "imdb_id": "nm0000264", "tmdb_id": 309}
    assert almodovar.birth_date == datetime.date(1949, 9, 25)
    assert (almodovar.birth_year, almodovar.death_date, almodovar.death_year) == (None, None, None)
    cruz = batch.people["Q9100002"]
    assert (cruz.name, cruz.birth_date, cruz.ids["imdb_id"]) == (
        "Penélope Cruz",
        datetime.date(1974, 4, 28),
        "nm0004851",
    )


def test_a_birth_known_to_the_year_only_gives_a_birth_year(batch):
    smit = batch.people["Q9100003"]
    assert (smit.birth_date, smit.birth_year) == (None, 1996)


def test_a_person_missing_from_the_files_is_reported_and_their_credit_skipped(batch, film):
    assert "Q9100010" not in batch.people
    assert "Q9100010" not in {credit.person for credit in film.credits}
    assert any(
        problem.position == "parallel-mothers.json, entity Q97664862"
        and "P162 producer: person Q9100010 is not in the files" in problem.message
        and "credit skipped" in problem.message
        for problem in batch.problems
    )


def test_awards_and_nominations_give_body_category_year_outcome_and_person(film):
    assert [(n.body, n.category, n.year, n.outcome, n.person) for n in film.nominations] == [
        # Body from the category's "part of" (P361), year from the statement's point in time (P585).
        ("Venice Film Festival", "Volpi Cup for Best Actress", 2021, "won", "Q9100002"),
        # Body from the category's "subclass of" (P279), year from the ceremony it is the subject of (P805).
        ("Academy Awards", "Academy Award for Best Actress", 2022, "nominated", "Q9100002"),
        ("Academy Awards", "Academy Award for Best Original Score", 2022, "nominated", "Q9100006"),
    ]


def test_a_nomination_without_a_year_is_reported_and_skipped(batch, film):
    assert "BAFTA Award for Best Film Not in the English Language" not in {n.category for n in film.nominations}
    assert any("P1411 award Q9100033 has no year" in problem.message for problem in batch.problems)


def test_filming_locations_carry_the_place_its_country_and_coordinates(film):
    assert film.locations == [
        LocationRecord("Torremocha de Jarama", country="ES", latitude=40.84, longitude=-3.5, citation=VARIETY_REVIEW),
        LocationRecord("Madrid", country="ES", latitude=40.41678, longitude=-3.70379),
    ]


def test_a_statements_first_reference_naming_a_source_becomes_its_citation(film):
    director, writer, janis = film.credits[0], film.credits[1], film.credits[2]
    # The director's first reference only says it was imported from Wikipedia: the second one is the source.
    assert director.citation == VARIETY_REVIEW
    assert writer.citation is None
    assert janis.citation == Citation(url="https://www.eldeseo.es/en/film/parallel-mothers/")


def test_a_publication_not_in_the_files_is_named_by_its_id(film):
    volpi_cup = film.nominations[0]
    assert volpi_cup.citation == Citation(
        url="https://www.labiennale.org/en/cinema/2021/official-awards",
        publication="Q9100051",
        retrieved=datetime.date(2023, 6, 2),
    )
    assert film.nominations[1].citation is None


def test_compressed_dumps_are_read_together_and_name_each_other_s_entities(dump_batch):
    films = films_by_key(dump_batch)
    klaus = films["Q9100102"]
    # Klaus is in the gzip dump; its director, country, language and genre are in the bzip2 one.
    assert credits_of(klaus, "director") == [("Q9100121", "", 1)]
    assert (klaus.countries, klaus.original_language, klaus.genres) == (["ES"], "en", ["comedy"])
    assert klaus.ids == {"wikidata_id": "Q9100102", "imdb_id": "tt4729430"}
    assert dump_batch.people["Q9100121"].birth_year == 1970


def test_subclasses_of_film_in_the_files_are_films_and_a_television_series_is_not(dump_batch):
    # Un Chien Andalou is a short film; Klaus an animated feature film, a subclass of animated film, of film.
    assert list(films_by_key(dump_batch)) == ["Q9100101", "Q9100102", "Q9100131"]


def test_dump_positions_name_the_file_the_line_and_the_entity(dump_batch):
    films = films_by_key(dump_batch)
    assert films["Q9100101"].position == "films-dump.json.gz, line 6 (Q9100101)"
    assert films["Q9100131"].position == "films-more.json.bz2, line 7 (Q9100131)"
    [problem] = dump_batch.problems
    assert problem.position == "films-dump.json.gz, line 6 (Q9100101)"
    assert "P161 actor: person Q9100113 is not in the files" in problem.message


def test_a_date_given_for_everywhere_wins_over_an_earlier_one_given_for_one_country(dump_batch):
    films = films_by_key(dump_batch)
    assert (films["Q9100102"].year, films["Q9100102"].release_date) == (2019, datetime.date(2019, 11, 15))
    # Volver's dates are each for one country: the earliest one is taken.
    assert (films["Q9100131"].year, films["Q9100131"].release_date) == (2006, datetime.date(2006, 3, 17))


def test_a_date_known_to_the_year_only_gives_the_year_and_no_release_date(dump_batch):
    un_chien_andalou = films_by_key(dump_batch)["Q9100101"]
    assert (un_chien_andalou.year, un_chien_andalou.release_date) == (1929, None)


def test_durations_in_seconds_and_hours_become_minutes(dump_batch):
    films = films_by_key(dump_batch)
    assert films["Q9100101"].runtime_minutes == 21  # 1,260 seconds
    assert films["Q9100102"].runtime_minutes == 96  # 1.6 hours


def test_no_value_statements_give_nothing(dump_batch):
    # Un Chien Andalou is silent: its original language is stated as "no value".
    assert films_by_key(dump_batch)["Q9100101"].original_language == ""


def test_titles_differing_only_in_case_are_kept_once(dump_batch):
    un_chien_andalou = films_by_key(dump_batch)["Q9100101"]
    assert (un_chien_andalou.title, un_chien_andalou.original_title) == ("Un Chien Andalou", "Un chien andalou")
    assert un_chien_andalou.alternative_titles == [AlternativeTitleRecord("Un perro andaluz", language="es")]


def test_people_s_dates_in_the_julian_calendar_are_given_in_the_gregorian_one(dump_batch):
    batcheff = dump_batch.people["Q9100114"]
    assert batcheff.birth_date == datetime.date(1901, 7, 6)  # 23 June 1901 in the Julian calendar
    assert batcheff.death_date == datetime.date(1932, 4, 13)
    bunuel = dump_batch.people["Q9100111"]
    assert (bunuel.birth_date, bunuel.death_date) == (datetime.date(1900, 2, 22), datetime.date(1983, 7, 29))
    assert bunuel.ids == {"wikidata_id": "Q9100111", "imdb_id": "nm0000320"}


def test_a_malformed_line_is_reported_with_its_line_number_and_the_other_lines_are_read():
    batch = read_batch([DATA / "broken-dump.json"])

    assert [film.title for film in batch.films] == ["Julieta", "Talk to Her", "Bad Education"]
    assert [problem.position for problem in batch.problems] == ["broken-dump.json, line 3", "broken-dump.json, line 5"]
    assert batch.problems[0].message.startswith("not valid JSON")
    assert batch.problems[1].message == "not a Wikidata entity: line skipped"


def test_an_unreadable_file_is_reported_and_the_other_files_are_read(tmp_path):
    cut_short = tmp_path / "cut-short.json.gz"
    cut_short.write_bytes(gzip.compress((DATA / "films-dump.json").read_bytes())[:-200])

    batch = read_batch([tmp_path / "absent.json", cut_short, DATA / "broken-dump.json"])

    unreadable = [problem for problem in batch.problems if problem.message.startswith("the file cannot be read")]
    assert [problem.position for problem in unreadable] == ["absent.json", "cut-short.json.gz"]
    # What the cut file held before the cut is read.
    assert {"Q9100101", "Q9100141"} <= {film.key for film in batch.films}


def test_entity_data_on_one_line_entities_without_brackets_and_a_pretty_array_are_read(tmp_path):
    lines = (DATA / "films-more.json").read_text(encoding="utf-8").splitlines()[1:-1]
    entities = [json.loads(line.rstrip(",")) for line in lines]
    entity_data = tmp_path / "Q9100131.json"
    entity_data.write_text(json.dumps({"entities": {entity["id"]: entity for entity in entities}}), encoding="utf-8")
    one_a_line = tmp_path / "films.ndjson"
    one_a_line.write_text("\n".join(json.dumps(entity) for entity in entities) + "\n", encoding="utf-8")
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(entities, indent=2), encoding="utf-8")

    for path, position in [
        (entity_data, "Q9100131.json, entity Q9100131"),
        (one_a_line, "films.ndjson, line 6 (Q9100131)"),
        (pretty, "pretty.json, entity Q9100131"),
    ]:
        batch = read_batch([path])
        assert [(film.title, film.position) for film in batch.films] == [("Volver", position)]
        assert credits_of(batch.films[0], "director") == [("Q9100001", "", 1)]
        assert batch.problems == []


def test_an_entity_data_file_names_a_redirected_entity_by_its_own_id(tmp_path):
    volver = json.loads((DATA / "films-more.json").read_text(encoding="utf-8").splitlines()[6].rstrip(","))
    redirected = tmp_path / "Q1.json"
    redirected.write_text(json.dumps({"entities": {"Q1": volver}}), encoding="utf-8")

    assert [film.key for film in read_batch([redirected]).films] == ["Q9100131"]


def test_roles_and_outcomes_are_plain_strings(film):
    # Plain data, whatever reads the batch next: the Role and Outcome values, not the enumeration's members.
    assert type(film.nominations[0].outcome) is str
    assert type(film.credits[0].role) is str


def film_entity(key, title, **claims):
    """A film's entity as Wikidata writes one with no aliases: ``[]`` where an object is empty."""
    instance_of = {"mainsnak": {"snaktype": "value", "property": "P31", "datavalue": {"value": {"id": "Q11424"}}}}
    return {
        "type": "item",
        "id": key,
        "labels": {"en": {"language": "en", "value": title}},
        "aliases": [],
        "claims": {"P31": [{**instance_of, "type": "statement", "rank": "normal"}], **claims},
    }


def test_empty_objects_written_as_arrays_are_read_and_an_oddly_shaped_film_is_reported(tmp_path):
    director = {"mainsnak": {"snaktype": "value", "property": "P57", "datavalue": {"value": {"id": "Q9100001"}}}}
    odd = film_entity("Q9100152", "Odd", P57=[{**director, "rank": "normal", "references": ["not a reference"]}])
    path = tmp_path / "odd.json"
    almodovar = {"type": "item", "id": "Q9100001", "labels": {"en": {"language": "en", "value": "Pedro Almodóvar"}}}
    entities = {"Q9100151": film_entity("Q9100151", "Plain"), "Q9100152": odd, "Q9100001": almodovar}
    path.write_text(json.dumps({"entities": entities}))

    batch = read_batch([path])

    assert [film.title for film in batch.films] == ["Plain"]
    [problem] = batch.problems
    assert problem.position == "odd.json, entity Q9100152"
    assert problem.message.startswith("not shaped as Wikidata's entity JSON")
