"""The one error a parser raises for input it cannot read."""


class ParseError(Exception):
    """A document that cannot be parsed; ``str(exc)`` is a one-line reason.

    >>> str(ParseError("empty file"))
    'empty file'
    """
