"""The example notebooks run end to end, headless, on the bundled sample (data/)."""

import time

import pytest
from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")


def run_notebook(name: str, monkeypatch) -> list[str]:
    """Execute ``notebooks/name`` in memory from the repository root; return the text of each cell's outputs."""
    # The kernel inherits the environment: notebook 03 reads data/ instead of the CEC corpus.
    monkeypatch.setenv("ZHKG_CORPUS", str(ROOT / "data"))
    monkeypatch.chdir(ROOT)
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    texts = []
    for cell in nb.cells:
        parts = []
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            data = output.get("data", {})
            parts += [output.get("text", ""), data.get("text/plain", ""), data.get("text/html", "")]
        texts.append("\n".join(parts))
    # matplotlib warns "Glyph … missing from font" for every Chinese character it draws as a box.
    assert not [t for t in texts if "Glyph" in t and "missing" in t], "a plot lacks a CJK font (graph.plotting.use_cjk_font)"
    return texts


def check_01(outputs: list[str], started: float) -> None:
    outputs = "\n".join(outputs)
    assert "工会专干" in outputs  # 刘馨蕊's role at 安远社区
    assert "孙师傅 → ['PERSON:孙养利']" in outputs  # an alias found by q.find
    assert 'src="out/notebooks/01/graph.html"' in outputs  # the HTML view, linked rather than embedded
    assert "focused view: " in outputs and 'src="out/notebooks/01/刘馨蕊.html"' in outputs  # one person's neighbourhood, inline
    assert "CJK font: " in outputs and "CJK font: None" not in outputs


def check_02(outputs: list[str], started: float) -> None:
    from graph.export import read_gexf, read_graphml

    folder = ROOT / "out" / "notebooks" / "02"
    for name in ("people_orgs", "works_for", "sep_oct_2022"):
        gexf, graphml = folder / f"{name}.gexf", folder / f"{name}.graphml"
        assert gexf.stat().st_mtime >= started - 1 and graphml.stat().st_mtime >= started - 1  # written by this run
        G, H = read_gexf(gexf), read_graphml(graphml)
        assert G.number_of_nodes() == H.number_of_nodes() > 0
        assert G.number_of_edges() == H.number_of_edges() > 0
    assert read_gexf(folder / "sep_oct_2022.gexf").graph["mode"] == "dynamic"
    (read_back,) = [text for text in outputs if "same as the cut" in text]
    assert "True" in read_back and "False" not in read_back


def check_03(outputs: list[str], started: float) -> None:
    assert any("corpus: data" in text for text in outputs)
    assert any("3 of 9 articles are dated" in text for text in outputs)
    # The top entities table: one column group per type, holding the sample's best connected person, organisation and place.
    (table,) = [text for text in outputs if '<th colspan="3" halign="left">PERSON</th>' in text]
    assert '<th colspan="3" halign="left">ORG</th>' in table and '<th colspan="3" halign="left">LOC</th>' in table
    assert all(name in table for name in ("刘馨蕊", "中央组织部", "西安市"))


@pytest.mark.parametrize(
    "name, check",
    [("01_explore_sample.ipynb", check_01), ("02_gephi_export.ipynb", check_02), ("03_corpus.ipynb", check_03)],
    ids=["01", "02", "03"],
)
def test_notebook_runs_end_to_end(name, check, monkeypatch):
    started = time.time()
    check(run_notebook(name, monkeypatch), started)
