"""One Jinja set-up (issue 15, item 5): the digest's and the newsletter's environments come from
templating.environment, and the web UI's Flask environment shares its finalize and filters."""

import jinja2
import pytest
from jinja2 import DictLoader, StrictUndefined

import tracker
from tracker import templating, textsafe
from tracker.config import default_config_path, load_config
from tracker.digest import render
from tracker.newsletter import message


def _environments():
    config = load_config(default_config_path())
    return {"digest": render.environment(config), "newsletter": message._environment(
        str(tracker.config.templates_dir() / "newsletter"))}


def test_the_shared_options():
    env = templating.environment(DictLoader({
        "t.txt": "  {% if x %}\n  {{ x }} {{ link|doi_url }}\n{% endif %}\n", "u.txt": "{{ missing }}"}))
    assert env.undefined is StrictUndefined and env.trim_blocks and env.lstrip_blocks and env.keep_trailing_newline
    # autoescape whatever the extension; the characters textsafe drops are gone; no blank lines from tags
    assert env.get_template("t.txt").render(x="<b>\u202egood</b>", link="10.1/a") == (
        "  &lt;b&gt;good&lt;/b&gt; https://doi.org/10.1/a\n")
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("u.txt").render()


@pytest.mark.parametrize("name", ["digest", "newsletter"])
def test_the_digest_and_the_newsletter_use_it(name):
    env = _environments()[name]
    assert env.undefined is StrictUndefined and env.trim_blocks and env.lstrip_blocks and env.keep_trailing_newline
    assert env.autoescape is True
    assert env.from_string("{{ v }}").render(v="a\u202eb\ufffe<") == "ab&lt;"  # the newsletter's had no finalize
    assert set(templating.FILTERS) <= set(env.filters)


def test_the_digest_keeps_its_own_finalize_on_top():
    env = _environments()["digest"]
    assert env.from_string("{{ v }}").render(v="x\u202e unsubscribe.invalid") == "x unsubscribe[.]invalid"


def test_the_web_ui_shares_finalize_and_filters(tmp_path):
    from tracker.web import create_app

    app = create_app(tmp_path / "t.db", default_config_path(), secret_key="k" * 32, testing=True)
    assert app.jinja_env.finalize is textsafe.finalize
    assert all(app.jinja_env.filters[k] is f for k, f in templating.FILTERS.items())


def test_no_other_module_makes_a_jinja_environment():
    from pathlib import Path

    root = Path(tracker.__file__).parent
    makers = [str(path.relative_to(root)) for path in root.rglob("*.py")
              if "Environment(" in path.read_text() and path.name != "templating.py"]
    assert makers == []
