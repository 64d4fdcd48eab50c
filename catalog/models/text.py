"""Text folding: the catalog's words without accents, case or typographic quotes, as visitors type them.

Pure Python, importing nothing of the app, so that models, querysets and search can all use it.
"""

import unicodedata

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8

# Letters that Unicode does not decompose into a base letter and an accent, and the typographic
# quotes and dashes of edited text, which a visitor types as plain ASCII.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "Ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
    }
)


def fold(text):
    """``text`` without accents or case, as the database folds it: "Penélope" → "penelope"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_UNDECOMPOSED).lower()


def search_words(query):
    """The visitor's query as folded words, at most ``MAX_WORDS`` of them."""
    return fold(query[:MAX_QUERY_LENGTH]).split()[:MAX_WORDS]
