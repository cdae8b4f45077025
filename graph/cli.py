"""The ``zhkg`` command. ``build`` reads top to bottom as the whole flow:

read inputs -> split pages into articles -> spaCy pipeline -> mentions and
links -> merged graph -> GraphML, GEXF, HTML, CSV, JSON and a report.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from extract import NAMED_BACKBONES
from extract.gold import FORMATS
from graph.build import Census, collect, merge, resolve
from graph.databases import KINDS as EXPORT_KINDS
from graph.export import (
    EDGE_FIELDS,
    EVIDENCE_FIELDS,
    NODE_FIELDS,
    SENTENCE_FIELDS,
    edge_rows,
    node_rows,
    open_csv,
    write_csv,
    write_gexf,
    write_graphml,
    write_json,
    write_report,
)
from graph.html import write_html
from graph.layout import add_positions
from graph.publish import MANIFEST, STAGING, ZHKG, Unpublished, manifest, publish, recover
from graph.query import communities, louvain, number_communities

log = logging.getLogger("zhkg")

# Exit statuses of zhkg build (README, "Exit status"); 1 and 2 as BUILD_HELP says.
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C

DESCRIPTION = """zhkg builds a knowledge graph (people, organisations, places, dates,
documents and how they are linked) from Chinese news text, offline."""

BUILD_HELP = """Build a graph from news text and write it to --out.

PATH may be:
  a .txt or .md file      a page or an article (UTF-8, UTF-8 with BOM, GB18030/GBK or Big5;
                          a newspaper page is split into its articles)
  a folder                read recursively: every .txt, .md and .jsonl file, in name order
  a .jsonl file           one article per line: {"text": ..., "id", "title", "date" (ISO),
                          "source", "url" optional}
  -                       standard input

Writes to DIR: graph.graphml (Gephi, igraph), graph.gexf (Gephi: colours, sizes, positions,
dates for the timeline), graph.html (offline interactive view), graph.json (networkx
node-link, evidence sentences), nodes.csv, edges.csv, evidence.csv (every evidence sentence), mentions.csv,
articles.csv (UTF-8 with BOM) and report.json.

Exit status: 0 all inputs read, 1 some input skipped (see report.json and stderr),
2 usage error, 3 the build failed (a bug, or the machine: disk full, memory; the
traceback is on stderr), 130 interrupted (Ctrl-C). After 3 or 130, --out keeps
its previous outputs.

example:
  zhkg build data/000_5e311010456c98bd.txt --out out/
  zhkg build news/ dump.jsonl --out out/ --max-nodes 300
  cat page.txt | zhkg build - --out out/"""

SEGMENTER_HELP = "pkuseg model for the zhkg backbone's words: zhkg (shipped), a folder, a name in ~/.pkuseg, or none (default: zhkg)"
BACKBONE_HELP = f"entity backbone: {', '.join(NAMED_BACKBONES)} or spacy:PIPELINE (default: the backbone key of ./zhkg.toml, else lac)"

DEFAULT_CORPORA = Path("..") / "shared" / "corpora"  # beside the checkout, where the project's corpora live
EVALUATE_HELP = """Score a backbone's PERSON/ORG/LOC entities against gold: exact-span precision,
recall and F1 per type and micro-averaged, plus characters per second.

Formats and type mapping (other labels are ignored):
  bio       one character per line, CHAR TAG, blank line between sentences; BIO/BIOES tags.
            MSRA PER/ORG/LOC; Weibo PER.NAM->PERSON, ORG.NAM->ORG, LOC.NAM and GPE.NAM->LOC
  bmes      the same with B/M/E/S tags (Resume: NAME->PERSON, ORG, LOC)
  cluener   CLUENER2020 JSON lines: name->PERSON, organization/government/company->ORG,
            address/scene->LOC
  jsonl     {"text": ..., "entities": [[start, end, "PERSON"|"ORG"|"LOC"], ...]}, end exclusive

--task graph scores whole graphs instead: it builds the corpus files the gold items point
into (--corpora, default ../shared/corpora) and scores, item by item, entity recall per
type, node precision and typed relations P/R/F1 per family (graph/score.py; the gold
format is in tests/gold/README.md).

example:
  zhkg evaluate --gold ../shared/corpora/msra-ner/test.bio --format bio --backbone zhkg
  zhkg evaluate --gold cluener/dev.json --format cluener --backbone lac --no-rules --json
  zhkg evaluate --task graph --gold tests/gold/xinwenlianbo.jsonl --split dev --errors 20"""

VIEW_HELP = """Write an HTML view of part of a built graph: the neighbourhood of one name, some
types, a period. OUT is a folder written by 'zhkg build' (or its graph.json).

Exit status: 0 written, 1 unreadable graph, unknown name or nothing left to show, 2 usage error.

examples:
  zhkg view out/ --focus 刘馨蕊 --out 刘馨蕊.html               # her links and theirs (radius 2)
  zhkg view out/ --focus 习近平 --radius 1 --types PERSON,ORG --out xi.html
  zhkg view out/ --since 2024-01 --until 2024-06 --types PERSON,ORG --out h1.html"""

QUERY_HELP = """Quick looks at a built graph from the shell. OUT is a folder written by
'zhkg build' (or its graph.json / graph.graphml). NAME may be a node id (PERSON:刘馨蕊),
a name or an alias (孙师傅).

  --who NAME        NAME's neighbours: relation, direction, role, weight and evidence
  --path A B        up to --k shortest paths between A and B (direction ignored)
  --top N           the N most central nodes (--by degree|pagerank|betweenness)
  --find TEXT       nodes whose name or alias matches TEXT (exact, then partial, then similar)

--type and --relation narrow --who, --top and --find. Tables are cut to the terminal;
--json prints every field (records) for scripts.

Exit status: 0 found, 1 no such node or graph, 2 usage error.

example:
  zhkg query out/ --who 刘馨蕊
  zhkg query out/ --path 孙养利 西北政法大学
  zhkg query out/ --top 20 --type ORG --json"""

EXPORT_HELP = """Load a graph built by 'zhkg build' into a graph database or FollowTheMoney.

  ladybug an embedded LadybugDB database, the maintained fork of Kùzu (pip install ".[db]"): node table Entity (id, label, type,
          aliases, mentions, docs, dates, community, event_type, date, date_text; key idx), rel table Link
          (relation, weight, docs, role, evidence, evidence_doc/start/end, sources, dates, rule, confidence)
  neo4j   nodes.csv and relationships.csv in the layout of 'neo4j-admin database import full'
  ftm     FollowTheMoney entities, one JSON a line, for Aleph and the ftm tools (pip install ".[ftm]")

Exit status: 0 written, 1 unreadable graph or an existing target (use --force), 2 usage error.

example:
  zhkg export ladybug out/ out/graph.lbug
  zhkg export neo4j out/ neo4j-import/
  zhkg export ftm out/ out/graph.ftm.json
  bin/neo4j-admin database import full neo4j --nodes=import/nodes.csv \\
      --relationships=import/relationships.csv --multiline-fields=true --overwrite-destination"""

ARTICLE_FIELDS = [
    "id",
    "kind",
    "source",
    "title",
    "subtitle",
    "byline",
    "reporters",
    "dateline",
    "date",
    "date_text",
    "start",
    "end",
    "sentences",
]
# Evidence sentences kept on each edge of the graph (all of them are in evidence.csv); 0 keeps all.
EVIDENCE_PER_EDGE = 20
MENTION_FIELDS = ["node", "type", "name", "surface", "article", "sentence", "start", "end", "role"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="zhkg",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  zhkg build data/000_5e311010456c98bd.txt --out out/\n\nRun 'zhkg build --help' for inputs and outputs.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = sub.add_parser(
        "build", help="build a graph from news text", description=BUILD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    build.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, .jsonl dumps or - for stdin")
    build.add_argument("--out", metavar="DIR", help="output folder (created if missing)")
    build.add_argument(
        "--update",
        metavar="DIR",
        help="rebuild DIR from its extraction cache: only new or changed articles are extracted "
        "(PATHs default to the inputs of DIR's last build)",
    )
    build.add_argument("--force", action="store_true", help="write into an existing folder that zhkg did not write")
    build.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="extract on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' for a local cluster of --workers processes",
    )
    build.add_argument("--backbone", metavar="NAME", help=BACKBONE_HELP)
    build.add_argument("--segmenter", metavar="MODEL", help=SEGMENTER_HELP)
    build.add_argument(
        "-j",
        "--jobs",
        "--workers",
        dest="jobs",
        type=int,
        default=0,
        metavar="N",
        help="cores for extraction: N worker processes, one backbone thread each (default: 0, every core)",
    )
    build.add_argument(
        "--evidence-per-edge",
        type=int,
        default=EVIDENCE_PER_EDGE,
        metavar="N",
        help=f"evidence sentences kept on each edge in graph.json and the view (default: {EVIDENCE_PER_EDGE}; 0: all); "
        "evidence.csv always has every one",
    )
    build.add_argument(
        "--max-nodes", type=int, default=500, metavar="N", help="nodes shown in graph.html (default: 500, balanced by type and importance)"
    )
    noise = build.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="no progress bar, errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="log each input and article")
    evaluate = sub.add_parser(
        "evaluate",
        help="score a backbone's entities against gold",
        description=EVALUATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("--gold", required=True, metavar="FILE", help="annotated file (UTF-8)")
    evaluate.add_argument("--task", choices=("ner", "graph"), default="ner", help="entities of sentences (default) or whole graphs")
    evaluate.add_argument("--format", choices=FORMATS, help="layout of --gold (see above; --task ner)")
    evaluate.add_argument("--split", metavar="NAME", help="--task graph: only the gold items of this split (dev, dev-test)")
    evaluate.add_argument(
        "--corpora", metavar="DIR", default=str(DEFAULT_CORPORA), help="--task graph: what the gold's files are relative to"
    )
    evaluate.add_argument(
        "--errors", type=int, default=0, metavar="N", help="--task graph: list up to N misses and false items of each kind"
    )
    evaluate.add_argument("--backbone", metavar="NAME", help=BACKBONE_HELP)
    evaluate.add_argument("--segmenter", metavar="MODEL", help=SEGMENTER_HELP)
    evaluate.add_argument("--no-rules", action="store_true", help="score the backbone alone, without zhkg's rule layer")
    evaluate.add_argument("--limit", type=int, default=0, metavar="N", help="score the first N sentences only")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    view = sub.add_parser(
        "view", help="an HTML view of one name's neighbourhood, some types or a period", description=VIEW_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    view.add_argument("graph", metavar="OUT", help="output folder of 'zhkg build', or a graph.json / graph.graphml")
    view.add_argument("--focus", metavar="NAME", help="centre the view on NAME (a name, alias or node id)")
    view.add_argument("--radius", type=int, default=2, metavar="N", help="links away from --focus (default: 2)")
    view.add_argument("--types", metavar="T,T", help="only these node types, e.g. PERSON,ORG")
    view.add_argument("--since", metavar="DATE", help="only evidence dated on or after DATE (ISO, partial allowed: 2024-01)")
    view.add_argument("--until", metavar="DATE", help="only evidence dated on or before DATE")
    view.add_argument("--max-nodes", type=int, default=500, metavar="N", help="nodes shown at most (default: 500)")
    view.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    query = sub.add_parser(
        "query",
        help="look up people, links and paths in a built graph",
        description=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    query.add_argument("graph", metavar="OUT", help="output folder of 'zhkg build', or a graph.json / graph.graphml")
    asks = query.add_mutually_exclusive_group(required=True)
    asks.add_argument("--who", metavar="NAME", help="neighbours of NAME with relation, role and evidence")
    asks.add_argument("--path", nargs=2, metavar=("A", "B"), help="shortest paths between A and B")
    asks.add_argument("--top", type=int, metavar="N", help="the N most central nodes")
    asks.add_argument("--find", metavar="TEXT", help="nodes matching TEXT")
    query.add_argument("--type", metavar="TYPE", help="only nodes of this type (PERSON, ORG, LOC, DOC, EVENT)")
    query.add_argument("--relation", metavar="REL", help="only links of this relation (--who)")
    query.add_argument("--by", choices=("degree", "pagerank", "betweenness"), default="degree", help="centrality for --top")
    query.add_argument("--k", type=int, default=3, help="paths to show for --path (default: 3)")
    query.add_argument("--json", action="store_true", help="print JSON records instead of a table")
    export = sub.add_parser(
        "export",
        help="load a built graph into a graph database or FollowTheMoney (Aleph)",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "kind",
        choices=EXPORT_KINDS,
        help="ladybug: an embedded LadybugDB (Kùzu's fork) database; neo4j: bulk-import CSVs; ftm: FollowTheMoney entities (Aleph)",
    )
    export.add_argument("graph", metavar="OUT", help="output folder of 'zhkg build', or a graph.json / graph.graphml")
    export.add_argument("target", metavar="TARGET", help="the LadybugDB database file, the Neo4j CSVs folder, or the FtM file (.ftm.json)")
    export.add_argument("--force", action="store_true", help="replace an existing database, CSVs or FtM file")
    args = parser.parse_args(argv)
    if args.command == "query":
        try:
            return run_query(args)
        except BrokenPipeError:  # zhkg query … | head: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes at exit
            return 0
    if args.command == "view":
        if args.radius < 0 or args.max_nodes < 1:
            parser.error("--radius must be 0 or more and --max-nodes 1 or more")
        if Path(args.out).is_dir():
            parser.error(f"--out {args.out} is a folder; give the HTML file to write")
        return run_view(args)
    if args.command == "export":
        from graph.databases import run_export

        return run_export(args.kind, args.graph, args.target, overwrite=args.force)
    config = _config(parser)
    args.backbone = args.backbone or config["backbone"]
    args.segmenter = args.segmenter or config["segmenter"]
    _check_backbone(parser, args.backbone, args.segmenter)
    if args.command == "evaluate" and args.task == "graph":
        return run_evaluate_graph(args)
    if args.command == "evaluate" and not args.format:
        parser.error("evaluate --task ner needs --format")
    if args.command == "evaluate":
        return run_evaluate(
            args.gold, args.format, args.backbone, rules=not args.no_rules, limit=args.limit, as_json=args.json, segmenter=args.segmenter
        )
    if args.max_nodes < 1:
        parser.error("--max-nodes must be at least 1")
    if args.evidence_per_edge < 0:
        parser.error("--evidence-per-edge must be 0 (all) or more")
    if args.jobs < 0:
        parser.error("--workers must be 0 (every core) or more")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("zhkg: %(message)s"))
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO)
    if not args.out and not args.update:
        parser.error("give --out DIR (or --update DIR)")
    out = Path(args.out or args.update)
    paths = args.paths
    if args.update and not paths:
        paths = manifest(out).get("inputs", [])
        if not paths:
            parser.error(f"--update {out}: no earlier build there to take the inputs from; give PATHs")
    elif not paths:
        parser.error("give at least one PATH")
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} is a file, not a folder")
    if not args.force and not _ours(out):
        parser.error(f"{out} exists and was not written by zhkg; use --force to write into it")
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing and not args.update:  # a typo is a usage error before any work (with --update: reported, see run_build)
        parser.error("no such input: " + ", ".join(missing))
    mine = None
    if args.scheduler:
        from graph.distributed import dask_miner

        mine = dask_miner(None if args.scheduler == "local" else args.scheduler, n_workers=args.jobs or os.cpu_count() or 1)
    try:
        return run_build(
            paths,
            out,
            update=bool(args.update),
            mine=mine,
            backbone=args.backbone,
            max_nodes=args.max_nodes,
            progress=not args.quiet,
            jobs=args.jobs,
            segmenter=args.segmenter,
            evidence_per_edge=args.evidence_per_edge,
        )
    # Outputs are staged and moved in only at the end, so whatever stopped the run, OUT is as it was.
    except KeyboardInterrupt:
        log.error("interrupted; %s keeps its previous outputs", out)
        return EXIT_INTERRUPTED
    except Exception:  # not bad input (that is reported and skipped): a bug, or the machine (disk full, memory)
        log.exception("the build failed; %s keeps its previous outputs", out)
        return EXIT_FAILED


def _config(parser: argparse.ArgumentParser) -> dict[str, str]:
    """The ``backbone`` and ``segmenter`` keys of ./zhkg.toml (or the file $ZHKG_CONFIG names), else the defaults."""
    import os

    from extract import DEFAULT_BACKBONE

    defaults = {"backbone": DEFAULT_BACKBONE, "segmenter": "zhkg"}
    path = Path(os.environ.get("ZHKG_CONFIG", "zhkg.toml"))
    if not path.is_file():
        return defaults
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        parser.error(f"{path}: {exc}")
    for key in defaults:
        if not isinstance(config.get(key, ""), str):
            parser.error(f"{path}: {key} must be a string")
    return {key: config.get(key) or value for key, value in defaults.items()}


def _check_backbone(parser: argparse.ArgumentParser, backbone: str, segmenter: str = "zhkg") -> None:
    import spacy

    from extract.segment import pkuseg_model_path

    if backbone == "zhkg" and segmenter != "none":  # only the zhkg backbone reads pkuseg words
        try:
            pkuseg_model_path(segmenter)
        except FileNotFoundError as exc:
            parser.error(f"segmenter: {exc}")
    if backbone in NAMED_BACKBONES:
        return
    name = backbone.removeprefix("spacy:")
    if backbone.startswith("spacy:") and (spacy.util.is_package(name) or Path(name, "config.cfg").is_file()):
        return
    if backbone.startswith("spacy:"):
        parser.error(f"backbone {backbone!r}: no installed spaCy pipeline or pipeline folder named {name!r}")
    parser.error(f"unknown backbone {backbone!r} (choose from: {', '.join(NAMED_BACKBONES)}, spacy:NAME)")


def run_evaluate(
    gold: str, fmt: str, backbone: str, rules: bool = True, limit: int = 0, as_json: bool = False, segmenter: str = "zhkg"
) -> int:
    """Score ``backbone`` on a gold file and print the scores; return the exit status."""
    import json

    import extract
    from extract.gold import open_gold
    from extract.score import doc_spans, evaluate

    try:
        examples = open_gold(gold, fmt)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        print(f"zhkg: cannot read {gold}: {exc}", file=sys.stderr)
        return 1
    examples = examples[:limit] if limit else examples
    result = evaluate(doc_spans(extract.load(backbone, rules=rules, segmenter=segmenter)), examples)
    result = {"gold": gold, "format": fmt, "backbone": backbone, "rules": rules, **result}
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{gold} ({fmt}, {result['sentences']} sentences, {result['chars']} chars); backbone {backbone}{'' if rules else ', no rules'}")
    print(f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}")
    for name, sc in [*result["per_type"].items(), ("micro", result["micro"])]:
        print(f"{name:<8}{sc['p']:>8.4f}{sc['r']:>8.4f}{sc['f1']:>8.4f}{sc['tp'] + sc['fn']:>8}")
    print(f"{result['chars_per_second']:,} chars/s")
    return 0


def run_evaluate_graph(args: argparse.Namespace) -> int:
    """Build the files the gold items point into, score the graph item by item, print the scores."""
    import json
    import tempfile

    from graph.score import load_gold, read_build, score_items

    try:
        items = load_gold(args.gold, args.split)
    except (OSError, ValueError, KeyError) as exc:
        print(f"zhkg: cannot read {args.gold}: {exc}", file=sys.stderr)
        return 1
    files = sorted({str(Path(args.corpora) / item.file) for item in items})
    missing = [f for f in files if not Path(f).is_file()]
    if not items or missing:
        print(f"zhkg: {args.gold}: {'no items' if not items else 'missing ' + missing[0]} (--corpora {args.corpora})", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="zhkg-evaluate-") as tmp:
        status = run_build(files, Path(tmp) / "out", args.backbone, progress=False, jobs=1, segmenter=args.segmenter)
        if status not in (0, 1):
            return status
        result = score_items(items, *read_build(Path(tmp) / "out"), corpora=args.corpora)
    result = {"gold": args.gold, "split": args.split or "all", "backbone": args.backbone, **result}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(graph_scores_text(result, args.errors))
    return 0


def graph_scores_text(result: dict, errors: int = 0) -> str:
    """The tables ``zhkg evaluate --task graph`` prints."""
    lines = [f"{result['gold']} ({result['split']}, {result['items']} items); backbone {result['backbone']}"]
    lines.append(f"{'entities':<14}{'recall':>8}{'found':>7}{'gold':>6}   {'nodes':<8}{'precision':>10}{'right':>7}{'shown':>7}")
    for t in ("PERSON", "ORG", "LOC", "micro"):
        e, n = result["entities"][t], result["nodes"][t]
        lines.append(
            f"{t:<14}{e['recall']:>8.3f}{e['found']:>7}{e['gold']:>6}   {t:<8}{n['precision']:>10.3f}{n['right']:>7}{n['predicted']:>7}"
        )
    lines.append(f"{'relations':<14}{'P':>8}{'R':>8}{'F1':>8}{'gold':>6}{'found':>7}{'links':>7}")
    for fam, sc in result["relations"].items():
        lines.append(f"{fam:<14}{sc['p']:>8.3f}{sc['r']:>8.3f}{sc['f1']:>8.3f}{sc['gold']:>6}{sc['tp']:>7}{sc['predicted']:>7}")
    for kind, rows in result["errors"].items() if errors else ():
        lines.append(f"{kind} ({len(rows)}):")
        lines += ["  " + " · ".join(map(str, row)) for row in rows[:errors]]
    return "\n".join(lines)


def _read_graph(path: str):
    """The graph built in ``path`` (graph.query.load), or None after saying on stderr why it cannot be read."""
    import networkx as nx

    from graph import query as q

    try:
        return q.load(path)
    except (OSError, ValueError, KeyError, nx.NetworkXError, Unpublished) as exc:
        print(f"zhkg: cannot read a graph from {path}: {exc}", file=sys.stderr)
        return None


def run_view(args: argparse.Namespace) -> int:
    """Write one ``zhkg view`` page: the graph cut to the types, the period and the neighbourhood asked for."""
    import networkx as nx

    from graph import query as q

    G = _read_graph(args.graph)
    if G is None:
        return 1
    types = [t.strip().upper() for t in args.types.split(",") if t.strip()] if args.types else None
    H = q.select(G, types=types, since=args.since, until=args.until) if types or args.since or args.until else G
    try:
        focus = q.named(H, args.focus) if args.focus else None
        H = q.ego(H, focus, radius=args.radius) if focus else H
    except nx.NodeNotFound as exc:
        print(f"zhkg: {exc.args[0]}", file=sys.stderr)
        return 1
    if H.number_of_nodes() == 0:
        print("zhkg: nothing left to show (check --types, --since and --until)", file=sys.stderr)
        return 1
    title = f"zhkg · {args.focus}" if args.focus else "zhkg"
    write_html(H, args.out, max_nodes=args.max_nodes, title=title, focus=focus)
    print(f"{args.out}: {H.number_of_nodes()} nodes, {H.number_of_edges()} edges (of {G.number_of_nodes()} and {G.number_of_edges()})")
    return 0


def run_query(args: argparse.Namespace) -> int:
    """Answer one ``zhkg query`` question; return the exit status."""
    import json

    import networkx as nx
    import pandas as pd

    from graph import query as q

    G = _read_graph(args.graph)
    if G is None:
        return 1
    try:
        if args.who:
            table = q.neighbors(G, args.who, relation=args.relation, type=args.type)
        elif args.path:
            found = q.paths(G, *args.path, k=args.k)
            table = pd.DataFrame(
                {"path": i + 1, "hops": len(p) - 1, "nodes": " → ".join(G.nodes[n].get("label", n) for n in p)} for i, p in enumerate(found)
            )
        elif args.top is not None:
            table = q.top(G, by=args.by, type=args.type, n=args.top)
        else:
            hits = q.find(G, args.find, type=args.type)
            table = pd.DataFrame([{"node": n, **{k: G.nodes[n].get(k, "") for k in ("type", "aliases", "mentions")}} for n in hits])
    except nx.NodeNotFound as exc:
        print(f"zhkg: {exc.args[0]}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=1))
    elif table.empty:
        print("(nothing found)")
    else:
        from graph.tables import render

        kind = "who" if args.who else "path" if args.path else "top" if args.top is not None else "find"
        if kind in ("top", "find"):  # the table shows each node's label and mentions (--json keeps the query's own fields)
            table = table.assign(**{k: [G.nodes[n].get(k, "") for n in table["node"]] for k in ("label", "mentions") if k not in table})
        print(render(table, kind=kind))
    return 0


def _ours(out: Path) -> bool:
    """True if ``out`` is missing, empty, or was written by zhkg: it has zhkg's ``.zhkg/`` folder
    (a manifest, or the cache or staging of a first build that was interrupted)."""
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    from graph.cache import CACHE

    return not any(out.iterdir()) or (out / ZHKG).is_dir() and any((out / p).exists() for p in (MANIFEST, CACHE, STAGING))


def run_build(
    paths: list[str],
    out: Path,
    backbone: str | None = None,
    max_nodes: int = 500,
    progress: bool = True,
    jobs: int = 1,
    segmenter: str = "zhkg",
    update: bool = False,
    mine=None,
    evidence_per_edge: int = EVIDENCE_PER_EDGE,
) -> int:
    """Build the graph of ``paths`` into ``out``; return the exit status.

    Inputs are read lazily and each article's text is dropped once it is
    extracted; its mentions and links go to the extraction cache on disk
    (``out/.zhkg/cache.sqlite``) and are merged from there, so memory holds
    the graph, not the corpus. With ``update``, articles whose extraction is
    in the cache (same text, same pipeline version) are not extracted again.
    Outputs are staged and moved into ``out`` only once everything is
    written, so an interrupted run (Ctrl-C, a crash) leaves the previous
    outputs as they were.
    """
    import extract
    from extract.ingest import Skipped, read_inputs
    from extract.pages import split_articles
    from graph.cache import CACHE, ExtractionCache, article_key, decode, pipeline_version

    backbone = backbone or extract.DEFAULT_BACKBONE

    started = time.perf_counter()
    seconds: dict[str, float] = {}
    skipped: list[dict] = []
    warnings: list[str] = []
    out.mkdir(parents=True, exist_ok=True)
    if recover(out):  # a publish killed half-way: the folder gets its previous outputs back first
        warnings.append(f"{out}: the last build was interrupted while publishing; its previous outputs were restored")
        log.warning("%s", warnings[-1])
    cache = ExtractionCache(out / CACHE, pipeline_version(backbone, segmenter))
    if cache.recovered:
        warnings.append(cache.recovered)
        log.warning("%s", cache.recovered)
    with _staged(out, cache) as stage:
        # 1. Inputs -> sources (bad ones reported and skipped) -> articles, read as extraction asks for them.
        counts = Counter()
        source_ids: set[str] = set()
        article_ids: set[str] = set()
        duplicates: list[dict] = []
        read: deque = deque()  # (article, cache key or None) read and not yet counted, in input order

        def to_mine():
            for item in read_inputs(paths):
                if isinstance(item, Skipped):
                    log.error("skipped %s: %s", item.path, item.reason)
                    skipped.append({"input": item.path, "reason": item.reason})
                    continue
                counts["inputs"] += 1
                counts["chars"] += len(item.text)
                # Results are keyed by article id: two files of one name in different folders, two JSONL lines
                # with one "id", or an id equal to a page's generated one (000_x#3) must stay two articles.
                item.id = renamed(source_ids, item.path, short_id(item.id))
                for article in split_articles(item):
                    article.id = renamed(article_ids, item.path, article.id)
                    log.debug("%s: %s article %r", article.id, article.kind, article.title)
                    if article.kind != "article":  # headline lists are not mined
                        read.append((article, None))
                        continue
                    key = article_key(article)
                    read.append((article, key))
                    if update and cache.has(key):
                        counts["from_cache"] += 1
                        article.text = ""
                        continue
                    yield article

        def renamed(seen: set[str], path: str, id_: str) -> str:
            new = unique(seen, id_)
            if new != id_:
                log.warning("%s: the id %r is taken; this one is kept as %r", path, id_, new)
                duplicates.append({"input": path, "id": id_, "kept_as": new})
            return new

        # 2. Articles -> Docs -> mentions and links, stored in the cache as they come, and counted in input
        #    order for what merging decides corpus-wide (graph.build.Census); articles.csv gets their rows.
        #    ``mine`` (default: this machine, ``jobs`` processes) may run extraction elsewhere: graph.distributed.
        census = Census()
        with open_csv(ARTICLE_FIELDS, stage / "articles.csv") as article_row:

            def count(article, key, result=None):
                sentences = 0
                if key is not None and not isinstance(result, Exception):
                    sentences, mentions, links = decode(result) if result is not None else cache.get(key)
                    census.add(mentions, links)
                    cache.keep(key)  # merged below, in this order
                    counts["articles"] += 1
                    counts["sentences"] += sentences
                counts["headline_lists"] += key is None
                row = {**vars(article), "reporters": "|".join(article.reporters), "sentences": sentences}
                article_row({**row, "date_text": article.meta.get("date_text", "")})  # a JSONL date that is not one

            # One bar a stage, each with its total: the inputs' size in bytes, then articles, then steps.
            bar = _progress(progress, "1/3 read and extract", _input_bytes(paths) if progress and sys.stderr.isatty() else None, "B")
            for article, result in (mine or _mine)(to_mine(), backbone, segmenter, jobs):
                bar.update(len(article.text.encode("utf-8", "surrogatepass")))
                while read[0][0].id != article.id:  # articles from the cache and headline lists read before it
                    count(*read.popleft())
                _, key = read.popleft()
                if isinstance(result, Exception):
                    log.error("skipped %s: extraction failed: %s", article.id, result)
                    skipped.append({"input": article.id, "reason": f"extraction failed: {result}"})
                    counts["failed"] += 1
                else:
                    cache.put(key, result)
                    counts["extracted"] += 1
                article.text = ""  # extracted: the graph, not the text, is what stays in memory
                count(article, key, result)
            while read:
                count(*read.popleft())
            bar.close()
        seconds["read_and_extract"] = time.perf_counter() - started
        if counts["articles"] + counts["failed"] == 0:
            # Nothing read (every input gone, a typo, only bad files): the folder keeps its graph and cache.
            reasons = "; ".join(f"{s['input']}: {s['reason']}" for s in skipped[:5]) or "the inputs hold no article"
            log.error("no article was read (%s); %s keeps its previous outputs", reasons, out)
            cache.close()
            shutil.rmtree(stage, ignore_errors=True)
            return 1

        # 3. Mentions and links -> one merged graph, read back article by article; every mention and
        #    evidence sentence goes to mentions.csv and evidence.csv. With a second core those two tables
        #    are written by a forked process reading the cache itself, while this one merges (resolving
        #    node ids depends only on the census, so both passes agree). Then communities and a layout.
        cache.commit()
        beside = (jobs or os.cpu_count() or 1) > 1 and hasattr(os, "fork")
        tick = time.perf_counter()
        bar = _progress(progress, "2/3 merge", counts["articles"])
        if beside:
            helpers = [_fork(_write_tables, stage, cache, census)]
            G = merge(_counted(cache.kept(), bar), census, evidence_per_edge)
        else:
            helpers = []
            with _tables(stage) as tap:
                G = merge(_counted(cache.kept(), bar), census, evidence_per_edge, tap)
        bar.close()
        seconds["merge"] = time.perf_counter() - tick
        tick = time.perf_counter()
        bar = _progress(progress, "3/3 layout and write", None, "step")
        if beside:  # Louvain in a helper while this process lays the graph out (each about 15 s for four years of national news)
            found = _fork(louvain, G)
            for data in G.nodes.values():  # the attribute's place, before x and y, as communities() gives it
                data["community"] = -1
            add_positions(G)
            number_communities(G, found())
        else:
            communities(G)
            add_positions(G)
        bar.update()
        seconds["communities_and_layout"] = time.perf_counter() - tick

        # 4. Outputs: written into the staging folder (GEXF, the slowest, by a forked process with a second
        #    core), then each moved into place, then the manifest.
        tick = time.perf_counter()
        if beside:
            helpers.append(_fork(write_gexf, G, stage / "graph.gexf"))
        else:
            helpers.append(lambda: write_gexf(G, stage / "graph.gexf"))
        writes = [
            lambda: write_graphml(G, stage / "graph.graphml"),
            lambda: write_json(G, stage / "graph.json"),
            lambda: write_html(G, stage / "graph.html", max_nodes=max_nodes),
            lambda: write_csv(node_rows(G), NODE_FIELDS, stage / "nodes.csv"),
            lambda: write_csv(edge_rows(G), EDGE_FIELDS, stage / "edges.csv"),
            *helpers,  # GEXF (and the tables) from the helper processes
        ]
        bar.total = 1 + len(writes)  # the layout, then each output (or helper) done
        for write in writes:
            write()
            bar.update()
        bar.close()
        seconds["write"] = time.perf_counter() - tick
        by_type: Counter = Counter()
        for node, n in census.counts.items():  # node ids are TYPE:name
            by_type[node.partition(":")[0]] += n
        total = time.perf_counter() - started
        report = {
            "inputs_read": counts["inputs"],
            "characters": counts["chars"],
            "articles": counts["articles"] + counts["failed"],
            "headline_lists": counts["headline_lists"],
            "sentences": counts["sentences"],
            "mentions": sum(by_type.values()),
            "mentions_by_type": dict(sorted(by_type.items())),
            "entities_by_type": dict(sorted(Counter(d["type"] for _, d in G.nodes(data=True)).items())),
            "edges_by_relation": dict(sorted(Counter(d["relation"] for _, _, d in G.edges(data=True)).items())),
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "skipped": skipped,
            "duplicate_ids": duplicates,
            "warnings": warnings,
            "extracted": counts["extracted"],
            "from_cache": counts["from_cache"],
            "evidence_per_edge": evidence_per_edge,
            "seconds": round(total, 3),
            "seconds_by_stage": {k: round(v, 3) for k, v in seconds.items()},
            "chars_per_second": round(counts["chars"] / total) if total else None,
        }
        write_report(report, stage / "report.json")
        publish(stage, out, {"inputs": [str(Path(p).resolve()) if p != "-" else p for p in paths], "pipeline_version": cache.version})
        cache.finish()
        log.info(
            "%d articles, %d nodes, %d edges -> %s (%.1f s)%s",
            report["articles"],
            G.number_of_nodes(),
            G.number_of_edges(),
            out,
            total,
            f"; {len(skipped)} input(s) skipped" if skipped else "",
        )
        return 1 if skipped else 0


@contextmanager
def _staged(out: Path, cache) -> Iterator[Path]:
    """The staging folder of a build into ``out``; if the build fails, it is removed (a full disk gets its
    space back) and ``cache`` is closed unchanged, so the folder is as it was before."""
    stage = out / STAGING
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        yield stage
    except BaseException:
        cache.close()
        shutil.rmtree(stage, ignore_errors=True)
        raise


@contextmanager
def _tables(stage: Path) -> Iterator[Callable]:
    """mentions.csv, evidence.csv and sentences.csv in ``stage``; yields the function that writes one
    article's rows from what :func:`graph.build.resolve` made of it (``merge`` calls it as it goes).

    An evidence row names its sentence (article + sentence number); the sentence's text is written
    once, to sentences.csv, however many links it proves."""
    with (
        open_csv(MENTION_FIELDS, stage / "mentions.csv") as mention_row,
        open_csv(EVIDENCE_FIELDS, stage / "evidence.csv") as evidence_row,
        open_csv(SENTENCE_FIELDS, stage / "sentences.csv") as sentence_row,
    ):

        def tap(mentions, links):
            for node, m in mentions:
                mention_row({**vars(m), "node": node})
            written = set()  # this article's sentences in sentences.csv (articles come one at a time)
            posts = set()  # (edge, sentence, role): a sentence giving one person two posts is a row for each
            for u, v, link, new in links:
                key = (u, v, link.relation, link.sentence, link.role)
                if not new and (not link.role or key in posts):
                    continue
                posts.add(key)
                row = {**vars(link), "source": u, "target": v}  # one row per evidence sentence of an edge (and role)
                evidence_row(row)
                if link.sentence not in written:
                    written.add(link.sentence)
                    sentence_row({**row, "text": link.evidence})

        yield tap


def _write_tables(stage: Path, cache, census: Census) -> None:
    """mentions.csv and evidence.csv from ``cache`` (a :class:`graph.cache.ExtractionCache`), read here
    on a connection of this process's own, apart from the merge (see ``run_build``)."""
    with _tables(stage) as tap:
        for article in resolve(cache.kept(), census):
            tap(*article)


def _fork(task: Callable, *args) -> Callable[[], object]:
    """Start ``task(*args)`` in a forked process; return the function that waits for it, raises if it
    failed, and returns what the task returned (sent back pickled: keep it small).

    Forked, not spawned: the child shares the parent's memory (the census, the graph) copy-on-write
    instead of receiving a pickled copy, which would cost what the task saves. The task runs no
    model, so native threads the parent may have are no hazard to it.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        send.send(task(*args))

    process = context.Process(target=run, daemon=True)
    process.start()
    send.close()

    def wait() -> object:
        try:
            result = receive.recv()
        except EOFError:  # the task failed: nothing was sent
            result = None
        process.join()
        receive.close()
        if process.exitcode != 0:
            raise RuntimeError(f"{getattr(task, '__name__', task)} failed in a helper process (exit status {process.exitcode})")
        return result

    return wait


MAX_ID_CHARS = 120


def short_id(id_: str) -> str:
    """An id of at most ``MAX_ID_CHARS``: a longer one (a JSONL ``id`` is anything its writer put there)
    keeps its start and a hash of the whole. Every mention and evidence row names its article, so a
    1 MB id was a megabyte on each of them.

    >>> long = short_id("x" * 200); len(long), long[-17:]
    (120, '~aa20c23e32018340')
    """
    if len(id_) <= MAX_ID_CHARS:
        return id_
    import hashlib

    digest = hashlib.sha256(id_.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return id_[: MAX_ID_CHARS - 17] + "~" + digest


def unique(seen: set[str], id_: str) -> str:
    """``id_``, or ``id_~2``, ``id_~3`` … the first not in ``seen``; added to ``seen``.

    >>> seen = set(); [unique(seen, i) for i in ("a", "a", "a~2", "a")]
    ['a', 'a~2', 'a~2~2', 'a~3']
    """
    new, n = id_, 1
    while new in seen:
        n += 1
        new = f"{id_}~{n}"
    seen.add(new)
    return new


def _mine(articles: Iterable, backbone: str, segmenter: str, jobs: int):
    """Yield ``(article, result or exception)`` in input order; a result is ``graph.cache.encode`` text.

    Articles go in batches of about ``extract.BATCH_CHARS`` characters (the
    backbone batches their sentences). ``jobs`` is the number of cores to use
    (0: all): each worker process runs the backbone on one thread, with at most
    two batches per worker in flight, so input is read only as fast as it is
    extracted. Input that fits in one batch is extracted in this process, on
    ``jobs`` threads. Results come back in input order and do not depend on the
    batching, so output does not depend on ``jobs``.
    """
    import itertools

    import extract

    jobs = jobs or os.cpu_count() or 1
    batches = extract.batches(articles, extract.BATCH_CHARS)
    head = list(itertools.islice(batches, 2))
    if jobs <= 1 or len(head) < 2:
        nlp = extract.load(backbone, threads=jobs, segmenter=segmenter)
        for batch in itertools.chain(head, batches):
            yield from zip(batch, _mine_many(nlp, batch))
        return
    import multiprocessing

    # A fork server (a fresh process that has imported zhkg), not fork: a process that has run
    # ONNX Runtime, BLAS or a Dask client has native threads, and a forked child can wait forever
    # on a lock one of them held.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["extract", "graph.build", "graph.cache"])
    with context.Pool(jobs, initializer=_init_worker, initargs=(backbone, segmenter)) as pool:
        pending: deque = deque()
        for batch in itertools.chain(head, batches, [None]):  # None: input done, drain the rest
            if batch is not None:
                pending.append((batch, pool.apply_async(_worker, (batch,))))
            while pending and (batch is None or len(pending) >= 2 * jobs):
                done, result = pending.popleft()
                yield from zip(done, result.get())


def _mine_many(nlp, articles: list) -> list:
    """For each article, its result as ``graph.cache.encode`` text (sentences, mentions, links) or the exception."""
    import extract
    from graph.cache import encode

    results: dict[str, str | Exception] = {}
    on_error = lambda article, exc: results.setdefault(article.id, exc)  # noqa: E731
    for doc in extract.process(nlp, articles, on_error=on_error):  # one Doc at a time: a batch's Docs are big
        results[doc._.article.id] = encode(sum(1 for _ in doc.sents), *collect([doc]))
    return [results[a.id] for a in articles]


_worker_nlp = None


def _init_worker(backbone: str, segmenter: str) -> None:
    import extract

    global _worker_nlp
    _worker_nlp = extract.load(backbone, threads=1, segmenter=segmenter)


def _worker(articles: list) -> list:
    return _mine_many(_worker_nlp, articles)


def _progress(enabled: bool, desc: str = "articles", total: float | None = None, unit: str = "art"):
    """A progress bar on a terminal, else an object that ignores updates."""
    from tqdm import tqdm

    shown = enabled and sys.stderr.isatty()
    return tqdm(desc=desc, total=total, unit=unit, unit_scale=unit == "B", file=sys.stderr, disable=not shown, dynamic_ncols=True)


def _input_bytes(paths: list[str]) -> int | None:
    """The size of the inputs on disk (the extraction bar's total), or None for standard input."""
    from extract.ingest import JSONL_SUFFIXES, TEXT_SUFFIXES

    if "-" in paths:
        return None
    read = tuple(TEXT_SUFFIXES | JSONL_SUFFIXES)  # what a folder's walk reads (a file named on the line is read whatever it is)
    total = 0
    for path in map(Path, paths):
        if path.is_file():
            total += path.stat().st_size
        for folder, _, names in os.walk(path) if path.is_dir() else ():
            files = (os.path.join(folder, n) for n in names if n.lower().endswith(read))
            total += sum(os.path.getsize(f) for f in files if not os.path.islink(f))
    return total


def _counted(items: Iterable, bar) -> Iterator:
    for item in items:
        yield item
        bar.update()


if __name__ == "__main__":
    sys.exit(main())
