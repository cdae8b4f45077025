"""GraphML and GEXF for Gephi: valid against the XSDs, and read back by networkx, igraph and graphology."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from conftest import ROOT

SCHEMAS = ROOT / "tests" / "schemas"
JS = ROOT / "tests" / "js"
GEXF_NS = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}


@pytest.fixture(scope="module")
def data_out(tmp_path_factory):
    """All of data/: the sample page (undated) and three dated JSONL articles."""
    from graph.cli import main

    out = tmp_path_factory.mktemp("data")
    assert main(["build", str(ROOT / "data"), "--out", str(out), "--quiet"]) == 0
    return out


CEC = ROOT.parent / "shared" / "corpora" / "cec" / "raw corpus"


@pytest.mark.skipif(not CEC.is_dir(), reason="needs ../shared/corpora/cec (real news whose names hold ASCII brackets, dashes, spaces)")
def test_real_news_gives_schema_valid_graphml_and_gexf(tmp_path):
    """CEC's 424 reports: node ids with ')' and '—' once broke GraphML's id rule (xs:NMTOKEN)."""
    from graph.cli import main

    assert main(["build", str(CEC), "--out", str(tmp_path / "cec"), "--quiet"]) in (0, 1)
    assert _errors(SCHEMAS / "graphml.xsd", tmp_path / "cec" / "graph.graphml") == []
    (tmp_path / "xsd").mkdir()
    assert _errors(_official_gexf_schema(tmp_path / "xsd"), tmp_path / "cec" / "graph.gexf") == []


def _official_gexf_schema(tmp_path):
    """The bundled GEXF schema with the viz elements back in the viz namespace (see tests/schemas/README.md)."""
    gexf = (SCHEMAS / "gexf.xsd").read_text(encoding="utf-8")
    viz = (SCHEMAS / "viz.xsd").read_text(encoding="utf-8")
    for name in ("color", "position", "size", "thickness"):
        gexf = gexf.replace(f'ref="ns1:{name}"', f'ref="viz:{name}"')
        gexf = re.sub(rf'\s*<xs:element name="{name}" type="viz:{name}-content"/>', "", gexf)
        viz = viz.replace("</xs:schema>", f'  <xs:element name="{name}" type="viz:{name}-content"/>\n</xs:schema>')
    (tmp_path / "gexf.xsd").write_text(gexf, encoding="utf-8")
    (tmp_path / "viz.xsd").write_text(viz, encoding="utf-8")
    return tmp_path / "gexf.xsd"


def _errors(schema_path, document):
    xmlschema = pytest.importorskip("xmlschema")
    return [str(e).splitlines()[0] + ": " + str(e.reason) for e in xmlschema.XMLSchema(str(schema_path)).iter_errors(str(document))]


def test_graphml_is_valid_against_the_xsd(data_out):
    assert _errors(SCHEMAS / "graphml.xsd", data_out / "graph.graphml") == []


def test_gexf_is_valid_against_the_xsd(data_out, tmp_path):
    assert _errors(_official_gexf_schema(tmp_path), data_out / "graph.gexf") == []


def test_the_schema_check_can_fail(data_out, tmp_path):
    broken = tmp_path / "broken.gexf"
    broken.write_text((data_out / "graph.gexf").read_text(encoding="utf-8").replace("<spell ", "<spel ", 1), encoding="utf-8")
    assert _errors(_official_gexf_schema(tmp_path), broken)


def test_gexf_is_dynamic_with_viz_and_one_spell_per_date(data_out):
    G = json.loads((data_out / "graph.json").read_text(encoding="utf-8"))
    dated = {n["id"]: n["dates"].split("|") for n in G["nodes"] if n["dates"]}
    assert dated  # data/sample.jsonl is dated
    root = ET.parse(data_out / "graph.gexf").getroot()
    graph = root.find("g:graph", GEXF_NS)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    nodes = root.findall("g:graph/g:nodes/g:node", GEXF_NS)
    for node in nodes:
        spells = [s.get("start") for s in node.findall("g:spells/g:spell", GEXF_NS)]
        assert spells == dated.get(node.get("id"), [])
        assert node.find("viz:color", GEXF_NS) is not None and node.find("viz:size", GEXF_NS) is not None
        assert node.find("viz:position", GEXF_NS) is not None
    assert root.findall("g:graph/g:edges/g:edge/g:spells", GEXF_NS)


def test_graphml_uses_gephi_reserved_names(data_out):
    text = (data_out / "graph.graphml").read_text(encoding="utf-8")
    for name, scope in [("label", "node"), ("r", "node"), ("g", "node"), ("b", "node"), ("x", "node"), ("size", "node")]:
        assert re.search(rf'<key id="{name}" for="{scope}" attr.name="{name}"', text)
    assert re.search(r'<key id="edge_label" for="edge" attr.name="label"', text)
    assert re.search(r'<key id="weight" for="edge" attr.name="weight" attr.type="double"', text)
    ids = re.findall(r'<key id="([^"]+)"', text)
    assert len(ids) == len(set(ids))  # GraphML key ids are unique


def test_networkx_and_igraph_read_both_files(data_out):
    igraph = pytest.importorskip("igraph")
    G = json.loads((data_out / "graph.json").read_text(encoding="utf-8"))
    n, m = len(G["nodes"]), len(G["links"])
    graphml = nx.read_graphml(data_out / "graph.graphml", force_multigraph=True)
    gexf = nx.read_gexf(data_out / "graph.gexf")
    assert (graphml.number_of_nodes(), graphml.number_of_edges()) == (n, m)
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (n, m)
    assert graphml.nodes["PERSON:刘馨蕊"]["label"] == "刘馨蕊" and gexf.nodes["PERSON:刘馨蕊"]["label"] == "刘馨蕊"
    g = igraph.Graph.Read_GraphML(str(data_out / "graph.graphml"))
    assert (g.vcount(), g.ecount()) == (n, m)
    assert "刘馨蕊" in g.vs["label"]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_graphology_reads_it(data_out, name):
    if not (JS / "node_modules" / "graphology").is_dir():
        pytest.skip("graphology is not installed: npm ci --prefix tests/js")
    done = subprocess.run(["node", str(JS / "read.js"), str(data_out / name)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    G = json.loads((data_out / "graph.json").read_text(encoding="utf-8"))
    assert (parsed["order"], parsed["size"], parsed["type"]) == (len(G["nodes"]), len(G["links"]), "directed")
    assert parsed["relations"]["works_for"] == sum(1 for e in G["links"] if e["relation"] == "works_for")
    person = parsed["nodes"]["PERSON:刘馨蕊"]
    assert person["label"] == "刘馨蕊" and person["type"] == "PERSON"
    assert person["color"] in ("#e15759", "rgba(225,87,89,1.0)")  # GraphML r/g/b and GEXF viz:color are both understood
    assert isinstance(person["x"], (int, float))
