"""The progress bar of long imports (tqdm: the rate and the time left), shown only on a terminal."""


def progress_bar(verbosity, what):
    """A function that, given how many ``what`` there are, starts a progress bar for them (``update(n)``,
    ``close()``); silent at verbosity 0 or off a terminal."""
    from tqdm import tqdm

    def start(total):
        return tqdm(total=total, desc=what, unit=" " + what.lower().rstrip("s"), disable=None if verbosity else True)

    return start
