"""Text above SudachiPy's 49,149-byte limit per call is tokenized in chunks."""

import pytest

from pipeline.lang.normalize import name_key
from pipeline.lang.sudachi import MAX_BYTES_PER_CALL, _chunks, tokenize


@pytest.mark.parametrize(
    "text",
    [
        "長" * 20_000,  # 60 KB, no line break to cut at
        ("江戸川区名産品プロモーション支援事業、" * 200 + "\n") * 8,  # cut at line breaks
        "a" * (MAX_BYTES_PER_CALL - 1) + "長長",  # a multi-byte character across the limit
    ],
    ids=["one-line", "many-lines", "boundary"],
)
def test_long_text_is_tokenized_whole(text: str) -> None:
    chunks = _chunks(text)
    assert len(chunks) > 1
    assert all(len(c.encode()) <= MAX_BYTES_PER_CALL for _, c in chunks)
    assert "".join(c for _, c in chunks) == text
    tokens = tokenize(text)
    assert "".join(t.surface for t in tokens) == text
    assert all(text[t.begin : t.end] == t.surface for t in tokens)


def test_name_key_of_a_60kb_name() -> None:
    assert len(name_key("支援事業" + "長" * 20_000)) >= 20_000
