"""The config's e-mail addresses are checked by email-validator, one function for every key
(issue 15, item 5); an error names the key."""

import pytest
import yaml

from tracker.config import default_config_path, email_address, load_config
from tracker.errors import ConfigError


def _config_with(tmp_path, section, key, value):
    data = yaml.safe_load(default_config_path().read_text())
    data.setdefault(section, {})[key] = value
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


KEYS = [("contact", "email"), ("digest", "corrections_contact"), ("newsletter", "from_address"),
        ("newsletter", "reply_to"), ("newsletter", "unsubscribe_mailto")]


@pytest.mark.parametrize("section, key", KEYS)
@pytest.mark.parametrize("value", ["not-an-address", "two@@example.org", "a b@example.org", "me@localhost",
                                   "me@example", "me@.example.org", "me@example.org."])
def test_a_bad_address_is_refused_naming_its_key(tmp_path, section, key, value):
    with pytest.raises(ConfigError, match=rf"{section}\.{key}: .*not an e-mail address"):
        load_config(_config_with(tmp_path, section, key, value))


@pytest.mark.parametrize("section, key", KEYS)
def test_a_good_address_is_kept_as_written(tmp_path, section, key):
    config = load_config(_config_with(tmp_path, section, key, "Digest.Editors+news@Example.ORG"))
    assert getattr(getattr(config, section), key) == "Digest.Editors+news@Example.ORG"


@pytest.mark.parametrize("section, key, value", [
    ("digest", "corrections_contact", "o'brien@example.org"),  # written into a mailto: in pages
    ("newsletter", "from_address", "news?cc=x@example.org"),  # a List-Unsubscribe mailto: query
    ("newsletter", "unsubscribe_mailto", "leave&body=x@example.org"),
])
def test_addresses_written_into_links_and_headers_refuse_what_would_break_them(tmp_path, section, key, value):
    with pytest.raises(ConfigError, match=rf"{section}\.{key}: .*not an e-mail address"):
        load_config(_config_with(tmp_path, section, key, value))


@pytest.mark.parametrize("section, key", [("newsletter", "from_name"), ("digest", "site_name"), ("digest", "title")])
@pytest.mark.parametrize("value", ["News\r\nBcc: someone@example.org", "News\nletter", "Tab\there", "Line\u2028break",
                                   "News \u202eevil", "News\ufffe"])
def test_a_name_that_goes_into_headers_on_one_line_refuses_a_line_break(tmp_path, section, key, value):
    """check-config stops it before a send or a sign-up fails on it (the sender's name defaults
    to the site's name)."""
    with pytest.raises(ConfigError, match=rf"{section}\.{key}: .*line break or another control character"):
        load_config(_config_with(tmp_path, section, key, value))
    assert getattr(getattr(load_config(_config_with(tmp_path, section, key, "Ünï News – weekly")), section), key) \
        == "Ünï News – weekly"


def test_one_function_checks_them_all():
    import inspect

    from tracker import config

    source = inspect.getsource(config)
    assert source.count("validate_email(") == 1 and "re.fullmatch" not in source
    assert email_address("a@example.org") == "a@example.org"
