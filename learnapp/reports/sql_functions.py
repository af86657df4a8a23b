"""SQL expressions that SQLite and PostgreSQL spell differently, compiled for each."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class DayNumber(FunctionElement[float]):
    """A timestamp as a number of days (with fractions) since a fixed origin: the difference of two is days between.

    Computing each side once (an enrolment's day once per enrolment, not once per module) keeps a report over
    hundreds of thousands of rows from converting the same timestamp again and again.
    """

    type = sa.Float()
    inherit_cache = True


@compiles(DayNumber, "sqlite")
def _day_number_sqlite(element: DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(DayNumber, "postgresql")
def _day_number_postgresql(element: DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) / 86400.0)"


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
