"""One base exception for the project, one subclass per failure domain (the digest's and the
newsletter's are in their packages' errors.py); and error text fit to print."""

from __future__ import annotations


from .textsafe import ESCAPE_SEQUENCE, one_line


class Terminated(KeyboardInterrupt):
    """SIGTERM (cron's or systemd's timeout, `kill`), raised where the program is, as Ctrl-C is
    (tracker.cli.main turns the signal into it): what a stop by hand tidies (a source's transaction
    rolled back, a run's log rows closed, a send's report) is tidied for it too, instead of the
    process ending without a word."""


def stop_name(stop: KeyboardInterrupt) -> str:
    """What stopped the program, in words: "SIGTERM" or "Ctrl-C"."""
    return "SIGTERM" if isinstance(stop, Terminated) else "Ctrl-C"


class TrackerError(Exception):
    """Base class: anything the tool raises on purpose derives from it."""


class ConfigError(TrackerError):
    """feeds.yaml (or an option) is invalid; nothing has been fetched."""


class FetchError(TrackerError):
    """A request failed for good: network error, HTTP error after retries, body over the cap.

    Its text is one short line for people; `detail` has the whole story (the full URL, every
    word of the underlying exception) for `-v` and `tracker status --json`.
    """

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.detail = detail or message


class ParseError(TrackerError):
    """A response could not be read, or carried an in-band error (E-utilities <ERROR>)."""


class StoreError(TrackerError):
    """The database could not be opened or written."""


class LockError(TrackerError):
    """Another `tracker run` holds the lock."""


# -- what an editor asked for and cannot have ----------------------------------------------------
# The text of these errors is for anyone: an editor on the command line and one in the web UI
# read the same words. How to answer them on the command line (an option, an environment
# variable) is said there, in tracker/cli/base.py's fail(); the web UI chooses its status code by the class.

class PaperNotFound(TrackerError):
    """No paper has this id (the web UI answers 404)."""

    def __init__(self, paper_id: int):
        self.paper_id = paper_id
        super().__init__(f"no paper with id {paper_id}")


class EditorRequired(TrackerError):
    """A decision, summary, label or override was asked for without the name of the editor who
    makes it. The text is the question ("who is deciding?"); the command line adds its option."""


class Refused(TrackerError):
    """What an editor asked for, refused as given: the message says what to change. The web UI
    shows it beside the form (a 400), the command line prints it."""


class EditionError(Refused):
    """Text that is not an edition name, or a week the calendar cannot hold."""


class SummaryError(Refused):
    """A lay summary that does not have the model's shape."""


class ReviewError(Refused):
    """A decision or summary that cannot be recorded as asked."""


class ConflictError(ReviewError):
    """Someone decided on this paper after the page the editor acted on was loaded."""

    def __init__(self, newer: dict):
        self.newer = newer
        super().__init__(
            f"paper {newer['paper_id']} was changed by {newer['editor']} at {newer['at']} "
            f"({newer['from_status']} -> {newer['to_status']}); reload and decide again"
        )


class SummaryConflict(ReviewError):
    """The lay summary was saved by someone else after the editor opened it."""

    def __init__(self, current: dict):
        self.current = current
        super().__init__(
            f"the summary was saved by {current['editor']} at {current['at']} (version {current['version']})"
            " after you opened it; your text was not saved over it")


class DecisionsFileError(ReviewError):
    """A decisions file with problems; `problems` lists each one as (line, message). Nothing was written."""

    def __init__(self, name: str, problems: list[tuple[int, str]]):
        self.problems = sorted(problems)
        super().__init__(f"{name}: {len(problems)} problem(s), nothing imported")


# -- error text fit for a terminal and a log ------------------------------------------------------
# An error's text quotes what a server sent (an error page, an E-utilities message). Printed raw,
# an ESC sequence in it clears the screen or retitles the terminal; stored raw, it does so again
# in every `tracker status`. Both scans below are linear: one pass, no backtracking.

# Whatever starts like an escape sequence goes whole (textsafe.ESCAPE_SEQUENCE: a terminal must
# never act on one), then what is left as textsafe.one_line drops it: C0 controls, DEL, C1 controls
# (U+009B is a CSI on its own), the bidi controls that reorder what follows them, noncharacters.


def printable(text: str) -> str:
    """`text` on one line without escape sequences or control characters (whitespace runs
    become one space)."""
    return one_line(ESCAPE_SEQUENCE.sub("", str(text)))


ERROR_LINE = 160  # characters: with the source's name and "FAILED after N request(s):" under ~200


def error_line(text: str, limit: int = ERROR_LINE) -> str:
    """printable(text), cut at a word boundary with an ellipsis if it is longer than `limit`."""
    return clip(printable(text), limit)


def clip(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut at a word boundary (unless the only one is in
    its first half), with an ellipsis. For a terminal's lines: journal names, titles, errors."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if text[width - 1] != " " and space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"
