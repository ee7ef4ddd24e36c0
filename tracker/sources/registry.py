"""Every source type in one table: what the pipeline, `status`, `check-config` and the merge
need to know about a `type:` of feeds.yaml.

A source type is one module (tracker/sources/<name>.py) that declares a `SourceType`: its
config model, how it fetches, the source_state columns it keeps, its default rate, the address
whose host it is polled on, and how much each of its fields is trusted. This module lists them;
nothing else names a source type: tracker/config.py builds feeds.yaml's `sources:` union from
the config models here. `docs/architecture.md` says how to add one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .base import DERIVED_FIELDS, FetchContext, SourceType  # noqa: F401 (re-exported)


def check_ranks(kind: SourceType) -> None:
    """A type must rank every derived field and nothing else: a field it forgot would be
    derived without it (a second sighting could leave a paper with no title)."""
    missing = [f for f in DERIVED_FIELDS if f not in kind.trust]
    unknown = [f for f in kind.trust if f not in DERIVED_FIELDS]
    if missing or unknown:
        raise ImportError(f"source type {', '.join(kind.types)}: "
                          + "; ".join(filter(None, [missing and f"no rank for {', '.join(missing)}",
                                                    unknown and f"ranks unknown fields {', '.join(unknown)}"])))


def accepted_types(model: type) -> set[str]:
    """The `type:` names a config model answers to (its `type` field, a Literal)."""
    from typing import get_args

    field = getattr(model, "model_fields", {}).get("type")
    return set(get_args(field.annotation)) if field is not None else set()


def check_config(table: dict[str, SourceType]) -> None:
    """Each type's config model answers to that type, and the models together to no type the
    table lacks: feeds.yaml's union picks a model by `type:`, the pipeline a SourceType."""
    for name, kind in table.items():
        if name not in accepted_types(kind.config):
            raise ImportError(f"source type {name!r}: its config model {kind.config.__name__} does not accept"
                              f" type: {name}")
    extra = {n for kind in table.values() for n in accepted_types(kind.config)} - set(table)
    if extra:
        raise ImportError(f"config models accept type: {', '.join(sorted(extra))}, which no module declares")


def _load() -> dict[str, SourceType]:
    """Every module of this package that declares SOURCE_TYPES, PubMed first (its order is the
    tie-break between equally trusted types)."""
    import importlib
    import pkgutil

    from . import __path__ as package_path

    names = sorted((m.name for m in pkgutil.iter_modules(package_path)), key=lambda n: (n != "pubmed", n))
    table: dict[str, SourceType] = {}
    for name in names:
        module = importlib.import_module(f"{__package__}.{name}")
        for kind in getattr(module, "SOURCE_TYPES", ()):
            check_ranks(kind)
            for name in kind.types:
                if name in table:
                    raise ImportError(f"source type {name!r} is declared twice")
                table[name] = kind
    check_config(table)
    return table


SOURCE_TYPES: dict[str, SourceType] = _load()


def source_type(source) -> SourceType:
    """The SourceType of a configured source."""
    return SOURCE_TYPES[source.type]


def host(source) -> str:
    """Where a source's requests go: its rate limit and its fetch thread are this host's."""
    parts = urlsplit(source_type(source).address(source))
    # one host however the URL spells it: "EUTILS.ncbi.nlm.nih.gov:443" and "bob@eutils..." too
    port = parts.port if parts.port not in (None, {"http": 80, "https": 443}.get(parts.scheme)) else None
    return (parts.hostname or "") + (f":{port}" if port else "")


def field_priority() -> dict[str, tuple[str, ...]]:
    """For each derived field, the source types in the order they are believed."""
    order = list(SOURCE_TYPES)
    return {name: tuple(sorted(order, key=lambda t: (SOURCE_TYPES[t].trust[name], order.index(t))))
            for name in DERIVED_FIELDS}


def config_models() -> tuple[type, ...]:
    """Every source type's config model, once each, in the table's order: tracker/config.py
    makes the `sources:` union of feeds.yaml from them."""
    return tuple(dict.fromkeys(kind.config for kind in SOURCE_TYPES.values()))
