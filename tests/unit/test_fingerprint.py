"""The cache fingerprint covers what shapes the data, and not the tools beside the pipeline."""

from importlib import resources
from pathlib import Path

from pipeline.driver.build import fingerprint_files


def test_tools_are_outside_the_fingerprint_and_data_files_inside() -> None:
    root = Path(str(resources.files("pipeline")))
    names = {p.relative_to(root).as_posix() for p in fingerprint_files(root)}
    assert "data/themes.csv" in names and "data/theme_overrides.csv" in names
    assert "lang/themes/classify.py" in names
    assert not any(n.startswith("tools/") for n in names)
