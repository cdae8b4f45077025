import networkx as nx

from extract.pages import Article
from graph.build import RELATIONS, build_graph, collect


def graph_of(nlp, *texts):
    docs = []
    for i, text in enumerate(texts):
        doc = nlp(text)
        doc._.article = Article(id=f"a{i}", source="t", start=0, end=len(text), text=text)
        docs.append(doc)
    mentions, links = collect(docs)
    return build_graph(mentions, links), mentions


def test_titles_merge_into_one_person(nlp):
    G, _ = graph_of(nlp, "习近平总书记来到社区。习近平强调要办好实事。", "习近平同志指出要加强党建。")
    assert G.nodes["PERSON:习近平"]["mentions"] == 3
    assert G.nodes["PERSON:习近平"]["docs"] == 2
    assert set(G.nodes["PERSON:习近平"]["aliases"].split("|")) == {"习近平总书记", "习近平同志"}


def test_honorific_resolves_within_article_only(nlp):
    G, _ = graph_of(nlp, "“孙师傅,你好。”刘馨蕊拨通了孙养利的电话。", "孙师傅今天休息。")
    assert "孙师傅" in G.nodes["PERSON:孙养利"]["aliases"]
    assert "PERSON:孙师傅" in G  # the other article has no 孙 to resolve to


def test_level_organisation_takes_the_place_named_before_it(nlp):
    G, _ = graph_of(nlp, "西安市莲湖区北关街道召开会议,街道总工会副主席汪青出席。")
    assert "ORG:北关街道总工会" in G
    assert G.edges["PERSON:汪青", "ORG:北关街道总工会", "works_for"]["role"] == "副主席"


def test_unresolved_level_organisation_is_dropped(nlp):
    G, _ = graph_of(nlp, "市总工会发布通知。")
    assert not any(n.endswith("市总工会") for n in G)


def test_cooccurrence_weight_counts_sentences_and_keeps_evidence(nlp):
    G, mentions = graph_of(nlp, "刘强在西安市工作。刘强热爱西安。", "刘强回到西安市。")
    e = G.edges["LOC:西安市", "PERSON:刘强", "co_occurs"]
    assert e["weight"] == 3.0
    assert e["evidence"] == "刘强在西安市工作。"
    assert e["sources"] == "a0|a1"
    # provenance: every mention points at its text
    for m in mentions:
        text = ["刘强在西安市工作。刘强热爱西安。", "刘强回到西安市。"][int(m.article[1:])]
        assert text[m.start : m.end] == m.surface


def test_no_links_between_articles(nlp):
    G, _ = graph_of(nlp, "刘强在西安工作。", "汪青在咸阳工作。")
    assert not G.has_edge("LOC:咸阳市", "PERSON:刘强") and not G.has_edge("LOC:西安市", "PERSON:汪青")


def test_loc_and_org_of_one_name_become_one_node(nlp):
    from graph.build import Mention

    m = [
        Mention("LOC:安远社区", "LOC", "安远社区", "安远社区", "a", 0, 0, 4),
        Mention("ORG:安远社区", "ORG", "安远社区", "安远社区", "a", 1, 5, 9),
        Mention("ORG:安远社区", "ORG", "安远社区", "安远社区", "b", 0, 0, 4),
    ]
    G = build_graph(m, [])
    assert list(G) == ["ORG:安远社区"] and G.nodes["ORG:安远社区"]["mentions"] == 3


def test_schema_types(nlp):
    G, _ = graph_of(nlp, "咸阳市总工会副主席李华在咸阳市出席会议。")
    for _, d in G.nodes(data=True):
        assert set(d) == {"label", "type", "aliases", "mentions", "docs", "dates"}
        assert isinstance(d["mentions"], int) and isinstance(d["docs"], int)
    for _, _, d in G.edges(data=True):
        assert isinstance(d["weight"], float) and d["relation"] in RELATIONS
        assert d["rule"] and 0 < d["confidence"] <= 1
        # Only the evidence list is not a scalar (it goes to graph.json and evidence.csv, not GraphML).
        assert all(v is not None and not isinstance(v, (list, dict)) for k, v in d.items() if k != "sentences")
        assert [s["text"] for s in d["sentences"]] == [d["evidence"]]
    assert isinstance(G, nx.MultiDiGraph)


def test_full_width_text_gives_half_width_names_and_original_offsets(nlp):
    text = "２０２１年６月，ＸＹ公司与西安市总工会（本部）签约。"
    G, mentions = graph_of(nlp, text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface  # offsets into the text as given
    org = next(m for m in mentions if m.type == "ORG" and m.name.startswith("西安市"))
    assert org.name == "西安市总工会" and "ORG:西安市总工会" in G
    (event,) = [d for _, d in G.nodes(data=True) if d["type"] == "EVENT"]
    assert event["date_text"] == "２０２１年６月" and event["date"] == "2021-06"  # the event keeps its date as written and as ISO


def test_dates_are_attributes_not_nodes(nlp):
    """A day named in stories of different years once was one node that joined them."""
    texts = ("２０２１年６月，ＸＹ公司与西安市总工会（本部）签约。", "10月13日，咸阳市总工会副主席李华在秦都区看望一线职工。")
    G, mentions = graph_of(nlp, *texts)
    assert not [n for n, d in G.nodes(data=True) if d["type"] == "DATE"] and not [m for m in mentions if m.type == "DATE"]
    assert not [n for n in G if "10月13日" in n or "2021年6月" in n]


def test_namesakes_with_different_organisations_stay_apart(tmp_path):
    import json

    from graph.cli import main
    from graph.query import load

    rows = [
        {"id": "a", "text": "西安市总工会副主席张明出席会议。"},
        {"id": "b", "text": "北京大学教授张明发表演讲。"},
        {"id": "c", "text": "张明与西安市总工会的同事座谈。"},
        {"id": "d", "text": "张明说这很重要。"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    G = load(tmp_path / "out")
    people = {n: d for n, d in G.nodes(data=True) if d["type"] == "PERSON" and d["label"] == "张明"}
    assert set(people) == {"PERSON:张明", "PERSON:张明:北京大学"}
    assert people["PERSON:张明"]["docs"] == 3 and people["PERSON:张明:北京大学"]["disambiguation"] == "北京大学"


def test_a_reporter_works_for_the_paper_the_input_names(tmp_path):
    import json

    from graph.cli import main
    from graph.query import load

    row = {"id": "a", "source": "陕西工人报", "text": "本报讯(记者 刘强)10月9日,西安市总工会召开会议。"}
    (tmp_path / "in.jsonl").write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    assert main(["build", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    edge = load(tmp_path / "out").get_edge_data("PERSON:刘强", "ORG:陕西工人报", key="works_for")
    assert edge["role"] == "记者" and edge["rule"] == "works_for:byline"


def test_merge_keeps_the_first_sentences_counts_all_and_streams_every_one():
    from graph.build import Census, Link, Mention, merge

    results = []
    for a in ("a", "b", "c"):
        m = [
            Mention("PERSON:刘馨蕊", "PERSON", "刘馨蕊", "刘馨蕊", a, 0, 0, 3),
            Mention("ORG:安远社区", "ORG", "安远社区", "安远社区", a, 0, 4, 8),
        ]
        # Two rules finding one relation in one sentence are one piece of evidence.
        links = [Link("PERSON:刘馨蕊", "ORG:安远社区", "works_for", a, s, f"{a}{s}", 0, 9, "工会专干") for s in (0, 1, 1)]
        results.append((m, links))
    seen = []
    census = Census()
    for mentions, links in results:
        census.add(mentions, links)
    tap = lambda mentions, links: seen.extend((link.article, link.sentence) for _, _, link, new in links if new)  # noqa: E731
    G = merge(results, census, evidence_per_edge=2, tap=tap)
    edge = G.edges["PERSON:刘馨蕊", "ORG:安远社区", "works_for"]
    assert edge["weight"] == 6.0 and edge["docs"] == 3 and edge["sources"] == "a|b"  # the first two named, all counted
    assert [s["text"] for s in edge["sentences"]] == ["a0", "a1"]
    assert seen == [(a, s) for a in "abc" for s in (0, 1)]
    assert G.nodes["PERSON:刘馨蕊"]["docs"] == 3


def test_one_dated_event_reported_twice_is_one_node():
    from graph.build import Link, Mention

    def report(article, date):
        attrs = {"event_type": "call", "trigger": "拨通", "date": date}
        event = f"EVENT:call:拨通:{article}:5"
        m = [
            Mention(event, "EVENT", "call·拨通", "拨通", article, 0, 5, 7, attrs=attrs),
            Mention("PERSON:刘馨蕊", "PERSON", "刘馨蕊", "刘馨蕊", article, 0, 0, 3),
        ]
        return m, [Link("PERSON:刘馨蕊", event, "took_part_in", article, 0, "…", 0, 9, "caller")]

    results = [report("a", "2022-09-30"), report("b", "2022-09-30"), report("c", ""), report("d", "")]
    mentions = [m for ms, _ in results for m in ms]
    links = [lk for _, ls in results for lk in ls]
    G = build_graph(mentions, links)
    events = sorted(n for n, d in G.nodes(data=True) if d["type"] == "EVENT")
    assert events == ["EVENT:call:拨通:a:5", "EVENT:call:拨通:c:5", "EVENT:call:拨通:d:5"]  # undated: never merged
    assert G.nodes["EVENT:call:拨通:a:5"]["docs"] == 2
    assert G.edges["PERSON:刘馨蕊", "EVENT:call:拨通:a:5", "took_part_in"]["weight"] == 2.0


def test_an_event_with_no_participant_or_place_stays_out_of_the_graph(nlp):
    G, _ = graph_of(nlp, "昨天下午发生火灾。")
    assert not [n for n, d in G.nodes(data=True) if d["type"] == "EVENT"]
