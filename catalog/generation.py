"""A synthetic catalog of any size, to measure the site with as many films as a large catalog holds.

``generate_catalog(100_000, seed=1)`` adds films with their cast and crew, genres, countries, plot,
notes, scenes, quotes, places, alternative titles, recommendations and award nominations, shaped
like a real catalog: most films are recent, most people have a handful of credits and a few have
hundreds, a minority of films has rich pages.

The same seed into the same database gives the same rows; timestamps count back from ``now``.
Existing rows are never changed: reference rows (languages, countries, genres, award bodies) are
reused, and slugs get a counter suffix that skips every slug already taken, so running it again
adds another batch beside the first.

Rows go in through ``bulk_create``, which skips ``save()`` and signals, so the search documents are
rebuilt once at the end. Each batch commits on its own, to keep SQLite's write lock short for other
writers: a run that fails half-way leaves the batches before the failure in place.
"""

import math
import random
from array import array
from bisect import bisect
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate, batched
from time import monotonic

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from .caching import bump_generation
from .models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    FilmStatus,
    Genre,
    KeyScene,
    Language,
    Nomination,
    NoteKind,
    Outcome,
    Person,
    PlotPart,
    PlotSection,
    PostCredits,
    Quote,
    Recommendation,
    Role,
    SpoilerLevel,
)
from .text import fold

FIRST_YEAR = 1920
LAST_YEAR = 2025
# Rows per INSERT, and films (or people) per committed transaction: larger batches commit less often,
# which on SQLite saves rewriting the same index pages, at the cost of holding more rows in memory.
DEFAULT_BATCH_SIZE = 2000

# Share of films that have each kind of page content; real catalogs are rich for a minority of films.
SHARE_PLOT = 0.45
SHARE_NOTES = 0.35
SHARE_KEY_SCENES = 0.25
SHARE_QUOTES = 0.25
SHARE_LOCATIONS = 0.2
SHARE_ALTERNATIVE_TITLES = 0.2
SHARE_RECOMMENDATIONS = 0.3
SHARE_NOMINATED = 0.04
SHARE_SOURCED = 0.4


# Word lists. Everything is invented; the places are real so that their coordinates are.


def _words(text):
    return tuple(text.split())


def _places(text):
    return tuple(text.split("; "))


@dataclass(frozen=True)
class Culture:
    """Names and birthplaces that belong together, so that a person's name and origin agree."""

    weight: int
    female: tuple
    male: tuple
    surnames: tuple
    places: tuple
    # How often a name has two surnames (as in Spain) or a middle initial (as in the United States).
    two_surnames: float = 0.0
    initials: float = 0.0
    # Beginnings and endings of surnames such as Ash-ford or Yama-moto, for many more surnames than a
    # list holds, so that a large catalog does not have dozens of people of each name.
    surname_parts: tuple = ((), ())

    def surname(self, rng):
        starts, ends = self.surname_parts
        if starts and rng.random() < 0.6:
            return rng.choice(starts) + rng.choice(ends)
        return rng.choice(self.surnames)


CULTURES = {
    "english": Culture(
        30,
        _words(
            "Emma Olivia Grace Charlotte Alice Hannah Lucy Margaret Ruth Claire Sarah Laura Rachel Helen Kate "
            "Naomi Joan Vivian Dorothy Eleanor Abigail Megan Holly Iris Rose Maggie Frances Audrey"
        ),
        _words(
            "James John Thomas William Henry Samuel Daniel Michael David Peter George Edward Frank Paul Simon "
            "Arthur Jack Oliver Harry Walter Lewis Ben Martin Tom Adam Orson Spencer Cary"
        ),
        _words(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
            "Roberts Green Hall Wood Jackson Clarke Hughes Lewis Harris Carter Mitchell Turner Parker Collins "
            "Bennett Cooper Morgan Reed Bishop Fletcher Hayes Sullivan Murphy Quinn Gallagher Brennan Doyle "
            "Foster Grant Lawson Marsh Porter Shaw Spencer Ward Webb Whitaker Hartley Ashford"
        ),
        _places(
            "London, United Kingdom; Manchester, United Kingdom; Glasgow, United Kingdom; Dublin, Ireland; "
            "New York City, United States; Los Angeles, United States; Chicago, United States; "
            "Boston, United States; New Orleans, United States; Toronto, Canada; Sydney, Australia; "
            "Melbourne, Australia; Auckland, New Zealand"
        ),
        initials=0.15,
        surname_parts=(
            _words(
                "Ash Black Brad Brook Cald Chat Craw Dun Fair Glad Hart Hal Kings Lang Mans Mid Nor Pem Ray Red "
                "Stan Shel Stock Thorn Wake Wes Whit Wins Wood Bur Hol Ather"
            ),
            _words("ford ley ton wood field well more by ham stone worth cliffe dale bridge ridge"),
        ),
    ),
    "spanish": Culture(
        12,
        _words(
            "María Lucía Carmen Elena Ana Paula Julieta Rosa Pilar Marta Inés Sofía Alba Nuria Lola Teresa "
            "Irene Blanca Consuelo Macarena"
        ),
        _words(
            "José Javier Pedro Antonio Manuel Carlos Luis Alejandro Pablo Diego Andrés Fernando Jorge Raúl "
            "Álvaro Mateo Santiago Emilio Rafael Ignacio Alfonso"
        ),
        _words(
            "García Martínez López Sánchez Pérez Gómez Fernández Ruiz Díaz Moreno Álvarez Romero Navarro "
            "Torres Domínguez Vázquez Ramos Gil Serrano Molina Castro Ortega Rubio Marín Iglesias Medina "
            "Garrido Cortés Castillo Santos Guerrero Herrera Vargas Flores Rojas Mendoza Aguilar Cabrera "
            "Bravo Palacios Arroyo Cano"
        ),
        _places(
            "Madrid, Spain; Barcelona, Spain; Seville, Spain; Valencia, Spain; Bilbao, Spain; "
            "Calzada de Calatrava, Spain; Mexico City, Mexico; Guadalajara, Mexico; Buenos Aires, Argentina; "
            "Bogotá, Colombia; Santiago, Chile; Lima, Peru"
        ),
        two_surnames=0.5,
    ),
    "french": Culture(
        10,
        _words(
            "Camille Claire Juliette Isabelle Sophie Amélie Élise Léa Margaux Céline Chloé Manon Hélène Agathe "
            "Louise Nathalie Valérie Adèle Mathilde Anaïs Emmanuelle"
        ),
        _words(
            "Louis Pierre Jean Antoine Julien Nicolas François Mathieu Olivier Étienne Théo Hugo Luc Rémi "
            "Gaspard Vincent Benoît Lucien Thibault Yves"
        ),
        _words(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre "
            "Michel Garnier Faure Rousseau Blanc Guérin Roussel Perrin Morin Clément Gauthier Dumont Fontaine "
            "Chevalier Robin Masson Girard Bonnet Dupont Lambert Fabre Lacroix Renard"
        ),
        _places(
            "Paris, France; Lyon, France; Marseille, France; Toulouse, France; Bordeaux, France; Lille, France; "
            "Nantes, France; Brussels, Belgium; Liège, Belgium; Geneva, Switzerland; Montreal, Canada"
        ),
        surname_parts=(
            _words("Beau Bel Mont Ville Fon Roche Clair Char Lam Bois Mal Gran Font Duf"),
            _words("mont champ fort lieu ville court val bert rin ier"),
        ),
    ),
    "italian": Culture(
        7,
        _words(
            "Giulia Francesca Chiara Sofia Alessandra Valentina Elena Martina Federica Silvia Beatrice Anna "
            "Paola Lucia Monica Claudia"
        ),
        _words(
            "Marco Luca Giuseppe Alessandro Francesco Matteo Lorenzo Andrea Stefano Paolo Giovanni Roberto "
            "Massimo Davide Riccardo Vittorio"
        ),
        _words(
            "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Mancini "
            "Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara "
            "Galli Martini Leone"
        ),
        _places(
            "Rome, Italy; Milan, Italy; Naples, Italy; Turin, Italy; Florence, Italy; Bologna, Italy; "
            "Palermo, Italy; Genoa, Italy"
        ),
        surname_parts=(
            _words("Bel Ross Mar Fior Bianc Ner Gall Cont Sant Cast Val Mont Petr Lucch Ferr Orl Cap"),
            _words("elli ini etti one ucci ano ari esi otti"),
        ),
    ),
    "german": Culture(
        7,
        _words(
            "Anna Lena Katharina Julia Sophie Laura Hannah Lea Marie Johanna Greta Charlotte Clara Frieda "
            "Ingrid Sabine"
        ),
        _words(
            "Lukas Jonas Felix Maximilian Paul Leon Tobias Florian Matthias Stefan Andreas Wolfgang Jürgen "
            "Klaus Moritz Dieter Michael"
        ),
        _words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
            "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
            "Schmitt Werner Krause Meier Lehmann"
        ),
        _places(
            "Berlin, Germany; Hamburg, Germany; Munich, Germany; Cologne, Germany; Frankfurt, Germany; "
            "Leipzig, Germany; Vienna, Austria; Graz, Austria; Zurich, Switzerland"
        ),
        initials=0.08,
        surname_parts=(
            _words("Stein Berg Wald Rosen Linde Schön Wein Feld Hoch Eich Adler Kirch Frank Gold Lieb Stern Falk"),
            _words("berg mann feld bach thal stein hof meier er haus"),
        ),
    ),
    "nordic": Culture(
        4,
        _words("Ingrid Astrid Sigrid Freja Maja Elin Liv Sofie Karin Ebba Nora Ida Signe Tuva"),
        _words("Lars Anders Erik Nils Björn Magnus Henrik Mikkel Sven Oskar Gustav Rasmus Jens Olav"),
        _words(
            "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Nielsen Jensen Pedersen "
            "Lindqvist Berg Dahl Holm Lund Sandberg Nyström Virtanen Korhonen"
        ),
        _places(
            "Stockholm, Sweden; Gothenburg, Sweden; Malmö, Sweden; Copenhagen, Denmark; Aarhus, Denmark; "
            "Oslo, Norway; Bergen, Norway; Helsinki, Finland; Reykjavík, Iceland"
        ),
        initials=0.05,
        surname_parts=(
            _words("Berg Lind Sand Holm Dahl Ny Sjö Strand Ek Fors Lund Hag Al Bäck Eng Fager Sol"),
            _words("ström qvist gren berg holm lund dahl man by blad"),
        ),
    ),
    "eastern_european": Culture(
        4,
        _words("Anna Katarzyna Magdalena Agnieszka Zofia Natalia Olga Ewa Marta Daria Veronika Alena Ilona Oksana"),
        _words("Piotr Tomasz Krzysztof Michał Paweł Jakub Andrzej Ivan Jan Ondřej Bence Mihai Taras"),
        _words(
            "Nowak Wójcik Mazur Krawczyk Zając Król Wieczorek Kaczmarek Pawlak Sikora Baran Novák Dvořák "
            "Svoboda Horváth Kovács Nagy Tóth Popescu Ionescu Constantin Shevchenko Bondarenko "
            "Kovalenko Tkachenko"
        ),
        _places(
            "Warsaw, Poland; Kraków, Poland; Łódź, Poland; Prague, Czechia; Brno, Czechia; Budapest, Hungary; "
            "Bucharest, Romania; Kyiv, Ukraine; Lviv, Ukraine"
        ),
        initials=0.05,
    ),
    "japanese": Culture(
        5,
        _words("Yuki Haruka Aoi Sakura Emi Naomi Rin Mei Ayumi Keiko Kaori Yoko Noriko Hana Misaki"),
        _words("Hiroshi Takeshi Kenji Haruto Ren Sota Daiki Kazuo Akira Yusuke Shinji Ryo Koji Takumi Makoto"),
        _words(
            "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki "
            "Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori Ikeda Hashimoto Ishikawa Ogawa Fujita Okada"
        ),
        _places(
            "Tokyo, Japan; Osaka, Japan; Kyoto, Japan; Yokohama, Japan; Sapporo, Japan; Fukuoka, Japan; "
            "Kobe, Japan; Nagoya, Japan"
        ),
        surname_parts=(
            _words("Yama Naka Ta Ki Mori Ishi Matsu Hashi Fuji Kawa Taka Ike Oka Ara Shima Sugi Hira Miya"),
            _words("moto mura da kawa shita uchi saki hara gawa zaki yama no ta"),
        ),
    ),
    "korean": Culture(
        3,
        _words("Ji-woo Seo-yeon Min-ji Ha-eun Soo-ah Ye-jin Da-eun Eun-ji Hye-jin Yoon-seo"),
        _words("Min-jun Seo-jun Ji-hoon Hyun-woo Dong-hyun Jae-won Sung-min Tae-yang Joon-ho Woo-jin"),
        _words("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song"),
        _places("Seoul, South Korea; Busan, South Korea; Incheon, South Korea; Daegu, South Korea"),
    ),
    "chinese": Culture(
        4,
        _words("Mei Xiu Ying Li Na Fang Lan Hui Jing Yan Xin Ling Qing Wen"),
        _words("Wei Jun Hao Lei Yang Jian Ming Tao Qiang Bo Chen Feng Gang Yi"),
        _words(
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Tang"
        ),
        _places("Beijing, China; Shanghai, China; Guangzhou, China; Chengdu, China; Hong Kong; Taipei, Taiwan"),
    ),
    "indian": Culture(
        8,
        _words(
            "Priya Ananya Aishwarya Deepika Kavya Meera Neha Pooja Radhika Shreya Sunita Tara Vidya Zoya "
            "Lakshmi Nandini Aditi Bhavna Divya Gauri Isha Jaya Kiran Madhuri Nisha Rekha Sahana Tanvi Uma Yamini"
        ),
        _words(
            "Arjun Rahul Vikram Amit Rohan Karan Sanjay Ravi Aditya Nikhil Suresh Rajesh Anil Farhan Imran Dev "
            "Abhay Bharat Chetan Dhruv Gautam Harish Ishaan Kunal Manoj Naveen Pranav Siddharth Varun Yash"
        ),
        _words(
            "Sharma Verma Gupta Patel Singh Kumar Reddy Nair Iyer Menon Rao Joshi Mehta Kapoor Malhotra Chopra "
            "Banerjee Chatterjee Mukherjee Das Bose Pillai Desai Khan Shah Agarwal Bhatt Chaudhary Dutta Ghosh "
            "Hegde Jain Kulkarni Mishra Naidu Pandey Qureshi Saxena Sen Sinha Thakur Trivedi Varma Yadav"
        ),
        _places(
            "Mumbai, India; Delhi, India; Kolkata, India; Chennai, India; Bengaluru, India; Hyderabad, India; "
            "Pune, India; Kochi, India"
        ),
    ),
    "portuguese": Culture(
        4,
        _words("Ana Beatriz Mariana Juliana Fernanda Larissa Camila Gabriela Luísa Carolina Inês Leonor Raquel Joana"),
        _words("João Pedro Lucas Gabriel Rafael Thiago Bruno Felipe Gustavo Rodrigo Tiago Miguel Duarte Vinícius"),
        _words(
            "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins "
            "Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Moura"
        ),
        _places(
            "São Paulo, Brazil; Rio de Janeiro, Brazil; Salvador, Brazil; Recife, Brazil; Porto Alegre, Brazil; "
            "Lisbon, Portugal; Porto, Portugal"
        ),
        two_surnames=0.4,
    ),
    "west_african": Culture(
        3,
        _words("Adaeze Chiamaka Ngozi Amara Folake Yetunde Aisha Efua Ama Abena Zainab Funmi"),
        _words("Chinedu Emeka Oluwaseun Tunde Kwame Kofi Yaw Babajide Ifeanyi Segun Ibrahim Kunle"),
        _words(
            "Okafor Adeyemi Okonkwo Eze Nwosu Balogun Adebayo Mensah Owusu Asante Boateng Okoro Obi Danjuma "
            "Bello Afolabi"
        ),
        _places("Lagos, Nigeria; Abuja, Nigeria; Ibadan, Nigeria; Accra, Ghana; Dakar, Senegal; Nairobi, Kenya"),
    ),
}
CULTURE_NAMES = tuple(CULTURES)
CULTURE_WEIGHTS = tuple(accumulate(culture.weight for culture in CULTURES.values()))

# How often each original language occurs, the countries that make films in it, and whose names
# its characters carry. Languages missing from the database are left out.
LANGUAGES = {
    "en": (45, {"US": 60, "GB": 20, "CA": 6, "AU": 6, "IE": 3, "NZ": 2}, "english"),
    "fr": (8, {"FR": 80, "BE": 10, "CA": 5, "CH": 5}, "french"),
    "es": (7, {"ES": 50, "MX": 20, "AR": 18, "CO": 6, "CL": 6}, "spanish"),
    "hi": (6, {"IN": 1}, "indian"),
    "ja": (5, {"JP": 1}, "japanese"),
    "it": (4, {"IT": 1}, "italian"),
    "de": (4, {"DE": 75, "AT": 15, "CH": 10}, "german"),
    "ko": (3, {"KR": 1}, "korean"),
    "zh": (3, {"CN": 60, "HK": 20, "TW": 20}, "chinese"),
    "pt": (2, {"BR": 70, "PT": 30}, "portuguese"),
    "ta": (1, {"IN": 1}, "indian"),
    "te": (1, {"IN": 1}, "indian"),
    "sv": (1, {"SE": 1}, "nordic"),
    "da": (1, {"DK": 1}, "nordic"),
    "no": (0.5, {"NO": 1}, "nordic"),
    "fi": (0.5, {"FI": 1}, "nordic"),
    "pl": (1, {"PL": 1}, "eastern_european"),
    "cs": (0.5, {"CZ": 1}, "eastern_european"),
    "hu": (0.5, {"HU": 1}, "eastern_european"),
    "ro": (0.5, {"RO": 1}, "eastern_european"),
    "uk": (0.5, {"UA": 1}, "eastern_european"),
    "yo": (0.5, {"NG": 1}, "west_african"),
}
CO_PRODUCERS = {"US": 5, "FR": 5, "GB": 4, "DE": 4, "ES": 2, "IT": 2, "BE": 2, "CA": 2}

# Titles in the original language for the languages whose phrasing these lists can manage.
ORIGINAL_TITLE_WORDS = {
    "es": (
        ("La casa", "El silencio", "Las hermanas", "El viaje", "La noche", "Los días", "El jardín", "La frontera"),
        ("del mar", "de invierno", "sin nombre", "en la ciudad", "de los otros", "al amanecer", "de mi madre"),
    ),
    "fr": (
        ("La maison", "Le silence", "Les sœurs", "Le voyage", "La nuit", "Les jours", "Le jardin", "La frontière"),
        ("de la mer", "d’hiver", "sans nom", "dans la ville", "des autres", "à l’aube", "de ma mère"),
    ),
    "it": (
        ("La casa", "Il silenzio", "Le sorelle", "Il viaggio", "La notte", "I giorni", "Il giardino", "Il confine"),
        ("del mare", "d’inverno", "senza nome", "in città", "degli altri", "all’alba", "di mia madre"),
    ),
    "de": (
        ("Das Haus", "Die Stille", "Die Schwestern", "Die Reise", "Die Nacht", "Die Tage", "Der Garten"),
        ("am Meer", "im Winter", "ohne Namen", "in der Stadt", "der Anderen", "im Morgengrauen"),
    ),
    "pt": (
        ("A casa", "O silêncio", "As irmãs", "A viagem", "A noite", "Os dias", "O jardim", "A fronteira"),
        ("do mar", "de inverno", "sem nome", "na cidade", "dos outros", "ao amanhecer", "da minha mãe"),
    ),
}

# The genres every generated film draws from; ones the catalog lacks are added. Weights are how
# often each is a film's main genre.
GENRES = (
    ("drama", "Drama", 22, "Character-driven stories that take their emotional conflicts seriously."),
    ("comedy", "Comedy", 16, "Films made above all to amuse, from gentle wit to outright farce."),
    ("thriller", "Thriller", 8, "Films built on suspense and tension."),
    ("documentary", "Documentary", 7, "Non-fiction films about real people, places and events."),
    ("horror", "Horror", 6, "Films that set out to frighten."),
    ("romance", "Romance", 6, "Stories centred on love and the bond between two people."),
    ("crime", "Crime", 6, "Stories about crimes, the people who commit them and the people who pursue them."),
    ("action", "Action", 6, "Chases, fights and stunts carry the story."),
    ("science-fiction", "Science Fiction", 3, "Stories built on imagined science, technology or futures."),
    ("animation", "Animation", 3, "Films drawn, modelled or animated frame by frame."),
    ("mystery", "Mystery", 2, "A puzzle or a hidden truth drives the story."),
    ("adventure", "Adventure", 2, "Journeys, quests and expeditions."),
    ("family", "Family", 2, "Films made for children and the adults who watch with them."),
    ("fantasy", "Fantasy", 2, "Stories with magic, myth or impossible worlds."),
    ("melodrama", "Melodrama", 2, "Heightened stories of love, family, secrets and sacrifice."),
    ("historical", "Historical", 2, "Films set in a real past era or drawn from actual historical events."),
    ("biography", "Biography", 1, "The life of a real person, or a part of it."),
    ("war", "War", 1, "Stories of soldiers and civilians in wartime."),
    ("musical", "Musical", 1, "Stories told partly in song and dance."),
    ("western", "Western", 1, "Stories of the American frontier and its myths."),
)

ADJECTIVES = _words(
    "Silent Broken Distant Hidden Golden Last Lost Quiet Burning Endless Forgotten Bitter Crimson Hollow "
    "Midnight Wild Secret Fragile Restless Northern Southern Frozen Electric Velvet Paper Glass Iron Salt "
    "Silver Scarlet Pale Wandering Sleeping Falling Rising Empty Borrowed Stolen Gentle Savage Lonely Little "
    "Long Tender Violent Bright Dark Final Perfect Strange Invisible Beautiful Dangerous Sweet Eternal Sudden Open"
)
NOUNS = _words(
    "House River Mother Father Daughter Son Sister Brother Stranger Garden Road Night Sea Mountain Island City "
    "Village Letter Promise Secret Shadow Mirror Window Door Bridge Harbour Station Train Storm Fire Rain Snow "
    "Wind Dream Memory Song Dance Heart Crown Kingdom Hunter Witness Widow Orphan Soldier Thief Teacher Doctor "
    "Painter Dancer Photographer Lighthouse Desert Forest Field Valley Coast Border Frontier Summer Winter "
    "Harvest Season Hour Morning Evening Voyage Journey Return Exile Inheritance Confession Wedding Funeral "
    "Reunion Game Machine Signal Horizon Orbit Planet Moon Tide Wave Ghost Angel Saint Queen King Prince Spy "
    "Detective Assassin Rebel Prisoner Passenger Tenant Neighbour Guest"
)
PLURALS = _words(
    "Mothers Daughters Sisters Brothers Strangers Letters Promises Secrets Shadows Mirrors Windows Bridges "
    "Storms Dreams Memories Songs Hearts Kingdoms Hunters Witnesses Soldiers Thieves Teachers Dancers Ghosts "
    "Angels Saints Sinners Spies Rebels Prisoners Passengers Neighbours Guests Tides Waves Stars Islands Roads "
    "Nights Seasons Hours Summers Winters Days Years Lovers Children Wolves Birds Horses Kings Queens"
)
ABSTRACTS = _words(
    "Love Time Fear Grace Hope Glory Mercy Silence Freedom Desire Justice Revenge Truth Honour Faith Madness "
    "Innocence Solitude Fortune Blood Pain"
)
VERBS = _words(
    "Chasing Finding Leaving Burning Waiting Remembering Crossing Becoming Breaking Saving Loving Watching "
    "Hunting Dancing Running Losing Forgetting Keeping Following Talking"
)
TITLE_PLACES = _words(
    "Paris Lisbon Berlin Tokyo Madrid Vienna Cairo Havana Naples Marseille Shanghai Istanbul Kyoto Memphis "
    "Harlem Brooklyn Sicily Tangier Oslo Budapest Dakar Manila Valparaíso Galway Montana Alaska Provence "
    "Andalusia Bombay Saigon"
)
TIMES = _words("Summer Winter Nights Blues Story Express Connection Affair Diaries Requiem Nocturne")
VERBS_THIRD_PERSON = _words("Falls Sleeps Burns Returns Sings Breaks Waits Dances Weeps Rises Ends Speaks Calls Wakes")
# Patterns and how often they occur. The short ones have few possible titles, so they are rare: there
# are many films called "Revenge", but not one in every hundred.
TITLE_PATTERNS = (
    ("The {adjective} {noun}", 14),
    ("{adjective} {plural}", 8),
    ("The {adjective} {noun} of {place}", 8),
    ("The {noun} of {place}", 6),
    ("The {noun}’s {noun2}", 6),
    ("{noun} of {abstract}", 5),
    ("A {noun} in {place}", 5),
    ("{adjective} {noun}", 5),
    ("{adjective} {plural} of {place}", 4),
    ("{name} and {name2}", 4),
    ("{verb} {name}", 4),
    ("{verb} the {noun}", 4),
    ("When the {noun} {verb_third_person}", 3),
    ("{name}’s {noun}", 3),
    ("{verb} {place}", 2),
    ("{abstract} and {abstract2}", 2),
    ("{place} {time}", 1),
    ("The {noun}", 1),
    ("{name}", 1),
    ("{plural}", 0.5),
    ("{abstract}", 0.2),
)
TITLE_TEMPLATES = tuple(pattern for pattern, _ in TITLE_PATTERNS)
TITLE_WEIGHTS = tuple(accumulate(weight for _, weight in TITLE_PATTERNS))
SEQUEL_SUFFIXES = (" II", " III", ": Part Two", " Returns")

WHO = (
    "grieving photographer",
    "retired detective",
    "young widow",
    "disgraced surgeon",
    "small-town teacher",
    "struggling musician",
    "war veteran",
    "runaway teenager",
    "ambitious journalist",
    "lonely lighthouse keeper",
    "former boxer",
    "reluctant heir",
    "single mother",
    "ageing actress",
    "immigrant cook",
    "newly arrived nurse",
    "chess prodigy",
    "night-shift taxi driver",
    "village priest",
    "burned-out lawyer",
    "border guard",
    "marine biologist",
    "stand-up comedian",
    "ghostwriter",
    "tenant farmer",
    "professional mourner",
    "insomniac architect",
    "shy librarian",
)
GOALS = (
    "returns home to bury a parent",
    "takes a job in a remote hotel",
    "tries to win back a lost love",
    "sets out to find a missing sister",
    "agrees to one last job",
    "inherits a crumbling house",
    "joins a travelling circus",
    "investigates a string of disappearances",
    "befriends an unlikely neighbour",
    "plans an impossible escape",
    "prepares for the performance of a lifetime",
    "fights to keep the family farm",
    "searches for the truth about a mother’s past",
    "smuggles refugees across the mountains",
    "trains a reluctant apprentice",
    "falls for a stranger on a night train",
    "must survive a winter alone",
    "reopens a case everyone wants closed",
    "shares a maternity ward with a stranger",
)
COMPLICATIONS = (
    "only to uncover a secret that binds two families",
    "while a storm cuts the town off from the world",
    "as an old rival resurfaces",
    "but the past refuses to stay buried",
    "with the police one step behind",
    "and discovers that nobody is who they seem",
    "as a war closes in",
    "while hiding an illness from everyone",
    "and learns what a promise costs",
    "as the town turns against them",
    "before the tide comes in",
    "while a child watches everything",
)
OVERVIEW_SENTENCES = (
    "Set in {place} over a single {season}, the film follows people whose lives become entangled.",
    "What begins as a favour becomes a reckoning with everything left unsaid.",
    "The camera stays close, letting small gestures carry the story.",
    "Told in long, patient takes, it is as much about the landscape of {place} as about its people.",
    "A score of strings and silence underlines the tension between its characters.",
    "Shot on location in {place}, the film mixes professional actors with local residents.",
    "Its second half turns on a revelation that reframes everything before it.",
    "Humour and grief sit side by side, often in the same scene.",
    "The story moves between {place} and a village that time seems to have forgotten.",
    "It premiered to a long ovation and divided critics for years afterwards.",
    "Few films of its decade look at family with such tenderness and so little sentiment.",
)
SEASONS = ("summer", "winter", "autumn", "spring", "weekend", "night", "year")
MOVIE_TYPES = (
    "An intimate chamber piece played out in a handful of rooms.",
    "A sweeping period epic with a cast of hundreds.",
    "A low-budget debut shot in three weeks.",
    "A genre film that uses its thrills to talk about class.",
    "A road movie told in chapters.",
    "An ensemble piece in the tradition of the great family sagas.",
    "A slow-burning mystery that rewards a second viewing.",
)
POST_CREDITS_NOTES = (
    "A short scene after the credits shows the house years later.",
    "A single shot after the credits hints at a sequel.",
    "The credits end on a last outtake from the shoot.",
)
SCORE_NOTES = (
    "The score leans on a solo cello and long silences.",
    "An orchestral score that borrows from the folk songs of the region.",
    "Mostly electronic, the score was recorded in a single week.",
    "The music is drawn almost entirely from records the characters play.",
)
WHY_WATCH = (
    "For its central performance, one of the best of the decade.",
    "For the way it turns a small story into something universal.",
    "For the photography: every frame could hang in a gallery.",
    "For an ending that stays with you for days.",
    "For its humour, which never undercuts its seriousness.",
)

PLOT_HEADINGS = (
    "An Unexpected Arrival",
    "The Letter",
    "Old Wounds",
    "Crossing the Border",
    "A Fragile Truce",
    "The Night of the Storm",
    "What the Village Knew",
    "Strangers at the Table",
    "The First Lie",
    "Falling Apart",
    "A Door Left Open",
    "The Return",
    "Closing In",
    "Confessions",
    "The Last Summer",
    "Debts",
    "Under One Roof",
    "Breaking Point",
    "After the Fire",
    "A Second Chance",
    "The Search",
    "A Fresh Start",
)
ENDING_HEADINGS = ("How It Ends", "The Ending", "Final Reckoning", "Aftermath", "The Last Scene", "Epilogue")
PLOT_SENTENCES = (
    "{a} arrives in {place} with a suitcase and no plan.",
    "{a} and {b} meet by chance and recognise something in each other.",
    "{b} hides a letter that would change everything for {a}.",
    "An old photograph leads {a} back to {place}.",
    "{c} warns {a} to leave the past alone.",
    "The friendship between {a} and {b} is tested when money goes missing.",
    "{a} finally tells {b} the truth, and {b} walks out into the night.",
    "A phone call from {c} brings {a} back to the family home.",
    "{b} starts to suspect that {c} knows more than they admit.",
    "Weeks pass; {a} takes a job and begins to rebuild.",
    "At a dinner that goes badly wrong, old resentments surface.",
    "{a} and {c} drive through the night to reach {place} before dawn.",
)
ENDING_SENTENCES = (
    "In the final scene {a} and {b} stand together at the edge of the excavated grave.",
    "{b} leaves {place} for good; {a} stays and opens the shop again.",
    "{c} confesses, and {a} chooses to forgive.",
    "The film ends years later, with {a} reading {b}’s letter at last.",
)
NOTE_TITLES = {
    NoteKind.BEHIND_THE_SCENES: (
        "Casting {lead}",
        "A twelve-week shoot",
        "Rewrites on set",
        "Shooting in sequence",
        "The budget",
        "Rehearsals",
        "Night shoots",
        "Working with non-professional actors",
        "The production design",
        "Shooting on film",
    ),
    NoteKind.INSPIRATION: (
        "{director}’s own childhood",
        "A newspaper story",
        "A painting",
        "An old photograph",
        "Classic melodrama",
        "A folk song",
        "Real events in {place}",
    ),
    NoteKind.ALTERNATE_ENDING: (
        "The original ending",
        "A darker ending",
        "The test-screening ending",
        "The ending that was never shot",
    ),
    NoteKind.DELETED_SCENE: ("The missing prologue", "A longer dinner scene", "A cut subplot", "The director’s cut"),
    NoteKind.BOOK_ADAPTATION: (
        "The source novel",
        "Changes from the book",
        "The author’s reaction",
        "Adapting the final chapter",
    ),
    NoteKind.EASTER_EGG: (
        "A nod to an earlier film",
        "The director’s cameo",
        "A recurring poster",
        "Hidden initials",
        "The radio broadcast",
    ),
    NoteKind.TRIVIA: (
        "The title",
        "The opening shot",
        "Box office",
        "Real locations",
        "The score’s origins",
        "The costumes",
        "The premiere",
        "{lead}’s first leading role",
    ),
}
NOTE_KINDS = tuple(NOTE_TITLES)
NOTE_KIND_WEIGHTS = tuple(accumulate((5, 3, 1, 1, 1, 1, 6)))
NOTE_TEXTS = (
    "{director} has said that the film began with a single image of {place} at dawn.",
    "{lead} prepared for the part for months, and several scenes were improvised.",
    "The crew shot in {place} for most of the schedule, often in a single take.",
    "The studio asked for changes after the first screenings; {director} kept most of the original cut.",
    "Early drafts of the script were set in another decade entirely.",
    "Several of the extras were residents of {place} who had never acted before.",
    "A detail in the background of one scene refers to an earlier film by {director}.",
)
KEY_SCENE_TITLES = (
    "The opening shot",
    "The dinner party",
    "The phone call",
    "The confrontation in the kitchen",
    "The drive to {place}",
    "The storm",
    "The funeral",
    "The dance",
    "The confession",
    "The chase through the market",
    "The wedding",
    "The final shot",
    "On the rooftop",
    "The interrogation",
    "The train platform",
    "The reunion",
    "The swim at night",
    "The audition",
)
KEY_SCENE_DESCRIPTIONS = (
    "{a} and {b} finally say what they have avoided for the whole film.",
    "A single unbroken take follows {a} through the house.",
    "The camera holds on {b}’s face while {a} speaks off screen.",
    "The scene is played without music, and all the more tense for it.",
    "A quiet moment between {a} and {c} that changes how the rest of the film plays.",
)
QUOTES = (
    "We are all someone’s secret.",
    "You can’t bury the past. It keeps its own hours.",
    "I didn’t come back for the house. I came back for the truth.",
    "Every family has a room nobody goes into.",
    "Tell me the story again, the way Grandmother told it.",
    "Some promises are made to be broken slowly.",
    "If you leave now, don’t write.",
    "The sea gives back everything, sooner or later.",
    "I was never afraid of the dark. I was afraid of what it hid.",
    "Nobody in this town forgets anything.",
    "Love isn’t the problem. Timing is.",
    "I kept your letters. I never opened them.",
    "We were happy once. Weren’t we?",
    "You look at me as if I were already gone.",
    "The truth doesn’t care who hears it first.",
    "There is no such thing as a small lie.",
    "I know what you did that summer.",
    "One day you will understand why I stayed.",
    "The dead don’t ask for much. Just to be remembered.",
    "Don’t thank me. Just don’t come back.",
    "It’s a long way home from here.",
    "You can’t save everyone. You can save her.",
    "Let the river decide.",
    "I’m not brave. I’m just out of choices.",
)
QUOTE_CONTEXTS = ("At the kitchen table", "In the closing scene", "On the phone", "To the camera", "At the funeral")
LOCATIONS = (
    ("Almería", "Andalusia", "ES", "36.83402", "-2.46370"),
    ("Torremocha de Jarama", "Community of Madrid", "ES", "40.84083", "-3.49556"),
    ("Madrid", "Community of Madrid", "ES", "40.41678", "-3.70379"),
    ("Matera", "Basilicata", "IT", "40.66637", "16.60432"),
    ("Cinecittà Studios", "Lazio", "IT", "41.85103", "12.57539"),
    ("Marseille", "Provence-Alpes-Côte d’Azur", "FR", "43.29648", "5.36978"),
    ("Studios de Boulogne", "Île-de-France", "FR", "48.83768", "2.23834"),
    ("Monument Valley", "Utah", "US", "36.99800", "-110.09850"),
    ("Brooklyn", "New York", "US", "40.67818", "-73.94416"),
    ("Griffith Park", "California", "US", "34.13655", "-118.29419"),
    ("Glencoe", "Scotland", "GB", "56.68211", "-5.10254"),
    ("Pinewood Studios", "Buckinghamshire", "GB", "51.54925", "-0.53592"),
    ("Dubrovnik", "Dubrovnik-Neretva", "HR", "42.65066", "18.09442"),
    ("Kyoto", "Kyoto Prefecture", "JP", "35.01164", "135.76803"),
    ("Busan", "", "KR", "35.17955", "129.07564"),
    ("Mumbai Film City", "Maharashtra", "IN", "19.16228", "72.87864"),
    ("Wadi Rum", "Aqaba", "JO", "29.57356", "35.42020"),
    ("Reykjavík", "Capital Region", "IS", "64.14660", "-21.94260"),
    ("Lisbon", "Lisbon District", "PT", "38.72225", "-9.13934"),
    ("Valparaíso", "Valparaíso Region", "CL", "-33.04723", "-71.61268"),
    ("Queenstown", "Otago", "NZ", "-45.03116", "168.66264"),
    ("Berlin-Tempelhof", "Berlin", "DE", "52.47306", "13.40194"),
    ("Budapest", "", "HU", "47.49791", "19.04023"),
    ("Havana", "", "CU", "23.11359", "-82.36660"),
    ("Tangier", "Tanger-Tetouan-Al Hoceima", "MA", "35.75950", "-5.83395"),
    ("A soundstage", "", "", None, None),
    ("A private house near the coast", "", "", None, None),
)
STANDS_IN_FOR = ("the family home", "an unnamed capital", "the border crossing", "a village in the mountains", "")
ALTERNATIVE_TITLE_NOTES = ("working title", "festival title", "international title", "video title", "")
PUBLICATIONS = (
    ("The Cinema Ledger", "cinema-ledger"),
    ("Reel Quarterly", "reel-quarterly"),
    ("Frame & Focus", "frame-and-focus"),
    ("The Projectionist", "projectionist"),
    ("Screen Archive Review", "screen-archive"),
)
RECOMMENDATION_REASONS = (
    "Another patient, character-driven story about families and their secrets.",
    "Shares its sense of place and its unhurried rhythm.",
    "For the same mix of humour and heartbreak.",
    "A companion piece from the same years, with a similar ending.",
    "",
)
BIOS = (
    "{name} began in theatre before moving to film.",
    "{name} is known for quiet, precise work and long collaborations.",
    "Born in {place}, {name} started out in short films and television.",
    "{name} studied at a film school and worked as an assistant for years before a first credit.",
)
CHARACTER_DESCRIPTIONS = ("the mother", "a neighbour", "the detective", "an old friend", "the landlady", "the son")

AWARD_BODIES = (
    ("Harbourlight International Film Festival", "harbourlight-film-festival", "Harbourlight", "PT"),
    ("Silver Reel Critics’ Awards", "silver-reel-awards", "Silver Reel", "US"),
    ("Meridian Film Awards", "meridian-film-awards", "Meridians", "GB"),
    ("Northern Star Film Festival", "northern-star-film-festival", "Northern Star", "SE"),
    ("Golden Lantern Awards", "golden-lantern-awards", "Lanterns", "KR"),
    ("Cinema Horizons Prize", "cinema-horizons-prize", "Horizons", "FR"),
)
AWARD_CATEGORIES = (
    "Best Film",
    "Best Director",
    "Best Actress",
    "Best Actor",
    "Best Supporting Actress",
    "Best Supporting Actor",
    "Best Screenplay",
    "Best Cinematography",
    "Best Original Score",
    "Best Editing",
    "Best Production Design",
    "Best Costume Design",
)
# The most films a category nominates at one ceremony; one of them wins.
NOMINEES_PER_CATEGORY = 5
# Words in a category's name that say whose work it honours; categories without one honour the film.
CATEGORY_ROLES = (
    ("actress", Role.ACTOR),
    ("actor", Role.ACTOR),
    ("director", Role.DIRECTOR),
    ("directing", Role.DIRECTOR),
    ("screenplay", Role.WRITER),
    ("writing", Role.WRITER),
    ("score", Role.COMPOSER),
    ("music", Role.COMPOSER),
    ("cinematograph", Role.CINEMATOGRAPHER),
    ("editing", Role.EDITOR),
    ("production design", Role.PRODUCTION_DESIGNER),
    ("costume", Role.COSTUME_DESIGNER),
)

# The order of a film's credit plan; see _Generator._crew_plan.
ROLES = (
    Role.DIRECTOR,
    Role.WRITER,
    Role.PRODUCER,
    Role.ACTOR,
    Role.COMPOSER,
    Role.CINEMATOGRAPHER,
    Role.EDITOR,
    Role.PRODUCTION_DESIGNER,
    Role.COSTUME_DESIGNER,
)
PLAN_SIZE = len(ROLES) + 1  # the counts, then the flags below
DIRECTOR_WRITES = 1
DIRECTOR_PRODUCES = 2

# Careers per profession: the average number of credits, and the most a career holds in a catalog of
# FULL_CATALOG films (the busiest real careers); smaller catalogs, like a sample of a large one, have
# smaller ceilings. Averages near five give about three people per film.
CAREERS = {
    Role.DIRECTOR: (3.5, 70),
    Role.WRITER: (3.5, 90),
    Role.PRODUCER: (5, 200),
    Role.ACTOR: (6, 450),
    Role.COMPOSER: (7, 300),
    Role.CINEMATOGRAPHER: (6, 160),
    Role.EDITOR: (6, 160),
    Role.PRODUCTION_DESIGNER: (5, 120),
    Role.COSTUME_DESIGNER: (5, 120),
}
FULL_CATALOG = 100_000
MIN_CEILING = 20
# The busiest actor of a full catalog has about one actor credit in this many.
STAR_SHARE = 2500
# How far ahead a clash (the same person twice in one film) looks for someone to swap with.
SWAP_WINDOW = 64


def generate_catalog(films, *, seed=1, batch_size=DEFAULT_BATCH_SIZE, using=DEFAULT_DB_ALIAS, now=None, log=None):
    """Add ``films`` synthetic films and everything around them; return the rows added, per model."""
    if films < 1:
        raise ValueError("The number of films must be at least 1.")
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    log = log or (lambda message: None)
    generator = _Generator(seed=seed, batch_size=batch_size, using=using, now=now or timezone.now(), log=log)
    counts = generator.run(films)
    # The planner's statistics must describe the new rows: without them PostgreSQL recounts every
    # person's films by scanning all credits for each one, and SQLite picks scans over the list
    # indexes, so a list page costs tens of milliseconds instead of a few.
    log("Updating the query planner's statistics…")
    _analyze(using)
    log("Counting films per person, genre, country and language; folding titles and names…")
    call_command("refresh_derived", database=using, verbosity=0)
    log("Rebuilding search documents…")
    call_command("update_search_index", database=using, verbosity=0)
    # Once more, now that the counts the partial indexes select on are filled in.
    _analyze(using)
    # bulk_create sends no signals: pages cached before the run know nothing of the new rows.
    bump_generation()
    return counts


def _analyze(using):
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _explicit_timestamps(*models):
    """Let ``bulk_create`` store the ``created_at`` and ``updated_at`` values given, instead of "now".

    Auto-now fields overwrite any value at insert time; history spread over the years is what a
    real catalog has, and what "recently updated" lists need to be measured against.
    """
    fields = [model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _pick(rng, options, cumulative_weights):
    return options[bisect(cumulative_weights, rng.random() * cumulative_weights[-1])]


def _culture_of(language):
    """Where a film in ``language`` is likely set, and whose names its characters have."""
    return CULTURES[LANGUAGES[language][2] if language else "english"]


def _article(noun):
    return "An" if noun[0].lower() in "aeiou" else "A"


def career_lengths(average, ceiling):
    """Cumulative weights of careers of 1 to ``ceiling`` credits, averaging ``average`` credits.

    A power law, so that most careers are short and a few very long, cut off exponentially towards
    the ceiling so that only a handful come near it. Its exponent is found by bisection; under the low
    ceilings of small catalogs it may have to go negative, and short careers are then less common.
    """
    cutoff = ceiling / 4.5

    def weights(exponent):
        return [length**-exponent * math.exp(-length / cutoff) for length in range(1, ceiling + 1)]

    def mean(exponent):
        found = weights(exponent)
        return sum(length * weight for length, weight in enumerate(found, start=1)) / sum(found)

    low, high = -2.0, 4.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if mean(middle) > average else (low, middle)
    return list(accumulate(weights(high)))


def _category_role(name):
    """The role whose credit a category honours, from its name; None for categories that honour the film."""
    lowered = name.lower()
    return next((role for word, role in CATEGORY_ROLES if word in lowered), None)


def _category_gender(name):
    lowered = name.lower()
    if "actress" in lowered:
        return "f"
    return "m" if "actor" in lowered else None


class _Generator:
    def __init__(self, *, seed, batch_size, using, now, log):
        self.seed = seed
        self.batch_size = batch_size
        self.using = using
        self.now = now
        self.log = log
        self.counts = {}
        self.started = monotonic()

    def rng(self, phase):
        # Synthetic data, not security: a seeded generator makes every run reproducible. One per phase,
        # so that changing one phase leaves the others' rows as they were.
        return random.Random(f"{self.seed}:{phase}")  # nosec B311

    def run(self, films):
        self.prepare_reference_data()
        with _explicit_timestamps(Film, Person):
            self.create_films(films)
            self.create_people()
        self.create_credits_and_pages()
        return self.counts

    # Writing

    def insert(self, model, rows):
        if rows:
            model._default_manager.using(self.using).bulk_create(rows, batch_size=self.batch_size)
            label = model._meta.label.removeprefix("catalog.")
            self.counts[label] = self.counts.get(label, 0) + len(rows)
        return rows

    def progress(self, what, done, total, batch):
        """Report about every tenth of the way, whatever the batch size."""
        step = max(total // 10, 1)
        if done == total or done // step != (done - batch) // step:
            self.log(f"{what}: {done:,} of {total:,} ({monotonic() - self.started:.0f}s)")

    def timestamps(self, rng, years_back=6):
        """A creation and a last-edit time: spread over the catalog's life, most edits soon after creation."""
        created = self.now - timedelta(seconds=rng.uniform(0, years_back * 365 * 86400))
        edited = min(self.now, created + timedelta(days=rng.expovariate(1 / 60)))
        return created, edited

    # Reference data: reused as found, completed where generated films need more

    def prepare_reference_data(self):
        languages = set(Language.objects.using(self.using).values_list("code", flat=True))
        countries = set(Country.objects.using(self.using).values_list("code", flat=True))
        self.languages = [code for code in LANGUAGES if code in languages]
        self.language_weights = list(accumulate(LANGUAGES[code][0] for code in self.languages))
        self.language_countries = {}
        for code in self.languages:
            found = {country: weight for country, weight in LANGUAGES[code][1].items() if country in countries}
            self.language_countries[code] = (tuple(found), tuple(accumulate(found.values())))
        co_producers = {code: weight for code, weight in CO_PRODUCERS.items() if code in countries}
        self.co_producers = (tuple(co_producers), tuple(accumulate(co_producers.values())))
        self.countries = countries
        self.genre_ids = self.ensure_genres()
        self.genre_weights = tuple(accumulate(weight for _, _, weight, _ in GENRES))
        self.award_categories = self.ensure_award_categories()
        self.ceremonies = self.ceremonies_so_far()

    def ensure_genres(self):
        """The id of each of ``GENRES``, found by slug (or by name) or added; existing genres stay as they are."""
        existing = Genre.objects.using(self.using)
        by_slug = dict(existing.values_list("slug", "pk"))
        by_name = dict(existing.values_list("name", "pk"))
        missing = [
            Genre(slug=slug, name=name, description=description)
            for slug, name, _, description in GENRES
            if slug not in by_slug and name not in by_name
        ]
        for genre in self.insert(Genre, missing):
            by_slug[genre.slug] = genre.pk
        return [by_slug.get(slug) or by_name[name] for slug, name, _, _ in GENRES]

    def ensure_award_categories(self):
        """Every award category with the role and gender it honours; a few award bodies are added if missing."""
        bodies = AwardBody.objects.using(self.using)
        taken_slugs = set(bodies.values_list("slug", flat=True))
        taken_names = set(bodies.values_list("name", flat=True))
        new_bodies = [
            AwardBody(
                name=name,
                slug=slug,
                short_name=short_name,
                country_id=country if country in self.countries else None,
                description=f"{name}: one of the catalog’s generated award bodies.",
            )
            for name, slug, short_name, country in AWARD_BODIES
            if slug not in taken_slugs and name not in taken_names
        ]
        self.insert(AwardBody, new_bodies)
        self.insert(
            AwardCategory,
            [
                AwardCategory(body=body, name=name, slug=slugify(name))
                for body in new_bodies
                for name in AWARD_CATEGORIES
            ],
        )
        categories = AwardCategory.objects.using(self.using).order_by("body__slug", "slug")
        by_body = {}
        for pk, body_id, name in categories.values_list("pk", "body_id", "name"):
            by_body.setdefault(body_id, []).append((pk, _category_role(name), _category_gender(name)))
        return list(by_body.values())

    def ceremonies_so_far(self):
        """``[nominees, has_a_winner]`` per category and year, so that new nominations respect the old."""
        ceremonies = {}
        nominations = Nomination.objects.using(self.using).values_list("category_id", "year", "outcome")
        for category, year, outcome in nominations.iterator():
            ceremony = ceremonies.setdefault((category, year), [0, False])
            ceremony[0] += 1
            ceremony[1] = ceremony[1] or outcome == Outcome.WON
        return ceremonies

    # Films

    def create_films(self, count):
        rng = self.rng("films")
        taken = set(Film.objects.using(self.using).values_list("slug", flat=True))
        serial = Film.objects.using(self.using).count()
        self.film_ids = array("q")
        self.years = array("H")
        self.film_languages = array("b")  # index into self.languages, -1 for none
        self.main_genres = bytearray()
        self.published = bytearray()
        self.plans = bytearray()
        self.film_count = count
        for start in range(0, count, self.batch_size):
            films, genres, countries = [], [], []
            for _ in range(min(self.batch_size, count - start)):
                serial += 1
                film, film_genres, film_countries = self.film(rng, serial, taken)
                films.append(film)
                genres.append(film_genres)
                countries.append(film_countries)
            with transaction.atomic(using=self.using):
                self.insert(Film, films)
                self.insert(
                    Film.genres.through,
                    [
                        Film.genres.through(film_id=film.pk, genre_id=genre)
                        for film, ids in zip(films, genres, strict=True)
                        for genre in ids
                    ],
                )
                self.insert(
                    Film.countries.through,
                    [
                        Film.countries.through(film_id=film.pk, country_id=code)
                        for film, codes in zip(films, countries, strict=True)
                        for code in codes
                    ],
                )
            self.film_ids.extend(film.pk for film in films)
            self.progress("Films", start + len(films), count, len(films))

    def film(self, rng, serial, taken):
        """One film, its genre ids and country codes; its year, language and crew plan are kept for later."""
        title = self.title(rng)
        year = self.year(rng)
        slug = f"{slugify(title)}-{year}-{serial}"
        while slug in taken:
            slug = f"{slug}-{rng.randrange(10**6)}"
        taken.add(slug)
        language = _pick(rng, self.languages, self.language_weights) if self.languages else None
        status = self.status(rng)
        created, edited = self.timestamps(rng)
        published_at = None
        if status == FilmStatus.PUBLISHED:
            published_at = created + (edited - created) * rng.random()
        genres = self.film_genres(rng)
        post_credits = rng.choices((PostCredits.UNKNOWN, PostCredits.NO, PostCredits.YES), weights=(70, 22, 8))[0]
        film = Film(
            title=title,
            original_title=self.original_title(rng, language),
            slug=slug,
            year=year,
            release_date=self.release_date(rng, year),
            runtime_minutes=self.runtime(rng, genres[0]),
            original_language_id=language,
            logline=self.logline(rng),
            overview=self.overview(rng, language),
            movie_type=rng.choice(MOVIE_TYPES) if rng.random() < 0.15 else "",
            post_credits_scene=post_credits,
            post_credits_note=rng.choice(POST_CREDITS_NOTES) if post_credits == PostCredits.YES else "",
            score_note=rng.choice(SCORE_NOTES) if rng.random() < 0.15 else "",
            why_watch=rng.choice(WHY_WATCH) if rng.random() < 0.25 else "",
            status=status,
            published_at=published_at,
            created_at=created,
            updated_at=edited,
        )
        self.years.append(year)
        self.film_languages.append(self.languages.index(language) if language else -1)
        self.main_genres.append(GENRES_INDEX[genres[0]])
        self.published.append(status == FilmStatus.PUBLISHED)
        self.plans.extend(self.crew_plan(rng))
        genre_ids = [self.genre_ids[GENRES_INDEX[slug]] for slug in genres]
        return film, genre_ids, self.film_countries(rng, language)

    def title(self, rng):
        template = _pick(rng, TITLE_TEMPLATES, TITLE_WEIGHTS)
        culture = CULTURES[rng.choice(CULTURE_NAMES[:4])]
        title = template.format(
            adjective=rng.choice(ADJECTIVES),
            noun=rng.choice(NOUNS),
            noun2=rng.choice(NOUNS),
            plural=rng.choice(PLURALS),
            abstract=rng.choice(ABSTRACTS),
            abstract2=rng.choice(ABSTRACTS),
            verb=rng.choice(VERBS),
            verb_third_person=rng.choice(VERBS_THIRD_PERSON),
            place=rng.choice(TITLE_PLACES),
            time=rng.choice(TIMES),
            name=rng.choice(culture.female + culture.male),
            name2=rng.choice(culture.female + culture.male),
        )
        if title.startswith("A ") and title[2] in "AEIOU":
            title = f"An {title[2:]}"
        if rng.random() < 0.02:
            title += rng.choice(SEQUEL_SUFFIXES)
        return title

    def year(self, rng):
        # Film production has grown decade after decade: most films are recent, a long tail is old.
        age = int(rng.expovariate(1 / 22))
        if age > LAST_YEAR - FIRST_YEAR:
            age = rng.randint(0, LAST_YEAR - FIRST_YEAR)
        return LAST_YEAR - age

    def status(self, rng):
        roll = rng.random()
        if roll < 0.95:
            return FilmStatus.PUBLISHED
        return FilmStatus.DRAFT if roll < 0.98 else FilmStatus.REVIEW

    def release_date(self, rng, year):
        if rng.random() < 0.2:
            return None
        return date(year, rng.randint(1, 12), rng.randint(1, 28))

    def runtime(self, rng, genre):
        if rng.random() < 0.03:
            return None
        mean = 88 if genre in ("animation", "family", "documentary") else 108
        return max(60, min(240, round(rng.gauss(mean, 18))))

    def original_title(self, rng, language):
        words = ORIGINAL_TITLE_WORDS.get(language)
        if not words or rng.random() < 0.3:
            return ""
        return f"{rng.choice(words[0])} {rng.choice(words[1])}"

    def logline(self, rng):
        who = rng.choice(WHO)
        return f"{_article(who)} {who} {rng.choice(GOALS)}, {rng.choice(COMPLICATIONS)}."

    def overview(self, rng, language):
        place = rng.choice(_culture_of(language).places).split(",")[0]
        sentences = rng.sample(OVERVIEW_SENTENCES, rng.randint(2, 4))
        return " ".join(sentence.format(place=place, season=rng.choice(SEASONS)) for sentence in sentences)

    def film_genres(self, rng):
        """One to three genre slugs, the main one first."""
        wanted = rng.choices((1, 2, 3), weights=(40, 40, 20))[0]
        slugs = []
        while len(slugs) < wanted:
            slug = _pick(rng, GENRES, self.genre_weights)[0]
            if slug not in slugs:
                slugs.append(slug)
        return slugs

    def film_countries(self, rng, language):
        countries, weights = self.language_countries.get(language, ((), ()))
        if not countries:
            return []
        chosen = [_pick(rng, countries, weights)]
        partners, partner_weights = self.co_producers
        if partners and rng.random() < 0.25:
            partner = _pick(rng, partners, partner_weights)
            if partner != chosen[0]:
                chosen.append(partner)
        return chosen

    def crew_plan(self, rng):
        """The film's number of credits per role in ``ROLES``, then flags for a director who writes or produces.

        About fifteen credits a film: one director (sometimes two), one or two writers, eight or so actors,
        producers, and the heads of department.
        """
        director_writes = rng.random() < 0.4
        counts = (
            2 if rng.random() < 0.08 else 1,
            rng.choice((0, 0, 1, 1, 2)) if director_writes else rng.choice((1, 1, 1, 2, 2, 3)),
            rng.choice((0, 1, 1, 1, 2, 2)),
            max(2, min(14, round(rng.gauss(8, 2.2)))),
            rng.random() < 0.92,
            rng.random() < 0.97,
            rng.random() < 0.95,
            rng.random() < 0.35,
            rng.random() < 0.3,
        )
        flags = (DIRECTOR_WRITES if director_writes else 0) | (DIRECTOR_PRODUCES if rng.random() < 0.1 else 0)
        return (*counts, flags)

    # People

    def create_people(self):
        """Everyone the films' credits need, by profession, with careers that fit the films' years.

        Each person gets a number of credits to fill (most a few, some hundreds) and the years they
        work in. Each profession's credits, ordered by year, are then dealt to the films ordered by
        year, so that careers keep to their decades and birth dates stay plausible.
        """
        rng = self.rng("people")
        taken = set(Person.objects.using(self.using).values_list("slug", flat=True))
        self.serial = Person.objects.using(self.using).count()
        self.person_ids = array("q")
        self.female = bytearray()
        self.names = []
        self.queues = {}
        self.profession_ranges = {}
        slots = self.slots_per_role()
        for role in ROLES:
            first = len(self.person_ids)
            by_year = {}
            pending = []
            for budget, years in self.careers(rng, role, slots[role]):
                index = len(self.person_ids) + len(pending)
                for year in years:
                    by_year.setdefault(year, array("i")).append(index)
                pending.append(self.person(rng, role, budget, years[0], years[-1], taken))
                if len(pending) == self.batch_size:
                    self.save_people(pending)
                    pending = []
            self.save_people(pending)
            self.log(f"People: {len(self.person_ids):,} so far, {role.label.lower()}s done")
            self.profession_ranges[role] = (first, len(self.person_ids))
            self.queues[role] = self.career_queue(rng, by_year)

    def slots_per_role(self):
        slots = dict.fromkeys(ROLES, 0)
        for start in range(0, len(self.plans), PLAN_SIZE):
            for role, count in zip(ROLES, self.plans[start : start + len(ROLES)], strict=True):
                slots[role] += count
        return slots

    def careers(self, rng, role, slots):
        """``(credits, years)`` per person of ``role`` until their credits fill ``slots``."""
        average, ceiling = CAREERS[role]
        ceiling = min(ceiling, max(MIN_CEILING, ceiling * self.film_count // FULL_CATALOG))
        lengths = career_lengths(average, ceiling)
        left = slots
        star = min(ceiling, slots // STAR_SHARE) if role == Role.ACTOR else 0
        while left > 0:
            budget = 1 + bisect(lengths, rng.random() * lengths[-1])
            if star:
                budget, star = max(budget, star), 0
            budget = min(budget, left)
            left -= budget
            yield budget, self.career_years(rng, budget)

    def career_years(self, rng, budget):
        """The years of ``budget`` credits: a career whose length grows with its number of films."""
        length = min(55, round(budget**0.55 * rng.uniform(1.5, 4.0)))
        middle = self.years[rng.randrange(len(self.years))]
        start = max(FIRST_YEAR, min(LAST_YEAR - length, middle - length // 2))
        return sorted(start + rng.randint(0, length) for _ in range(budget))

    def career_queue(self, rng, by_year):
        """Everyone's credits in year order, shuffled within each year."""
        people = array("i")
        for year in sorted(by_year):
            rng.shuffle(by_year[year])
            people.extend(by_year[year])
        return _CreditQueue(people)

    def person(self, rng, role, credits, first_year, last_year, taken):
        culture = CULTURES[_pick(rng, CULTURE_NAMES, CULTURE_WEIGHTS)]
        female = rng.random() < (0.5 if role in (Role.ACTOR, Role.COSTUME_DESIGNER) else 0.3)
        first = rng.choice(culture.female if female else culture.male)
        surname = culture.surname(rng)
        roll = rng.random()
        if roll < culture.two_surnames:
            surname = f"{surname} {culture.surname(rng)}"
        elif roll < culture.two_surnames + culture.initials:
            surname = f"{chr(rng.randint(65, 90))}. {surname}"
        elif roll > 0.97:
            surname = f"{surname}-{culture.surname(rng)}"
        name = f"{first} {surname}"
        self.serial += 1
        slug = f"{slugify(name)}-{self.serial}"
        while slug in taken:
            slug = f"{slug}-{rng.randrange(10**6)}"
        taken.add(slug)
        self.female.append(female)
        self.names.append(name)
        birth, death = self.life(rng, role, credits, first_year, last_year)
        place = rng.choice(culture.places) if rng.random() < (0.7 if birth else 0.2) else ""
        created, edited = self.timestamps(rng)
        return Person(
            name=name,
            name_folded=fold(name),
            slug=slug,
            bio=rng.choice(BIOS).format(name=name, place=place or "a small town") if rng.random() < 0.25 else "",
            birth_date=birth,
            death_date=death,
            birth_place=place,
            created_at=created,
            updated_at=edited,
        )

    def life(self, rng, role, credits, first_year, last_year):
        """Birth and death dates, or None where the catalog would not know them; busier careers are better known."""
        if rng.random() > 0.3 + 0.6 * min(1, credits / 20):
            return None, None
        youngest = 6 if role == Role.ACTOR else 20
        born = first_year - rng.randint(youngest, youngest + 25)
        birth = date(born, rng.randint(1, 12), rng.randint(1, 28))
        death = None
        this_year = self.now.year
        if rng.random() < max(0.0, min(0.95, (this_year - born - 60) / 35)):
            died = rng.randint(max(last_year + 1, born + 40), max(last_year + 1, born + 100))
            if died < this_year:
                death = date(died, rng.randint(1, 12), rng.randint(1, 28))
        return birth, death

    def save_people(self, people):
        with transaction.atomic(using=self.using):
            self.insert(Person, people)
        self.person_ids.extend(person.pk for person in people)

    # Credits and the rest of each film's page

    def create_credits_and_pages(self):
        """Credits, then what hangs on them and the rest of the page, film by film in year order."""
        rng = self.rng("credits")
        content_rng = self.rng("pages")
        order = list(range(self.film_count))
        rng.shuffle(order)
        order.sort(key=self.years.__getitem__)
        self.recommendable = self.recommendable_by_genre()
        done = 0
        # A film's credits are saved before its quotes, which name a credit, and its nominations,
        # which need a credited person; both in one transaction per batch of films.
        for batch in batched(order, self.batch_size):
            casts = [self.film_credits(rng, index) for index in batch]
            with transaction.atomic(using=self.using):
                self.insert(Credit, [credit for cast in casts for credit in cast])
                self.insert_pages(content_rng, batch, casts)
            done += len(batch)
            self.progress("Credits and pages", done, self.film_count, len(batch))

    def spare_person(self, rng, role, taken):
        """Anyone of ``role``'s profession not in ``taken``, once the queue has run dry."""
        first, end = self.profession_ranges[role]
        for _ in range(100):
            person = rng.randrange(first, end)
            if person not in taken:
                return person
        return None

    def film_credits(self, rng, index):
        film_id = self.film_ids[index]
        plan = self.plans[index * PLAN_SIZE : (index + 1) * PLAN_SIZE]
        flags = plan[-1]
        culture = self.character_culture(index)
        credits = []
        directors = []
        for role, count in zip(ROLES, plan[: len(ROLES)], strict=True):
            also = []
            if role == Role.WRITER and flags & DIRECTOR_WRITES:
                also = directors
            elif role == Role.PRODUCER and flags & DIRECTOR_PRODUCES:
                also = directors[:1]
            taken = set(also)
            billing = 0
            for person in also:
                billing += 1
                credits.append(self.credit(film_id, person, role, billing))
            for _ in range(count):
                person = self.queues[role].take(taken)
                if person is None:
                    person = self.spare_person(rng, role, taken)
                if person is None:
                    continue
                taken.add(person)
                billing += 1
                if role == Role.DIRECTOR:
                    directors.append(person)
                character = description = ""
                if role == Role.ACTOR:
                    character = self.character_name(rng, culture, self.female[person], billing)
                    description = rng.choice(CHARACTER_DESCRIPTIONS) if rng.random() < 0.15 else ""
                credits.append(self.credit(film_id, person, role, billing, character, description))
        return credits

    def credit(self, film_id, person, role, billing_order, character_name="", character_description=""):
        credit = Credit(
            film_id=film_id,
            person_id=self.person_ids[person],
            role=role,
            character_name=character_name,
            character_description=character_description,
            billing_order=billing_order,
        )
        credit.person_index = person
        return credit

    def character_culture(self, index):
        language = self.film_languages[index]
        return _culture_of(self.languages[language] if language >= 0 else None)

    def character_name(self, rng, culture, female, billing):
        first = rng.choice(culture.female if female else culture.male)
        # Leads tend to have full names; the smaller parts are often known by a first name or a job.
        if billing > 6 and rng.random() < 0.3:
            return rng.choice(("Waiter", "Nurse", "Police officer", "Neighbour", "Taxi driver", "Receptionist"))
        if billing <= 3 or rng.random() < 0.5:
            return f"{first} {rng.choice(culture.surnames)}"
        return first

    def insert_pages(self, rng, batch, casts):
        parts = {model: [] for model in PAGE_MODELS}
        for index, cast in zip(batch, casts, strict=True):
            page = _FilmPage(self, rng, index, cast)
            if rng.random() < SHARE_PLOT:
                parts[PlotSection] += page.plot_sections()
            if rng.random() < SHARE_NOTES:
                parts[FilmNote] += page.notes()
            if rng.random() < SHARE_KEY_SCENES:
                parts[KeyScene] += page.key_scenes()
            if rng.random() < SHARE_QUOTES:
                parts[Quote] += page.quotes()
            if rng.random() < SHARE_LOCATIONS:
                parts[FilmingLocation] += page.locations()
            if rng.random() < SHARE_ALTERNATIVE_TITLES:
                parts[AlternativeTitle] += page.alternative_titles()
            if rng.random() < SHARE_RECOMMENDATIONS:
                parts[Recommendation] += page.recommendations()
            if rng.random() < SHARE_NOMINATED:
                parts[Nomination] += page.nominations()
        for model, rows in parts.items():
            self.insert(model, rows)

    def recommendable_by_genre(self):
        """Published films by main genre: what a film's recommendations are drawn from."""
        films = {}
        for index, main_genre in enumerate(self.main_genres):
            if self.published[index]:
                films.setdefault(main_genre, array("i")).append(index)
        return films


class _CreditQueue:
    """One profession's credits, as person indexes in the order they are dealt to films."""

    def __init__(self, people):
        self.people = people
        self.position = 0

    def take(self, taken):
        """The next person not in ``taken``; a clash (someone twice in one film) swaps with someone just behind."""
        people = self.people
        while self.position < len(people):
            position = self.position
            self.position += 1
            if people[position] not in taken:
                return people[position]
            for ahead in range(position + 1, min(len(people), position + SWAP_WINDOW)):
                if people[ahead] not in taken:
                    people[position], people[ahead] = people[ahead], people[position]
                    return people[position]
            # Nobody to swap with, which only happens at the very end: this one credit is dropped.
        return None


GENRES_INDEX = {slug: index for index, (slug, *_) in enumerate(GENRES)}
PAGE_MODELS = (PlotSection, FilmNote, KeyScene, Quote, FilmingLocation, AlternativeTitle, Recommendation, Nomination)


class _FilmPage:
    """The content of one film's page beyond its credits, made from what the generator knows of the film."""

    def __init__(self, generator, rng, index, credits):
        self.generator = generator
        self.rng = rng
        self.index = index
        self.film_id = generator.film_ids[index]
        self.year = generator.years[index]
        self.credits = credits
        cast = [credit for credit in credits if credit.role == Role.ACTOR]
        self.cast = cast
        characters = [credit.character_name for credit in cast] or ["the stranger"]
        self.a, self.b, self.c = (characters * 3)[:3]
        self.lead = generator.names[cast[0].person_index] if cast else "the lead"
        directors = [credit for credit in credits if credit.role == Role.DIRECTOR]
        self.director = generator.names[directors[0].person_index] if directors else "the director"
        self.place = rng.choice(generator.character_culture(index).places).split(",")[0]
        self.decks = {}

    def fill(self, template):
        return template.format(a=self.a, b=self.b, c=self.c, lead=self.lead, director=self.director, place=self.place)

    def sourced(self):
        """Source fields for a claim: most claims cite nothing, some a publication, a date only with a source."""
        if self.rng.random() >= SHARE_SOURCED:
            return {}
        publication, domain = self.rng.choice(PUBLICATIONS)
        retrieved = self.generator.now.date() - timedelta(days=self.rng.randint(0, 1500))
        return {
            "source_publication": publication,
            "source_url": f"https://{domain}.example.org/films/{self.film_id}",
            "source_retrieved": retrieved if self.rng.random() < 0.6 else None,
        }

    def spoiler(self, mild, major):
        roll = self.rng.random()
        if roll < major:
            return SpoilerLevel.MAJOR
        return SpoilerLevel.MILD if roll < major + mild else SpoilerLevel.NONE

    def paragraph(self, sentences, count):
        """``count`` of ``sentences``; a page repeats none of them until it has used them all."""
        deck = self.decks.setdefault(sentences, [])
        chosen = []
        for _ in range(min(count, len(sentences))):
            if not deck:
                deck.extend(
                    sentence for sentence in self.rng.sample(sentences, len(sentences)) if sentence not in chosen
                )
            chosen.append(deck.pop())
        return " ".join(self.fill(sentence) for sentence in chosen)

    def plot_sections(self):
        rng = self.rng
        headings = rng.sample(PLOT_HEADINGS, rng.choice((1, 2, 3, 4)))
        sections = [
            PlotSection(
                film_id=self.film_id,
                part=PlotPart.SUMMARY,
                heading=heading,
                body=self.paragraph(PLOT_SENTENCES, rng.randint(2, 5)),
                order=order,
                spoiler_level=self.spoiler(mild=0.1 * order, major=0),
            )
            for order, heading in enumerate(headings, start=1)
        ]
        if rng.random() < 0.4:
            sections.append(
                PlotSection(
                    film_id=self.film_id,
                    part=PlotPart.ENDING,
                    heading=rng.choice(ENDING_HEADINGS),
                    body=self.paragraph(ENDING_SENTENCES, rng.randint(1, 2)),
                    order=len(sections) + 1,
                    spoiler_level=SpoilerLevel.MAJOR,
                )
            )
        return sections

    def notes(self):
        rng = self.rng
        used = set()
        notes = []
        for order in range(1, rng.choice((1, 1, 2, 3, 4, 6)) + 1):
            kind = _pick(rng, NOTE_KINDS, NOTE_KIND_WEIGHTS)
            title = self.fill(rng.choice(NOTE_TITLES[kind]))
            if (kind, title) in used:
                continue
            used.add((kind, title))
            spoilers = {NoteKind.ALTERNATE_ENDING: (0.3, 0.6), NoteKind.DELETED_SCENE: (0.3, 0.1)}
            mild, major = spoilers.get(kind, (0.05, 0))
            notes.append(
                FilmNote(
                    film_id=self.film_id,
                    kind=kind,
                    title=title,
                    text=self.paragraph(NOTE_TEXTS, rng.randint(1, 3)),
                    order=order,
                    spoiler_level=self.spoiler(mild, major),
                    **self.sourced(),
                )
            )
        return notes

    def key_scenes(self):
        rng = self.rng
        return [
            KeyScene(
                film_id=self.film_id,
                title=self.fill(title),
                description=self.fill(rng.choice(KEY_SCENE_DESCRIPTIONS)),
                order=order,
                spoiler_level=self.spoiler(mild=0.2, major=0.1),
                **self.sourced(),
            )
            for order, title in enumerate(rng.sample(KEY_SCENE_TITLES, rng.randint(1, 4)), start=1)
        ]

    def quotes(self):
        """Quotes spoken by the film's characters; now and then a voice with no credit, such as a narrator."""
        rng = self.rng
        quotes = []
        for order, text in enumerate(rng.sample(QUOTES, rng.randint(1, 3)), start=1):
            speaker = rng.choice(self.cast[:4]) if self.cast and rng.random() < 0.9 else None
            quotes.append(
                Quote(
                    film_id=self.film_id,
                    text=text,
                    speaker_id=speaker.pk if speaker else None,
                    character_name="" if speaker else rng.choice(("Narrator", "Voice on the radio", "Announcer")),
                    context=rng.choice(QUOTE_CONTEXTS) if rng.random() < 0.3 else "",
                    order=order,
                    spoiler_level=self.spoiler(mild=0.1, major=0.02),
                    **self.sourced(),
                )
            )
        return quotes

    def locations(self):
        rng = self.rng
        countries = self.generator.countries
        return [
            FilmingLocation(
                film_id=self.film_id,
                place=place,
                region=region,
                country_id=country if country in countries else None,
                latitude=Decimal(latitude) if latitude else None,
                longitude=Decimal(longitude) if longitude else None,
                stands_in_for=self.fill(rng.choice(STANDS_IN_FOR)),
                order=order,
                **self.sourced(),
            )
            for order, (place, region, country, latitude, longitude) in enumerate(
                rng.sample(LOCATIONS, rng.randint(1, 3)), start=1
            )
        ]

    def alternative_titles(self):
        rng = self.rng
        titles = {self.generator.title(rng) for _ in range(rng.randint(1, 2))}
        languages = self.generator.languages
        return [
            AlternativeTitle(
                film_id=self.film_id,
                title=title,
                language_id=rng.choice(languages) if languages and rng.random() < 0.5 else None,
                note=rng.choice(ALTERNATIVE_TITLE_NOTES),
            )
            for title in sorted(titles)
        ]

    def recommendations(self):
        """Two to four other published films, mostly of the same main genre."""
        rng = self.rng
        generator = self.generator
        pool = generator.recommendable.get(generator.main_genres[self.index])
        if not pool:
            return []
        chosen = []
        for _ in range(rng.randint(2, 4) * 2):
            other = pool[rng.randrange(len(pool))]
            if other != self.index and other not in chosen:
                chosen.append(other)
            if len(chosen) == 4:
                break
        return [
            Recommendation(
                film_id=self.film_id,
                recommended_id=generator.film_ids[other],
                reason=rng.choice(RECOMMENDATION_REASONS),
                order=order,
            )
            for order, other in enumerate(chosen[: rng.randint(2, 4)], start=1)
        ]

    def nominations(self):
        """A few nominations from one award body; awards to a person go to someone credited on the film."""
        rng = self.rng
        bodies = self.generator.award_categories
        if not bodies:
            return []
        categories = rng.choice(bodies)
        year = self.year + (1 if rng.random() < 0.6 else 0)
        nominations = []
        for category, role, gender in rng.sample(categories, min(len(categories), rng.randint(1, 4))):
            ceremony = self.generator.ceremonies.setdefault((category, year), [0, False])
            if ceremony[0] >= NOMINEES_PER_CATEGORY:
                continue
            person = None
            if role is not None:
                person = self.nominee(role, gender)
                if person is None:
                    continue
            won = not ceremony[1] and rng.random() < 1 / (NOMINEES_PER_CATEGORY - ceremony[0])
            ceremony[0] += 1
            ceremony[1] = ceremony[1] or won
            nominations.append(
                Nomination(
                    film_id=self.film_id,
                    category_id=category,
                    year=year,
                    person_id=person,
                    outcome=Outcome.WON if won else Outcome.NOMINATED,
                    **self.sourced(),
                )
            )
        return nominations

    def nominee(self, role, gender):
        """A credited person for an award in ``role``: for acting awards one of the top-billed of that gender."""
        credits = [credit for credit in self.credits if credit.role == role]
        if gender is not None:
            female = gender == "f"
            credits = [credit for credit in credits[:4] if bool(self.generator.female[credit.person_index]) == female]
        return self.rng.choice(credits).person_id if credits else None
