"""graph.ftm: the graph as FollowTheMoney entities (``zhkg export ftm OUT FILE``)."""

import json
import shutil
import sys
from collections import Counter

import networkx as nx
import pytest

from graph import ftm
from graph.databases import KINDS, run_export
from graph.query import example_graph, load

followthemoney = pytest.importorskip("followthemoney")
from followthemoney import model  # noqa: E402

HOSTILE = [
    "</script><script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "长" * 1000,
    "a\u2028b\u2029c\x85d",
    'q"uote\\back\nline',
    "lone\ud800surrogate",
]


def read(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(raw.decode("utf-8").splitlines()), "a line break inside a value"
    return [json.loads(line) for line in lines]


def check_valid(entities: list[dict]) -> dict:
    """Every entity passes FtM's validation, is already clean, has its required properties,
    and every reference points at an entity of the file, of the property's range."""
    by_id = {}
    for data in entities:
        assert set(data) == {"id", "schema", "properties"}
        assert data["id"] not in by_id, "duplicate id"
        by_id[data["id"]] = data
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value again
        assert proxy.schema.validate(data) is None
        assert proxy.to_dict() == data, "FtM would clean a value"
        assert not proxy.schema.abstract
        for name in proxy.schema.required:
            assert proxy.has(name), (data, name)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (data, prop.name)
                assert model.get(by_id[value]["schema"]).is_a(prop.range), (data, prop.name)
    return by_id


def named(by_id: dict, schema: str, name: str, prop: str = "name") -> dict:
    found = [d for d in by_id.values() if d["schema"] == schema and name in d["properties"].get(prop, [])]
    assert len(found) == 1, (schema, name, found)
    return found[0]


@pytest.fixture(scope="module")
def sample_file(sample_out, tmp_path_factory):
    path = tmp_path_factory.mktemp("ftm") / "graph.ftm.json"
    assert run_export("ftm", str(sample_out), str(path)) == 0
    return path


@pytest.fixture(scope="module")
def sample(sample_file):
    entities = read(sample_file)
    return entities, check_valid(entities)


def test_kinds():
    assert "ftm" in KINDS and {"ladybug", "neo4j"} <= set(KINDS)


def test_sample_is_valid_and_sorted(sample, sample_file):
    entities, _ = sample
    assert [d["id"] for d in entities] == sorted(d["id"] for d in entities)
    counts = Counter(d["schema"] for d in entities)
    for schema in ("Person", "Organization", "PublicBody", "Address", "Document", "Event", "Article", "Employment", "UnknownLink"):
        assert counts[schema] > 0, schema
    # Lines are what FtM's own reader and `ftm validate` take, and give back unchanged.
    from click.testing import CliRunner
    from followthemoney.cli.cli import cli

    result = CliRunner().invoke(cli, ["validate", "-i", str(sample_file), "-o", "-"])
    assert result.exit_code == 0, result.output
    again = [json.loads(line) for line in result.stdout_bytes.decode("utf-8").splitlines()]
    for data in again:  # ValueEntity adds its (empty) provenance
        assert data.pop("referents", []) == [] and data.pop("datasets", []) == []
    assert again == entities


def test_sample_facts(sample, sample_out):
    _, by_id = sample
    person = named(by_id, "Person", "刘馨蕊")
    community = named(by_id, "Organization", "安远社区")
    jobs = [
        d
        for d in by_id.values()
        if d["schema"] == "Employment"
        and d["properties"]["employee"] == [person["id"]]
        and d["properties"]["employer"] == [community["id"]]
    ]
    assert len(jobs) == 1
    job = jobs[0]["properties"]
    assert job["role"] == ["工会专干"]
    assert any("刘馨蕊" in text and "安远社区" in text for text in job["description"])
    assert job["proof"] and all(by_id[a]["schema"] == "Article" for a in job["proof"])
    sources = load(sample_out).edges["PERSON:刘馨蕊", "ORG:安远社区", "works_for"]["sources"].split("|")
    assert {by_id[a]["properties"]["name"][0] for a in job["proof"]} == set(sources)  # the articles that say so
    assert person["properties"]["proof"]  # the articles she is linked in

    # 中央组织部 issued 《关于抓党建促乡村振兴的若干意见》, and is a public body.
    ministry = named(by_id, "PublicBody", "中央组织部")
    doc = named(by_id, "Document", "关于抓党建促乡村振兴的若干意见", prop="title")
    issued = [
        d
        for d in by_id.values()
        if d["schema"] == "UnknownLink" and d["properties"]["subject"] == [ministry["id"]] and d["properties"]["object"] == [doc["id"]]
    ]
    assert len(issued) == 1 and issued[0]["properties"]["role"] == ["issued"]
    assert "中央组织部印发" in issued[0]["properties"]["description"][0]
    # … and organised the issuance event that the document took part in.
    events = [d for d in by_id.values() if d["schema"] == "Event" and ministry["id"] in d["properties"].get("organizer", [])]
    assert any(e["properties"].get("date") == ["2021-06"] and ministry["id"] in e["properties"]["involved"] for e in events)
    # An event that happened at a place has it as its address.
    xian = named(by_id, "Address", "西安市", prop="full")
    assert any(
        xian["id"] in d["properties"].get("addressEntity", []) and "西安市" in d["properties"]["location"]
        for d in by_id.values()
        if d["schema"] == "Event"
    )
    # No co-occurrence becomes an entity, no DATE node either.
    assert not any("co_occurs" in d["properties"].get("role", []) for d in by_id.values())
    assert not any("10月9日" in d["properties"].get("name", []) for d in by_id.values())
    # Every article of articles.csv is an Article, its id as its name.
    articles = {d["properties"]["name"][0] for d in by_id.values() if d["schema"] == "Article"}
    assert {row["id"] for row in ftm.read_articles(sample_out)} <= articles


def test_every_typed_link_is_kept(sample, sample_out):
    """Each typed edge is an entity or a property of its Event; co-occurrences are left out."""
    _, by_id = sample
    G = load(sample_out)
    relations = [d for d in by_id.values() if d["schema"] in ("Employment", "Membership", "UnknownLink")]
    typed = [(u, v, k) for u, v, k in G.edges(keys=True) if k != "co_occurs"]
    kinds = {u: G.nodes[u]["type"] for u in G}
    folded = [e for e in typed if e[2] == "happened_at" or (e[2] == "took_part_in" and kinds[e[0]] in ("PERSON", "ORG"))]
    assert len(relations) == len(typed) - len(folded)
    involved = sum(len(d["properties"].get("involved", [])) for d in by_id.values() if d["schema"] == "Event")
    assert involved == sum(1 for e in folded if e[2] == "took_part_in")


def test_deterministic(sample_out, sample_file, tmp_path):
    second = tmp_path / "again.ftm.json"
    assert run_export("ftm", str(sample_out), str(second)) == 0
    assert second.read_bytes() == sample_file.read_bytes()
    # The same graph built in another order: the same bytes.
    G = load(sample_out)
    H = nx.MultiDiGraph()
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    third = tmp_path / "reversed.ftm.json"
    ftm.write_ftm(H, third, articles=ftm.read_articles(sample_out))
    assert third.read_bytes() == sample_file.read_bytes()


def test_refuses_existing_target(sample_out, tmp_path, capsys):
    target = tmp_path / "g.ftm.json"
    target.write_text("keep me\n", encoding="utf-8")
    assert run_export("ftm", str(sample_out), str(target)) == 1
    err = capsys.readouterr().err
    assert str(target) in err and "exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert run_export("ftm", str(sample_out), str(target), overwrite=True) == 0
    assert "ftm" in capsys.readouterr().out
    check_valid(read(target))
    folder = tmp_path / "folder"
    (folder / "inside").mkdir(parents=True)
    assert run_export("ftm", str(sample_out), str(folder), overwrite=True) == 1
    assert (folder / "inside").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "g.ftm.json"]  # no temporary file left


def test_errors(tmp_path, capsys, monkeypatch, sample_out):
    assert run_export("ftm", str(tmp_path / "nowhere"), str(tmp_path / "g.ftm.json")) == 1
    assert "cannot read" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # not installed
    monkeypatch.setitem(sys.modules, "followthemoney.util", None)
    assert run_export("ftm", str(sample_out), str(tmp_path / "g.ftm.json")) == 1
    assert "pip install 'zhkg[ftm]'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_graph_json_alone(sample_out, tmp_path):
    """Without articles.csv beside it, the articles are written with their ids only."""
    shutil.copy(sample_out / "graph.json", tmp_path / "graph.json")
    target = tmp_path / "g.ftm.json"
    assert run_export("ftm", str(tmp_path / "graph.json"), str(target)) == 0
    by_id = check_valid(read(target))
    articles = [d for d in by_id.values() if d["schema"] == "Article"]
    assert articles and all(d["properties"]["fileName"] == d["properties"]["name"] for d in articles)


def test_example_graph(tmp_path):
    counts = ftm.write_ftm(example_graph(), tmp_path / "g.ftm.json")
    assert counts == Counter({"Person": 2, "Organization": 3, "Article": 3, "Employment": 1})
    check_valid(read(tmp_path / "g.ftm.json"))


def test_public_body_rule():
    for name in (
        "中央组织部",
        "莲湖区人民政府",
        "西安市乡村振兴局",
        "咸阳市委",
        "教育厅",
        "居委会",
        "北京市第一中级人民法院",
        "中国驻南非大使馆",
    ):
        assert ftm.is_public_body(name), name
    for name in ("安远社区", "西北政法大学", "足球俱乐部", "华为总部", "新华社", "北关街道总工会"):
        assert not ftm.is_public_body(name), name


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i, text in enumerate(HOSTILE):
        G.add_node(f"PERSON:{text}", label=text, type="PERSON", aliases=f"{text}|别名{i}", dates="今年8月")
        G.add_node(f"ORG:{text}局", label=f"{text}局", type="ORG")
        G.add_node(f"LOC:{text}", label=text, type="LOC")
        G.add_node(f"DOC:{text}", label=text, type="DOC")
    G.add_node("PERSON:\x00\x01", label="\x00\x01", type="PERSON")  # a name FtM cleans away
    G.add_node(
        "EVENT:x",
        label=HOSTILE[0],
        type="EVENT",
        event_type="=cmd",
        trigger=HOSTILE[1],
        date="今年8月",
        date_start="2022-13-45",
        date_end='{"a":1}',
    )
    G.add_node("MISC:x", label="x", type="MISC")  # a type FtM gets nothing for
    for i, text in enumerate(HOSTILE):
        article = f"{text.replace('|', '¦')}#{i}"  # '|' joins an edge's sources: never in an article id
        sentences = [{"article": article, "sentence": 0, "start": 0, "end": 1, "text": text * 3, "date": "2022-02-30"}]
        attrs = dict(
            weight=1.0, evidence=text, evidence_doc=article, sources=f"{article}|a{i}", dates="今年8月|2022-10-12", sentences=sentences
        )
        G.add_edge(f"PERSON:{text}", f"ORG:{text}局", key="works_for", relation="works_for", role=text, **attrs)
        G.add_edge(f"PERSON:{text}", f"LOC:{text}", key="visited", relation="visited", **attrs)
        G.add_edge(f"ORG:{text}局", f"DOC:{text}", key="issued", relation="issued", **attrs)
        G.add_edge(f"PERSON:{text}", "EVENT:x", key="took_part_in", relation="took_part_in", role="host", **attrs)
        G.add_edge(f"PERSON:{text}", "MISC:x", key="said", relation="said", **attrs)  # an end left out: so is the link
        G.add_edge(f"PERSON:{text}", "PERSON:\x00\x01", key="co_occurs", relation="co_occurs", **attrs)
    G.add_edge("EVENT:x", f"LOC:{HOSTILE[0]}", key="happened_at", relation="happened_at")
    return G


def test_hostile_text(tmp_path):
    articles = [
        {
            "id": f"{text.replace('|', '¦')}#{i}",
            "title": text,
            "source": f"/x/{text}",
            "date": "2022-13-01",
            "reporters": f"{text}|=1+1",
            "url": "javascript:alert(1)",
        }
        for i, text in enumerate(HOSTILE)
    ]
    path = tmp_path / "hostile.ftm.json"
    counts = ftm.write_ftm(hostile_graph(), path, articles=articles)
    entities = read(path)
    by_id = check_valid(entities)
    n = len(HOSTILE)
    assert counts == Counter(
        {"Person": n + 1, "PublicBody": n, "Address": n, "Document": n, "Event": 1, "Employment": n, "UnknownLink": 2 * n, "Article": 2 * n}
    )
    names = {name for d in by_id.values() for name in d["properties"].get("name", [])}
    assert {"</script><script>alert(1)</script>", "=cmd|' /C calc'!A0", "PERSON:"} <= names  # data, as it was
    long = [name for name in names if name.startswith("长长")]
    assert long and all(len(name) <= 384 for name in long)  # cut to FtM's limit for a name
    assert not any("\ud800" in line for line in path.read_text(encoding="utf-8").split("\n"))
    event = next(d for d in by_id.values() if d["schema"] == "Event")["properties"]
    assert not {"date", "startDate", "endDate"} & set(event)  # not ISO dates: left out
    assert len(event["involved"]) == n == len(event["organizer"])
    for d in by_id.values():
        for prop in ("date", "publishedAt"):
            assert set(d["properties"].get(prop, [])) <= {"2022-10-12"}
        assert "sourceUrl" not in d["properties"]  # not a URL FtM takes
    # Deterministic here too.
    again = tmp_path / "again.ftm.json"
    ftm.write_ftm(hostile_graph(), again, articles=articles)
    assert again.read_bytes() == path.read_bytes()
