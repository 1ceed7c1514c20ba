"""Errors khabar raises on purpose. Each names the input it is about."""

from __future__ import annotations


class KhabarError(Exception):
    """Base class: anything khabar refuses, with a message a person can act on."""


class InputError(KhabarError):
    """The input cannot be read as a web page (binary, undecodable, wrong kind)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
