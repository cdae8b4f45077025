"""GraphML and GEXF for Gephi: valid against the XSDs, and read back by networkx, igraph and graphology."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from conftest import ROOT

SCHEMAS = ROOT / "tests" / "schemas"
JS = ROOT / "tests" / "js"
GEXF_NS = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}


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
    """The bundled GEXF 1.2draft schema made the 1.3 we write (see tests/schemas/README.md): the viz elements
    back in the viz namespace, the 1.3 namespaces, and the one 1.3 attribute we use, an edge's ``kind``."""
    gexf = (SCHEMAS / "gexf.xsd").read_text(encoding="utf-8")
    viz = (SCHEMAS / "viz.xsd").read_text(encoding="utf-8")
    gexf, viz = (t.replace("http://www.gexf.net/1.2draft", "http://gexf.net/1.3") for t in (gexf, viz))
    gexf = re.sub(r'(\s*)(<xs:attribute name="label" type="xs:token"/>)(?=\s*<xs:attribute name="source")',
                  r'\1\2\1<xs:attribute name="kind" type="xs:token"/>', gexf)  # fmt: skip
    gexf = gexf.replace('<xs:enumeration value="1.2"/>', '<xs:enumeration value="1.3"/>')
    assert 'name="kind"' in gexf and 'value="1.3"' in gexf
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


def test_typed_links_have_a_kind_and_co_occurrence_no_direction(data_out):
    """Gephi merges parallel edges of one kind: without ``kind``, 7 of the sample's 74 typed links folded into
    the co-occurrence between the same two names (刘馨蕊 contacted 孙养利 among them)."""
    G = json.loads((data_out / "graph.json").read_text(encoding="utf-8"))
    root = ET.parse(data_out / "graph.gexf").getroot()
    assert root.get("version") == "1.3" and root.find("g:graph", GEXF_NS).get("defaultedgetype") == "directed"
    edges = root.findall("g:graph/g:edges/g:edge", GEXF_NS)
    assert [e.get("kind") for e in edges] == [e["relation"] for e in G["links"]]
    assert all((e.get("type") == "undirected") == (e.get("kind") == "co_occurs") for e in edges)
    pairs = Counter((e.get("source"), e.get("target")) for e in edges)
    assert any(n > 1 for n in pairs.values())  # parallel edges: a typed link beside a co-occurrence
    graphml = ET.parse(data_out / "graph.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    directions = [e.get("directed") for e in graphml.findall("g:graph/g:edge", ns)]
    assert directions == [None if e["relation"] != "co_occurs" else "false" for e in G["links"]]


def test_networkx_reads_graph_json_and_igraph_reads_graphml(data_out):
    """networkx's GraphML and GEXF readers refuse mixed graphs; graph.json is networkx's own node-link format."""
    igraph = pytest.importorskip("igraph")
    G = json.loads((data_out / "graph.json").read_text(encoding="utf-8"))
    n, m = len(G["nodes"]), len(G["links"])
    H = nx.node_link_graph(G, edges="links")
    assert (H.number_of_nodes(), H.number_of_edges()) == (n, m) and H.nodes["PERSON:刘馨蕊"]["label"] == "刘馨蕊"
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
    # graphology's GEXF parser reads each edge's type; its GraphML parser (0.5) only knows directed="true", so a
    # directed GraphML file stays directed there (Gephi reads directed="false": ImporterGraphML).
    mixed = "mixed" if name.endswith(".gexf") else "directed"
    assert (parsed["order"], parsed["size"], parsed["type"]) == (len(G["nodes"]), len(G["links"]), mixed)
    assert parsed["relations"]["works_for"] == sum(1 for e in G["links"] if e["relation"] == "works_for")
    person = parsed["nodes"]["PERSON:刘馨蕊"]
    assert person["label"] == "刘馨蕊" and person["type"] == "PERSON"
    assert person["color"] in ("#e15759", "rgba(225,87,89,1.0)")  # GraphML r/g/b and GEXF viz:color are both understood
    assert isinstance(person["x"], (int, float))
