"""IMDb-format files for the import benchmark, named with the synthetic catalog's vocabulary.

    .venv/bin/python -m bench.imdb_files FOLDER --films 100000

writes title.basics, title.akas, title.crew, title.principals and name.basics (.tsv.gz) for that many movies,
about fifteen principals each, drawn from a pool of people some of whom work on hundreds of films, as in
IMDb's own data. The same seed writes the same files.
"""

import argparse
import gzip
import json
import os
import random
from pathlib import Path

import django

PRINCIPALS = 15
PEOPLE_PER_FILM = 6
CREW = ("director", "writer", "producer", "composer", "cinematographer", "editor")
REGIONS = (("ES", "es"), ("FR", "fr"), ("DE", "de"), ("IT", "it"), ("BR", "pt"), ("JP", "ja"))


def tsv(folder, name, header):
    """An open gzip file with its header written; the caller closes it (``with``)."""
    out = gzip.open(folder / f"{name}.tsv.gz", "wt", encoding="utf-8", newline="", compresslevel=1)  # noqa: SIM115
    out.write("\t".join(header) + "\n")
    return out


def row(*values):
    return "\t".join("\\N" if value is None else str(value) for value in values) + "\n"


def write_files(folder, films, *, seed=1):
    # The vocabulary's package loads the catalog's models, which need Django set up (main() does).
    from bench.synthetic.vocabulary import ADJECTIVES, CULTURES, GENRES, NOUNS, TITLE_PLACES

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cultures = list(CULTURES.values())
    people = films * PEOPLE_PER_FILM
    # A few people on very many films, most on a handful: pick by a skewed index.
    pick = lambda: int(people * rng.random() ** 2.2)  # noqa: E731 - one line, used everywhere below
    with tsv(
        folder,
        "name.basics",
        ("nconst", "primaryName", "birthYear", "deathYear", "primaryProfession", "knownForTitles"),
    ) as names:
        for n in range(people):
            culture = rng.choice(cultures)
            first = rng.choice(culture.female if rng.random() < 0.5 else culture.male)
            names.write(
                row(
                    f"nm{90000000 + n}",
                    f"{first} {rng.choice(culture.surnames)}",
                    rng.randrange(1920, 2005),
                    None,
                    "actor",
                    None,
                )
            )
    with (
        tsv(
            folder,
            "title.basics",
            (
                "tconst",
                "titleType",
                "primaryTitle",
                "originalTitle",
                "isAdult",
                "startYear",
                "endYear",
                "runtimeMinutes",
                "genres",
            ),
        ) as basics,
        tsv(
            folder,
            "title.akas",
            ("titleId", "ordering", "title", "region", "language", "types", "attributes", "isOriginalTitle"),
        ) as akas,
        tsv(folder, "title.crew", ("tconst", "directors", "writers")) as crew,
        tsv(folder, "title.principals", ("tconst", "ordering", "nconst", "category", "job", "characters")) as cast,
    ):
        for n in range(films):
            tconst = f"tt{90000000 + n}"
            title = f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {rng.choice(TITLE_PLACES)}"
            genres = ",".join(sorted({rng.choice(GENRES)[1] for _ in range(rng.randint(1, 3))}))
            basics.write(
                row(tconst, "movie", title, title, 0, rng.randrange(1950, 2025), None, rng.randrange(75, 180), genres)
            )
            for ordering, (region, language) in enumerate(rng.sample(REGIONS, 2), start=1):
                akas.write(row(tconst, ordering, f"{title} ({region})", region, language, "imdbDisplay", None, 0))
            director, writer = f"nm{90000000 + pick()}", f"nm{90000000 + pick()}"
            crew.write(row(tconst, director, writer))
            for ordering in range(1, PRINCIPALS + 1):
                crew_place = ordering - (PRINCIPALS - len(CREW))
                if crew_place > 0:
                    category, characters = CREW[crew_place - 1], None
                else:
                    category = "actress" if rng.random() < 0.5 else "actor"
                    characters = json.dumps([f"{rng.choice(NOUNS)} {ordering}"])
                cast.write(row(tconst, ordering, f"nm{90000000 + pick()}", category, None, characters))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_files(args.folder, args.films, seed=args.seed)


if __name__ == "__main__":
    main()
