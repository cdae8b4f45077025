"""graph.databases: the graph as a LadybugDB database and as Neo4j bulk-import CSVs."""

import csv
from collections import Counter

import networkx as nx
import pytest

from graph import databases
from graph.build import RELATIONS
from graph.databases import NEO4J_NODE_HEADER, NEO4J_REL_HEADER, run_export, write_ladybug, write_neo4j_csv
from graph.query import load

ladybug = pytest.importorskip("ladybug")

NASTY = [
    'say "hi", then\nleave',
    "back\\slash \\n not a newline, \\",
    '""',
    " padded ",
    "crlf\r\nline",
    "\\N",
    "中文,逗号“引号”\t制表",
    "'single' quotes",
]


def rows(conn, query: str, **params) -> list[list]:
    return conn.execute(query, params).get_all()


@pytest.fixture(scope="module")
def sample_graph(sample_out):
    return load(sample_out)


@pytest.fixture(scope="module")
def sample_db(sample_out, tmp_path_factory):
    path = tmp_path_factory.mktemp("ladybug") / "graph.lbug"
    assert run_export("ladybug", str(sample_out), str(path)) == 0
    db = ladybug.Database(str(path), read_only=True)
    conn = ladybug.Connection(db)
    yield conn
    conn.close()
    db.close()


@pytest.fixture(scope="module")
def neo4j_dir(sample_out, tmp_path_factory):
    out = tmp_path_factory.mktemp("neo4j")
    assert run_export("neo4j", str(sample_out), str(out)) == 0
    return out


def nasty_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i, text in enumerate(NASTY):
        G.add_node(f"PERSON:{i}{text}", label=text, type="PERSON", aliases=f"{text}|别名", mentions=i, docs=1, dates="", community=i)
    G.add_node("EVENT:call:拨通:a:1", label="call·拨通", type="EVENT", event_type="call", date="2022-09-30", date_text="9月30日")
    G.add_node("ORG:空", label="空", type="ORG")  # no attributes beyond label and type: '' and 0
    ids = list(G.nodes)
    for i, text in enumerate(NASTY):
        G.add_edge(ids[i], ids[i + 1], key="said", relation="said", weight=1.0, evidence=text, evidence_doc=f"doc{i}", role=text)
        G.add_edge(ids[i], ids[i + 1], key="co_occurs", relation="co_occurs", weight=2.0, evidence=text * 2, confidence=0.5)
    return G


# --- LadybugDB, the sample page -------------------------------------------------


def test_works_for_answer(sample_db):
    found = rows(
        sample_db,
        "MATCH (p:Entity {label: $name})-[l:Link {relation: 'works_for'}]->(o:Entity) RETURN o.label, o.type, l.role, l.evidence",
        name="刘馨蕊",
    )
    assert len(found) == 1
    label, type_, role, evidence = found[0]
    assert (label, role) == ("安远社区", "工会专干")
    assert type_ in ("ORG", "LOC")
    assert "拨通了" in evidence


def test_counts_match_networkx(sample_db, sample_graph):
    assert rows(sample_db, "MATCH (e:Entity) RETURN count(e)") == [[sample_graph.number_of_nodes()]]
    assert rows(sample_db, "MATCH ()-[l:Link]->() RETURN count(l)") == [[sample_graph.number_of_edges()]]
    by_relation = dict(rows(sample_db, "MATCH ()-[l:Link]->() RETURN l.relation, count(*)"))
    assert by_relation == dict(Counter(k for _, _, k in sample_graph.edges(keys=True)))
    by_type = dict(rows(sample_db, "MATCH (e:Entity) RETURN e.type, count(*)"))
    assert by_type == dict(Counter(d["type"] for _, d in sample_graph.nodes(data=True)))


def test_every_value_round_trips(sample_db, sample_graph):
    names = ", ".join(f"e.{c}" for c, _ in databases.NODE_COLUMNS)
    got = sorted(rows(sample_db, f"MATCH (e:Entity) RETURN {names}"))
    assert got == sorted(databases._ladybug_node_rows(sample_graph))
    props = ", ".join(f"l.{c}" for c, _ in databases.LINK_COLUMNS)
    got = sorted(rows(sample_db, f"MATCH (a:Entity)-[l:Link]->(b:Entity) RETURN a.id, b.id, {props}"))
    assert got == sorted(databases._ladybug_link_rows(sample_graph))
    # Spot checks against the graph itself, not the exporter's own rows.
    events = rows(sample_db, "MATCH (e:Entity) WHERE e.type = 'EVENT' RETURN e.id, e.event_type, e.date, e.date_text")
    assert events and all(event_type == sample_graph.nodes[n]["event_type"] for n, event_type, _, _ in events)
    assert all(d == sample_graph.nodes[n]["date"] and t == sample_graph.nodes[n]["date_text"] for n, _, d, t in events)
    assert rows(sample_db, "MATCH (e:Entity) WHERE e.type <> 'EVENT' AND e.event_type <> '' RETURN count(e)") == [[0]]


def test_two_hop_neighbourhood(sample_db, sample_graph):
    start = "PERSON:孙养利"
    assert start in sample_graph
    found = rows(sample_db, "MATCH (a:Entity {id: $id})-[:Link*1..2]-(b:Entity) RETURN DISTINCT b.id", id=start)
    expected = set(nx.single_source_shortest_path_length(sample_graph.to_undirected(as_view=True), start, cutoff=2)) - {start}
    assert {b for (b,) in found} - {start} == expected
    assert "ORG:安远社区" in expected  # 孙养利 - 刘馨蕊 - 安远社区


def test_no_nulls(sample_db):
    for column, _ in databases.NODE_COLUMNS:
        assert rows(sample_db, f"MATCH (e:Entity) WHERE e.{column} IS NULL RETURN count(e)") == [[0]], column
    for column, _ in databases.LINK_COLUMNS:
        assert rows(sample_db, f"MATCH ()-[l:Link]->() WHERE l.{column} IS NULL RETURN count(l)") == [[0]], column


# --- LadybugDB, hand-made graphs -------------------------------------------------


def test_awkward_text_survives(tmp_path):
    G = nasty_graph()
    path = tmp_path / "nasty.lbug"
    write_ladybug(G, path)
    conn = ladybug.Connection(ladybug.Database(str(path), read_only=True))
    got = {n: (label, aliases) for n, label, aliases in rows(conn, "MATCH (e:Entity) RETURN e.id, e.label, e.aliases")}
    assert got == {n: (d["label"], d.get("aliases", "")) for n, d in G.nodes(data=True)}
    got = rows(conn, "MATCH (a:Entity)-[l:Link {relation: 'said'}]->(b:Entity) RETURN a.id, l.evidence, l.role, l.evidence_doc")
    said = [(u, d) for u, _, k, d in G.edges(keys=True, data=True) if k == "said"]
    assert sorted(got) == sorted([u, d["evidence"], d["role"], d["evidence_doc"]] for u, d in said)
    evidence = rows(conn, "MATCH ()-[l:Link {relation: 'co_occurs'}]->() RETURN l.evidence")
    assert sorted(e for (e,) in evidence) == sorted(t * 2 for t in NASTY)
    # Missing attributes: '' and 0, not NULL; event columns on events only.
    assert rows(conn, "MATCH (e:Entity {id: 'ORG:空'}) RETURN e.aliases, e.mentions, e.docs, e.dates, e.community, e.date") == [
        ["", 0, 0, "", 0, ""]
    ]
    assert rows(conn, "MATCH (e:Entity {type: 'EVENT'}) RETURN e.event_type, e.date, e.date_text") == [["call", "2022-09-30", "9月30日"]]
    assert rows(conn, "MATCH ()-[l:Link {relation: 'co_occurs'}]->() RETURN DISTINCT l.role, l.evidence_start, l.rule, l.confidence") == [
        ["", 0, "", 0.5]
    ]


def test_empty_graph(tmp_path):
    write_ladybug(nx.MultiDiGraph(), tmp_path / "empty.lbug")
    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "empty.lbug"), read_only=True))
    assert rows(conn, "MATCH (e:Entity) RETURN count(e)") == [[0]]


def test_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "g.lbug"
    small = nx.MultiDiGraph()
    small.add_node("PERSON:甲", label="甲", type="PERSON")
    write_ladybug(small, path)
    with pytest.raises(FileExistsError):
        write_ladybug(nasty_graph(), path)
    write_ladybug(nasty_graph(), path, overwrite=True)
    conn = ladybug.Connection(ladybug.Database(str(path), read_only=True))
    assert rows(conn, "MATCH (e:Entity) RETURN count(e)") == [[nasty_graph().number_of_nodes()]]
    conn.close()
    # Never replaced, even with overwrite: something that is not a LadybugDB database.
    precious = tmp_path / "notes.txt"
    precious.write_text("keep me", encoding="utf-8")
    with pytest.raises(databases.NotADatabaseError):
        write_ladybug(small, precious, overwrite=True)
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.lbug", "notes.txt"]


def broken_rows(G):
    """Fails while the CSV files are written, before LadybugDB opens anything."""
    yield ["PERSON:甲", "PERSON:乙", "said", 1.0, "", "", "", 0, 0, "", "", "", 1.0]
    raise RuntimeError("disk on fire")


def dangling_rows(G):
    """Fails inside LadybugDB, in COPY Link, after the database file exists: a link to no node."""
    yield ["PERSON:nobody", "ORG:空", "said", 1.0, "", "", "", 0, 0, "", "", "", 1.0]


@pytest.mark.parametrize("rows_of", [broken_rows, dangling_rows])
def test_failure_leaves_nothing(tmp_path, monkeypatch, rows_of):
    monkeypatch.setattr(databases, "_ladybug_link_rows", rows_of)
    with pytest.raises(RuntimeError):
        write_ladybug(nasty_graph(), tmp_path / "new.lbug")
    assert list(tmp_path.iterdir()) == []
    # A failed overwrite keeps the old database.
    monkeypatch.undo()
    small = nx.MultiDiGraph()
    small.add_node("PERSON:甲", label="甲", type="PERSON")
    write_ladybug(small, tmp_path / "old.lbug")
    monkeypatch.setattr(databases, "_ladybug_link_rows", rows_of)
    with pytest.raises(RuntimeError):
        write_ladybug(nasty_graph(), tmp_path / "old.lbug", overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["old.lbug"]
    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "old.lbug"), read_only=True))
    assert rows(conn, "MATCH (e:Entity) RETURN e.id") == [["PERSON:甲"]]


def test_run_export_errors(sample_out, tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert run_export("ladybug", str(missing), str(tmp_path / "g.lbug")) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "cannot read" in err
    bad = tmp_path / "graph.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run_export("neo4j", str(bad), str(tmp_path / "csv")) == 1
    assert str(bad) in capsys.readouterr().err
    target = tmp_path / "g.lbug"
    assert run_export("ladybug", str(sample_out), str(target)) == 0
    assert run_export("ladybug", str(sample_out), str(target)) == 1
    err = capsys.readouterr().err
    assert str(target) in err and "exists" in err and "--force" in err
    assert run_export("ladybug", str(sample_out), str(target), overwrite=True) == 0
    assert run_export("neo4j", str(sample_out), str(tmp_path / "csv")) == 0
    assert run_export("neo4j", str(sample_out), str(tmp_path / "csv")) == 1
    assert "nodes.csv" in capsys.readouterr().err
    assert run_export("neo4j", str(sample_out), str(tmp_path / "csv"), overwrite=True) == 0
    assert run_export("sqlite", str(sample_out), str(tmp_path / "x")) == 2


# --- Neo4j CSVs ---------------------------------------------------------------


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "neo4j-admin reads the BOM as part of the first header"
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_neo4j_csv_layout(neo4j_dir, sample_graph):
    nodes, rels = read_csv(neo4j_dir / "nodes.csv"), read_csv(neo4j_dir / "relationships.csv")
    assert nodes[0] == NEO4J_NODE_HEADER
    assert rels[0] == NEO4J_REL_HEADER
    assert nodes[0][-1] == ":LABEL" and rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    nodes, rels = nodes[1:], rels[1:]
    assert len(nodes) == sample_graph.number_of_nodes()
    assert len(rels) == sample_graph.number_of_edges()
    ids = [row[0] for row in nodes]
    assert set(ids) == set(sample_graph.nodes) and len(set(ids)) == len(ids)
    for row in nodes:
        assert len(row) == len(NEO4J_NODE_HEADER)
        assert row[-1] == f"Entity;{sample_graph.nodes[row[0]]['type']}"
        assert row[2] == sample_graph.nodes[row[0]]["type"]
        int(row[4]), int(row[5]), int(row[7])  # typed columns hold numbers
    types = {r.upper() for r in RELATIONS}
    for row in rels:
        assert len(row) == len(NEO4J_REL_HEADER)
        assert row[0] in sample_graph and row[1] in sample_graph
        assert row[2] in types
        assert sample_graph.has_edge(row[0], row[1], key=row[2].lower())
        float(row[3]), int(row[4]), int(row[8]), int(row[9]), float(row[13])
    assert Counter(row[2] for row in rels) == Counter(k.upper() for _, _, k in sample_graph.edges(keys=True))
    works = [row for row in rels if row[0] == "PERSON:刘馨蕊" and row[2] == "WORKS_FOR"]
    assert [(sample_graph.nodes[r[1]]["label"], r[5]) for r in works] == [("安远社区", "工会专干")]
    assert "拨通了" in works[0][6]


def test_neo4j_awkward_text(tmp_path):
    G = nasty_graph()
    write_neo4j_csv(G, tmp_path)
    nodes, rels = read_csv(tmp_path / "nodes.csv")[1:], read_csv(tmp_path / "relationships.csv")[1:]
    assert {row[0]: row[1] for row in nodes} == {n: d["label"] for n, d in G.nodes(data=True)}
    said = sorted((row[0], row[6], row[5]) for row in rels if row[2] == "SAID")
    assert said == sorted((u, d["evidence"], d["role"]) for u, _, k, d in G.edges(keys=True, data=True) if k == "said")
    # Quotes are doubled RFC 4180-style, never backslash-escaped (neo4j-admin's default).
    text = (tmp_path / "relationships.csv").read_text(encoding="utf-8")
    assert '"say ""hi"", then\nleave"' in text
    with pytest.raises(FileExistsError):
        write_neo4j_csv(G, tmp_path)
    write_neo4j_csv(G, tmp_path, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nodes.csv", "relationships.csv"]


def test_zhkg_export_cli(sample_out, tmp_path):
    pytest.importorskip("ladybug")
    from graph.cli import main

    assert main(["export", "ladybug", str(sample_out), str(tmp_path / "g.lbug")]) == 0
    assert main(["export", "ladybug", str(sample_out), str(tmp_path / "g.lbug")]) == 1  # exists, no --force
    assert main(["export", "ladybug", str(sample_out), str(tmp_path / "g.lbug"), "--force"]) == 0
    assert main(["export", "neo4j", str(sample_out), str(tmp_path / "neo")]) == 0
    assert (tmp_path / "neo" / "relationships.csv").read_text(encoding="utf-8").startswith(":START_ID,:END_ID,:TYPE")
