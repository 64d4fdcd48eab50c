"""The synthetic catalog's vocabulary: invented words, names and sentences, and real places with their coordinates.

Everything is invented but the places, so that their coordinates are real.
"""

from dataclasses import dataclass
from itertools import accumulate

from catalog.models import NoteKind, Role


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
