"""Postings of text fields made in the cleaning workers, filed as given by the writer.

Analysing text (tokenize, lower-case, drop stop words, stem, encode positions)
is most of what Whoosh's add_document costs. The schema's text fields are
`Text`: given an `Analysed` value they index exactly those postings, given a
string they analyse it as Whoosh's TEXT does. Workers call `analyse_fields`,
so the one writer process only files postings and stored values.
"""

from __future__ import annotations

from typing import Any

from whoosh import fields


class Analysed:
    """The postings of one field value: (term bytes, frequency, weight, encoded
    positions) per distinct term, as Whoosh's field.index() yields them."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple[bytes, int, float, bytes]]) -> None:
        self.items = items

    def __getstate__(self) -> list:
        return self.items

    def __setstate__(self, items: list) -> None:
        self.items = items


class Text(fields.TEXT):
    """Whoosh TEXT that also takes postings analysed elsewhere (an Analysed value)."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, Analysed):
            return iter(value.items)
        return super().index(value, **kwargs)


def analyse_fields(doc: dict[str, Any], schema: Any) -> dict[str, Any]:
    """The Text fields of doc as Analysed postings, plus `_stored_<name>` for the
    stored ones; merge the result into the document given to add_document."""
    out: dict[str, Any] = {}
    for name, value in doc.items():
        field = schema[name] if name in schema else None
        if isinstance(field, Text) and isinstance(value, str):
            out[name] = Analysed(list(field.index(value)))
            if field.stored:
                out["_stored_" + name] = value
    return out
