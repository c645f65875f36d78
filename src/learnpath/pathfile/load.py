"""Reading a path file of either kind, YAML or markdown, by its name."""

from __future__ import annotations

from pathlib import Path

from learnpath.pathfile.definition import PathDef
from learnpath.pathfile.files import decode, is_markdown, read_path_file


def load_path(file: Path, data: bytes | None = None) -> PathDef:
    """Read a path file of either kind: markdown (.md, .markdown) or YAML (anything else).

    ``data`` is the file's content when the caller has read it already.
    """
    if data is None:
        data = read_path_file(file)
    if is_markdown(file):
        from learnpath.pathfile.markdown import parse_markdown_path

        return parse_markdown_path(decode(data, str(file)), str(file))
    from learnpath.pathfile.yamlfile import parse_yaml_path

    return parse_yaml_path(data, str(file))
