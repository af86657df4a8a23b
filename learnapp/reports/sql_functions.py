"""SQL expressions that SQLite and PostgreSQL spell differently, compiled for each."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class DaysBetween(FunctionElement[float]):
    """Days (with fractions) from the first timestamp to the second: ``DaysBetween(start, end)``."""

    type = sa.Float()
    inherit_cache = True


def _operands(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> tuple[str, str]:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return start, end


@compiles(DaysBetween, "sqlite")
def _days_between_sqlite(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _operands(element, compiler, **kw)
    return f"(julianday({end}) - julianday({start}))"


@compiles(DaysBetween, "postgresql")
def _days_between_postgresql(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _operands(element, compiler, **kw)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


class Median(FunctionElement[float]):
    """The median of a column over a group, as an aggregate: ``Median(column)``; NULLs are left out."""

    type = sa.Float()
    inherit_cache = True


@compiles(Median, "sqlite")
def _median_sqlite(element: Median, compiler: SQLCompiler, **kw: Any) -> str:
    # `median` is registered on every SQLite connection by learnapp.database.
    return f"median({compiler.process(element.clauses, **kw)})"


@compiles(Median, "postgresql")
def _median_postgresql(element: Median, compiler: SQLCompiler, **kw: Any) -> str:
    return f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {compiler.process(element.clauses, **kw)})"
