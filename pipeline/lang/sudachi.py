"""One SudachiPy dictionary per process, and the token helpers the stages share.

Loading the core dictionary costs about 40 ms and 150 MB, so it is loaded once,
lazily; tokenizers made from it are nearly free.  SudachiPy accepts at most about
49 KB of input per call, so :func:`tokenize` splits longer text on line breaks.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

#: SudachiPy rejects input above 49,149 bytes; keep well under it.
MAX_BYTES_PER_CALL = 40_000
#: Split mode used for matching: B keeps 東京都 and 千代田区 apart (C merges them).
DEFAULT_MODE = "B"


@dataclass(frozen=True, slots=True)
class Token:
    """The parts of a Sudachi morpheme the pipeline uses (plain data, picklable)."""

    surface: str
    normalized: str
    pos: tuple[str, ...]
    begin: int
    end: int
    oov: bool

    @property
    def is_place(self) -> bool:
        return self.pos[:3] == ("名詞", "固有名詞", "地名")

    @property
    def is_symbol(self) -> bool:
        return self.pos[0] in ("補助記号", "空白")


@functools.cache
def dictionary():
    from sudachipy import Dictionary

    logger.debug("loading Sudachi core dictionary")
    return Dictionary(dict="core")


@functools.cache
def _tokenizer(mode: str):
    from sudachipy import SplitMode

    return dictionary().tokenizer(mode=getattr(SplitMode, mode))


def _chunks(text: str) -> list[tuple[int, str]]:
    if len(text.encode("utf-8")) <= MAX_BYTES_PER_CALL:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = start
        size = 0
        while end < len(text) and size + len(text[end].encode("utf-8")) <= MAX_BYTES_PER_CALL:
            size += len(text[end].encode("utf-8"))
            end += 1
        cut = text.rfind("\n", start, end)
        if cut <= start or end == len(text):
            cut = end
        out.append((start, text[start:cut]))
        start = cut
    return out


@functools.lru_cache(maxsize=4096)
def tokenize(text: str, mode: str = DEFAULT_MODE) -> tuple[Token, ...]:
    """Tokenize ``text`` into :class:`Token` s with offsets into ``text``.

    >>> [t.normalized for t in tokenize("取組")]
    ['取り組み']
    """
    tok = _tokenizer(mode)
    out: list[Token] = []
    for offset, chunk in _chunks(text):
        for m in tok.tokenize(chunk):
            out.append(
                Token(
                    surface=m.surface(),
                    normalized=m.normalized_form(),
                    pos=tuple(m.part_of_speech()),
                    begin=offset + m.begin(),
                    end=offset + m.end(),
                    oov=m.is_oov(),
                )
            )
    return tuple(out)


def lemmas(text: str) -> tuple[str, ...]:
    """Normalized forms of the content tokens of ``text`` (symbols and spaces dropped).

    >>> lemmas("多様な主体との連携を図る取り組み") == lemmas("多様な主体との連携を図る取組")
    True
    """
    return tuple(t.normalized for t in tokenize(text) if not t.is_symbol)
