import pytest

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import read_data_csv


def test_missing_file_names_the_file() -> None:
    with pytest.raises(ReferenceDataError) as exc:
        read_data_csv("no_such_file.csv")
    assert "pipeline/data/no_such_file.csv" in str(exc.value)


def test_missing_column_is_named() -> None:
    with pytest.raises(ReferenceDataError) as exc:
        read_data_csv("categories.csv", required=("category_no", "colour"))
    assert "colour" in exc.value.message and exc.value.location == "line 1"
