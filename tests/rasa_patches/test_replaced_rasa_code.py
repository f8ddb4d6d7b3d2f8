"""The Rasa code each patch replaces is still the code it was written against.

Each patch module records in `REPLACES` a hash of the source of every Rasa function it replaces.
When an upgrade of Rasa changes one, this fails: read Rasa's new code against the patch (one,
`model_load_without_tracing`, is a copy of it), then record the new hash. The source is read from
Rasa's files, so this holds whether or not the patches are applied, and imports no TensorFlow.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
from pathlib import Path

import pytest

from bot.rasa_patches import PATCHES

REPLACED = [
    pytest.param(patch.__name__.rsplit(".", 1)[-1], function, sha256, id=function)
    for patch in PATCHES
    for function, sha256 in patch.REPLACES.items()
]
DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def rasa_source(function: str) -> str:
    """The source of "module:Class.method" as it is in the installed Rasa's file."""
    module, qualname = function.split(":")
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, f"no module {module}"
    source = Path(spec.origin).read_text()
    body = ast.parse(source).body
    for name in qualname.split("."):
        node = next(n for n in body if isinstance(n, DEFINITIONS) and n.name == name)
        body = node.body
    segment = ast.get_source_segment(source, node)
    assert segment is not None
    return segment


@pytest.mark.parametrize(("patch", "function", "sha256"), REPLACED)
def test_rasa_has_not_changed_the_code_a_patch_replaces(
    patch: str, function: str, sha256: str
) -> None:
    found = hashlib.sha256(rasa_source(function).encode()).hexdigest()
    assert found == sha256, f"Rasa's {function} has changed: check {patch} against it"
