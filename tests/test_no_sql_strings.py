"""No SQL built from strings anywhere in bot/: queries are SQLAlchemy expressions with bound values.

Read from the code's syntax tree, not by pattern, so a multi-line call or an alias is still found:
any `text(...)`, `execute(...)`, `exec_driver_sql(...)` or `literal_column(...)` whose SQL argument
is an f-string, `%` or `+` formatting, `.format()` or `.join()` is reported with its file and line.
"""

from __future__ import annotations

import ast

from bot.settings import PROJECT_ROOT

SQL_CALLS = {"text", "execute", "exec_driver_sql", "executescript", "literal_column"}


def _called(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else ""


def _built_from_strings(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
    )


def sql_built_from_strings(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (
            isinstance(node, ast.Call)
            and _called(node) in SQL_CALLS
            and node.args
            and _built_from_strings(node.args[0])
        ):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_sql_is_built_from_strings_in_bot() -> None:
    files = sorted((PROJECT_ROOT / "bot").rglob("*.py"))
    assert len(files) > 30
    found = [
        hit
        for path in files
        for hit in sql_built_from_strings(path.read_text(), str(path.relative_to(PROJECT_ROOT)))
    ]
    assert found == []


def test_the_check_finds_each_way_of_building_sql_from_strings() -> None:
    bad = """
from sqlalchemy import text
session.execute(text(f"SELECT * FROM cases WHERE id = {case_id}"))
session.execute(sa.text("DELETE FROM cases WHERE id = %s" % case_id))
connection.exec_driver_sql("SELECT " + column)
session.execute(
    text("SELECT {} FROM cases".format(column))
)
session.execute(" ".join(["SELECT", column]))
"""
    good = """
session.execute(text("SELECT * FROM cases WHERE id = :id"), {"id": case_id})
session.execute(select(Case).where(Case.id == case_id))
Path("x").read_text()
"""
    assert len(sql_built_from_strings(bad, "bad.py")) == 5
    assert sql_built_from_strings(good, "good.py") == []
