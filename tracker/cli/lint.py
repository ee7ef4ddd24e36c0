"""`tracker digest lint`: the per-sentence claim checks and the reading grade on a draft.

Outside the digest package, so that registering the command imports nothing of the digest:
`tracker papers` and the other quick commands start in well under half a second."""

from __future__ import annotations

import re
import sys

import click

from .base import echo_json

MAX_BYTES = 8 * 1024 * 1024  # a draft, not a book


def lint_text(body: str, digest, study_type: str) -> list[dict]:
    """Flags for a draft read as the summary of a paper of `study_type`: cause and effect, hype,
    safety, advice and text the digest would drop as markup on each line (or run of wrapped
    lines: _runs), then the reading grade of the whole text (of a lay-summary file: of its
    fields, as digest check grades them). Lines and columns count from 1."""
    from ..digest.checks import MARKUP_MESSAGE, reading_grade, text_claims
    from ..digest.labels import STUDY_TYPES
    from ..digest.text import markup

    from ..summary import NAMES

    # a lay-summary field's key at the start of a line, with a block scalar's marker: "summary: |"
    field_key = re.compile(rf"(?:{'|'.join(NAMES)}):[ \t]*(?:[|>][+-]?[ \t]*)?")
    causal = STUDY_TYPES[study_type].causal
    flags = []
    # Lines as editors' text editors number them: split at line feeds only (str.splitlines would
    # also split at form feeds, U+0085 and U+2028, and the numbers would drift).
    lines = [line.removesuffix("\r") for line in body.split("\n")]
    fields = _summary_fields(body, NAMES) if any(field_key.match(line) for line in lines) else None
    for text, pieces in _runs(lines, field_key if fields is not None else None):
        found = [(claim.start, claim.check, claim.words, claim.message)
                 for claim in text_claims(text, digest, study_causal=causal)]
        found += [(start, "markup", words, f"{words!r} {MARKUP_MESSAGE}") for start, words in markup(text)]
        for start, check, words, message in sorted(found, key=lambda f: (f[0], f[1])):
            number, column = _place(pieces, start)
            flags.append({"line": number, "column": column, "check": check, "words": words, "message": message})
    # the grade as digest check works it out: on a summary file's fields, else on the whole text
    grade = reading_grade(fields if fields is not None else {"summary": body})
    if grade > digest.reading_grade_target:
        flags.append({"line": 1, "column": 1, "check": "reading_grade", "words": "",
                      "message": f"reading grade {grade:g}, over the target of {digest.reading_grade_target:g}: "
                                 "shorter sentences and everyday words help"})
    return flags


# A line ends a sentence when its last character (past closing quotes and brackets) is one of these
_ENDS = ".!?:;"


def _runs(lines: list[str], field_key: re.Pattern | None) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """The draft's lines, with a sentence wrapped onto the next line joined to it ("It is completely\n
    safe." is read as one sentence, as digest check reads the saved summary): a line goes on the one
    before when that one does not end a sentence and this one starts with a small letter or a digit;
    in a lay-summary file, every line of a field goes on the one before, as digest check joins
    them. Each run is (its text, [(where a line's text starts in it, line number, the column
    before that text)]).
    field_key: the text is a lay-summary file; its comments (at the margin: an indented "#" is a
    field's text) are not the summary, and a field's key is not part of its text and starts a run."""
    runs: list[tuple[str, list[tuple[int, int, int]]]] = []
    text, pieces, open_end = "", [], False
    for number, line in enumerate(lines, start=1):
        if field_key is not None and line.startswith("#"):
            if pieces:  # a comment ends the text before it
                runs.append((text, pieces))
            text, pieces, open_end = "", [], False
            continue
        key = field_key.match(line) if field_key is not None else None
        skip = key.end() if key else 0
        rest = line[skip:]
        body = rest.lstrip()
        indent = skip + len(rest) - len(body)
        # in a lay-summary file every line of a field is one text, as digest check reads it; in prose,
        # a line that starts with a small letter or a digit goes on the sentence before
        if body and key is None and (field_key is not None and text or open_end and (body[:1].islower() or body[:1].isdigit())):
            text = text.rstrip()
            pieces.append((len(text) + 1, number, indent))
            text += " " + body
        else:
            if pieces:
                runs.append((text, pieces))
            text, pieces = body, [(0, number, indent)]
        stripped = body.rstrip().rstrip("\"'”’)]")
        open_end = bool(stripped) and stripped[-1] not in _ENDS
    if pieces:
        runs.append((text, pieces))
    return runs


def _place(pieces: list[tuple[int, int, int]], at: int) -> tuple[int, int]:
    """(line, column), both from 1, of position `at` in a run's text."""
    start, number, indent = next(p for p in reversed(pieces) if p[0] <= at)
    return number, indent + at - start + 1


def _summary_fields(body: str, names) -> dict | None:
    """A lay-summary file's fields ({name: text}), or None if the text does not read as one (then
    it is linted as prose)."""
    import yaml

    from .. import yamltext

    try:
        data = yamltext.load(body)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not set(data) & set(names):
        return None
    return {k: str(v) for k, v in data.items() if k in names and v is not None}


@click.command("lint")
@click.argument("file", metavar="FILE")
@click.option("--study-type", "study_type", default="observational", show_default=True, metavar="KEY",
              help="Read the draft as the summary of this kind of study (an unknown KEY is answered with the list).")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of flags on stdout.")
@click.pass_obj
def lint(ctx, file: str, study_type: str, as_json: bool) -> None:
    """Check a draft lay summary before pasting it: cause-and-effect claims, hype, promises of
    safety, advice to readers, line by line (a sentence wrapped onto the next line, which starts
    with a small letter, is read whole), and the reading grade of the whole text.

    FILE is a text file, or - for standard input. Exit 1 when something is flagged, 0 when
    nothing is, 2 on a usage error. Plain output is one line a flag, FILE:LINE:COLUMN: CHECK:
    message, as linters print them, so an editor can jump to each.

    \b
    Example:
        tracker digest lint draft.txt
        tracker digest lint --study-type randomized_trial --json - < draft.txt
    """
    from ..digest.labels import STUDY_TYPES

    if study_type not in STUDY_TYPES or study_type == "unclassified":
        raise click.UsageError(f"--study-type must be one of {', '.join(k for k in STUDY_TYPES if k != 'unclassified')}")
    try:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1) if file == "-" else _read(file)
    except OSError as exc:
        raise click.UsageError(f"cannot read {file}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise click.UsageError(f"{file}: over {MAX_BYTES // (1024 * 1024)} MiB; lint a draft, not a book")
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # where, as the flags say it: line and column from 1
        before = raw[:exc.start]
        number, line = before.count(b"\n") + 1, before[before.rfind(b"\n") + 1:].decode("utf-8-sig", "replace")
        raise click.UsageError(f"{file}:{number}:{len(line) + 1}: not UTF-8 text; save it as UTF-8 and lint it "
                               "again") from None
    flags = lint_text(body, ctx.config().digest, study_type)
    if as_json:
        echo_json(flags)
    else:
        name = "<stdin>" if file == "-" else file
        for f in flags:
            click.echo(f"{name}:{f['line']}:{f['column']}: {f['check']}: {f['message']}")
    sys.exit(1 if flags else 0)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(MAX_BYTES + 1)
