"""Golden files: the fixture edition (tests/digestdata.py) in every output format, byte for byte.

After a deliberate change to the templates or the rendering, regenerate them with

    TRACKER_UPDATE_GOLDEN=1 python -m pytest tests/test_digest_golden.py

and read the diff (git diff tests/golden/) before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import digestdata
import pytest

from tracker.digest import build
from tracker.store import open_db

GOLDEN = Path(__file__).resolve().parent / "golden" / "digest"
UPDATE = os.environ.get("TRACKER_UPDATE_GOLDEN") == "1"
# One page per featured paper of both editions (the ids are the fixture's, in the order it saves them).
ARTICLES = (
    "esketamine-with-partner-sessions-after-childbirth-an-early-1",
    "family-sessions-after-ketamine-treatment-for-teenagers-with-2",
    "couples-tried-psilocybin-assisted-therapy-together-in-a-4",
    "a-plan-for-how-ketamine-therapy-could-work-with-couples-5",
    "mdma-assisted-therapy-for-ptsd-with-a-partner-in-some-6",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    cfg = digestdata.config()
    digestdata.build(folder / "tracker.db", cfg, site=folder / "site")
    build(open_db(folder / "tracker.db"), cfg, digestdata.EDITION, folder / "site")
    return folder / "site"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_output_format_matches_its_golden_file(site):
    built = tree(site)
    expected_names = {"index.html", "feed.atom", "articles.atom", "sitemap.xml", "robots.txt"} | {
        f"{e}/{name}" for e in (digestdata.EARLIER, digestdata.EDITION)
        for name in ("index.html", "email.html", "digest.txt", "digest.md", "edition.json")} | {
        f"articles/{slug}/{name}" for slug in ARTICLES for name in ("index.html", "article.json")}
    assert set(built) == expected_names
    if UPDATE:
        for name, data in built.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for stale in set(tree(GOLDEN)) - set(built):
            (GOLDEN / stale).unlink()
    golden = tree(GOLDEN)
    assert set(golden) == set(built), "golden files missing or extra: TRACKER_UPDATE_GOLDEN=1 regenerates them"
    for name in sorted(built):
        assert built[name].decode() == golden[name].decode(), (
            f"{name} differs from tests/golden/digest/{name}; if the change is intended, "
            "regenerate with TRACKER_UPDATE_GOLDEN=1 python -m pytest tests/test_digest_golden.py")
