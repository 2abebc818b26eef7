"""The exceptions hadath raises, and the coded warnings it attaches to a Doc.

The tree::

    HadathError                 anything hadath raises on purpose
    ├── InputError              input that cannot be read as an article
    │   ├── EmptyInputError     nothing but white space
    │   ├── BinaryInputError    bytes that are not text in any encoding we read
    │   └── BatchLineError      one line of a JSONL batch is malformed
    ├── KBError                 a knowledge-base file is missing or unparseable
    │   └── KBValidationError   the KB parsed but breaks a rule (duplicate key, bad code)
    ├── ModelError              a shipped model is missing or cannot be loaded
    └── PipelineError           a stage name is unknown, or a stage broke the Doc

Every error names the input it is about (``source``) where one is known, so a batch
run can report "which file, which line".
"""

from __future__ import annotations

__all__ = [
    "BatchLineError",
    "BinaryInputError",
    "EmptyInputError",
    "HadathError",
    "InputError",
    "KBError",
    "KBValidationError",
    "ModelError",
    "PipelineError",
]


class HadathError(Exception):
    """Root of every error hadath raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(HadathError):
    """The input cannot be read as an article."""


class EmptyInputError(InputError):
    """The input is empty or white space only."""


class BinaryInputError(InputError):
    """The input is binary data, not text in an encoding hadath reads."""


class BatchLineError(InputError):
    """One line of a JSONL batch is not a usable JSON object."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.line = line
        where = f"{source}:{line}" if source and line else source
        super().__init__(message, source=where)


class KBError(HadathError):
    """A knowledge-base file is missing or cannot be parsed."""


class KBValidationError(KBError):
    """The knowledge base parsed but breaks one of its rules."""


class ModelError(HadathError):
    """A shipped model is missing or cannot be loaded."""


class PipelineError(HadathError):
    """A pipeline was built wrongly (unknown stage) or a stage failed."""
