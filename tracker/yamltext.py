"""YAML that people write (feeds.yaml, lay-summary files, the `tracker edit` template), read one way.

PyYAML's safe loader, except that a key written twice in one mapping is an error: by default the
last one wins, so a pasted second `url:` or `summary:` would silently replace the first."""

from __future__ import annotations

import yaml


class UniqueKeyLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            # only plain keys as written: not a merge key (`<<: *defaults`, whose keys the mapping
            # may override) nor a list or mapping as a key (the loader says what is wrong there)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if (type(key), key) in seen:  # 1 and true are two keys
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"the key {key!r} is written twice",
                    key_node.start_mark)
            seen.add((type(key), key))
        return super().construct_mapping(node, deep=deep)


def load(text: str, origin: str | None = None):
    """The data in `text`; yaml.YAMLError when it is not valid YAML or a key is written twice,
    its message naming `origin` (a file's path) where PyYAML would say "<unicode string>"."""
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        if origin is None:
            raise
        raise yaml.YAMLError(str(exc).replace("<unicode string>", origin)) from None
