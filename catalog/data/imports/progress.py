"""The progress bar of long imports (tqdm: the rate and the time left), shown only on a terminal."""


def progress_bar(verbosity, what):
    """A function wrapping an iterable in a progress bar for ``what``; silent at verbosity 0 or off a terminal."""
    from tqdm import tqdm

    def wrap(items):
        return tqdm(items, desc=what, unit=" " + what.lower().rstrip("s"), disable=None if verbosity else True)

    return wrap
