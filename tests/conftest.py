from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "000_5e311010456c98bd.txt"


@pytest.fixture(scope="session")
def nlp():
    import extract

    return extract.load()


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory):
    """The sample page built once through the CLI, as a user would."""
    from graph.cli import main

    out = tmp_path_factory.mktemp("sample")
    assert main(["build", str(SAMPLE), "--out", str(out), "--quiet"]) == 0
    return out
