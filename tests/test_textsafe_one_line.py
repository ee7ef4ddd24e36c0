"""textsafe holds the one list of characters no output may carry (issue 15, item 5): the
errors' printable line and a subscriber's name go through it too, with one_line."""

import inspect
import re

import pytest

from tracker import errors, textsafe
from tracker.errors import printable
from tracker.newsletter import subscribers
from tracker.newsletter.subscribers import clean_name
from tracker.textsafe import UNSAFE, one_line, strip_unsafe


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1f", "\x7f", "\x85", "\x9b", "\u061c", "\u200e",
                                  "\u202e", "\u2068", "\ufdd0", "\ufffe", "\U0010ffff", "\ud800"])
def test_what_no_output_carries_becomes_a_space_on_one_line(char):
    assert UNSAFE.search(char)
    assert one_line(f"a{char}b") == "a b"
    assert strip_unsafe(f"a{char}b") == "ab"


def test_one_line_turns_tabs_and_line_breaks_into_single_spaces_and_keeps_the_rest():
    assert one_line("  first\tline\r\n\n second  ") == "first line second"
    assert one_line("Zoë – “café” 😀 \u00ad") == "Zoë – “café” 😀 \u00ad"


def test_a_terminal_s_escape_sequences_go_whole_not_leaving_their_letters_behind():
    """A feed's title with escape sequences kept "]0;PWNED[2J[31m" once their ESC was dropped."""
    title = "Ketamine couple therapy \x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\x1b[0m trial"
    assert strip_unsafe(title) == "Ketamine couple therapy RED trial"
    assert one_line(title) == one_line(title, drop_unsafe=True) == "Ketamine couple therapy RED trial"
    assert strip_unsafe("plain [2J text ]0; as typed") == "plain [2J text ]0; as typed"
    # a stray ESC loses only itself: what follows it is words, not a sequence (none ends it)
    assert one_line("Study of \x1bPatients with chronic pain") == "Study of Patients with chronic pain"
    assert strip_unsafe("Ketamine \x1b]for depression, a trial") == "Ketamine ]for depression, a trial"
    assert strip_unsafe("one.\x1b\n\nSecond paragraph") == "one.\n\nSecond paragraph"
    # ... but a terminal is never handed one: printed errors lose anything that starts like one
    assert printable("\x1b]0;title with no end") == "" and printable("a\x1bPb") == "a"


def test_the_error_line_and_a_subscribers_name_are_one_line():
    assert printable("\x1b[2Jserver\x00said:\n\u202egnp.exe\ufffe") == "server said: gnp.exe"
    assert clean_name(" Ana\x00\u202eMaria\n ") == "Ana Maria"
    assert clean_name("x" * 120) == "x" * 100
    assert clean_name("\x00\t") is None


def test_no_module_keeps_its_own_control_character_pattern():
    control_class = re.compile(r"\[\\x0?0-")  # a character class starting at NUL, as written in source
    for module in (errors, subscribers):
        assert not control_class.search(inspect.getsource(module)), module.__name__
        assert module.one_line is textsafe.one_line
