"""The app at province scale, in headless Chromium, against its yardsticks.

    python -m tests.bench_app --orgs 100000 [--markdown docs/performance.md]

In one run on a generated province (``respnet synth --orgs N --seed 1``):

- the yardsticks: LadybugDB's ``COPY FROM`` of the same graph (as in
  :mod:`tests.bench_province`), the CLI's warm ``respnet gaps`` as a whole
  process (median of 3, the snapshot written by a first, cold run), and a
  one-line Streamlit page (``st.title``) settling in a fresh browser session
  (median of 3);
- the app's cold start: from starting the server (snapshot on disk, nothing in
  memory) to the overview settled in the browser;
- each page settled in a fresh browser session with the server's caches warm
  (median of 3, each page also opened once before, untimed);
- load: 20 browser sessions at once (127.0.0.1 only, each opening the
  province's pages in turn, bounded in time) against one session doing the
  same: p95 page settle, errors, the server's memory; and the same load on the
  one-line page, which shows what this machine and its browsers allow any app.

"Settled": Streamlit says its script run is over (``data-test-script-state``
of ``stApp`` is ``notRunning``), the page's title is drawn, nothing on it is
stale or still a placeholder (``stSkeleton``: Streamlit draws one where an
element's code has not loaded yet, after the run is over), every graph canvas
(:mod:`ui.canvas`) has drawn its network and every embedded frame has loaded.

With ``--markdown`` the tables replace the part of that file between the
``bench-app`` markers (the rest of the file is left as it is).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench_province import AT, _fmt, machine, province, run_ladybug
from ui.serve import APP

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
RUNS = 3
SESSIONS = 20
BEGIN, END = "<!-- bench-app:start -->", "<!-- bench-app:end -->"

SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('h1')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;  // an element not drawn yet
  for (const drawing of document.querySelectorAll('[data-testid="stBidiComponentRegular"]')) {
    if (!drawing.querySelector('.rn-graph canvas')) return false;  // the graph canvas drawn
  }
  for (const frame of document.querySelectorAll('iframe')) {
    try { if (!frame.contentDocument || frame.contentDocument.readyState !== 'complete') return false; }
    catch (e) { return false; }
  }
  return true;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(script: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """A Streamlit server on 127.0.0.1 running ``script``: its address, its
    process and the moment it was started. The app is started as `make run`
    starts it (``respnet app``: its default data loading from the start,
    :mod:`ui.serve`); any other script by ``streamlit run``."""
    port = _free_port()
    app = script.resolve() == APP
    command = [sys.executable, "-m", "cli", "app"] if app else [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    log = open(Path(env["RESPNET_HOME"]) / f"streamlit-{port}.log", "wb")  # noqa: SIM115
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}", process, began
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped ({process.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not answer within 120 s")


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used (user and system)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident and peak memory of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def settle(context: Any, url: str, timeout_s: float = 300) -> tuple[float, bool]:
    """Seconds from opening ``url`` in a new tab of ``context`` (a fresh Streamlit
    session; the browser's cache is the context's) to the page settled, and
    whether it showed an exception or error."""
    page = await context.new_page()
    try:
        began = time.perf_counter()
        # the whole of timeout_s for the page to load and settle (Playwright's own default for
        # loading alone is 30 s, which 20 Chromium profiles on 2 cores overran before the page
        # itself was slow: those were counted as errors that "did not settle")
        await page.goto(url, timeout=timeout_s * 1000)
        left = max(timeout_s - (time.perf_counter() - began), 1)
        await page.wait_for_function(SETTLED, timeout=left * 1000, polling=50)
        seconds = time.perf_counter() - began
        bad = await page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        return seconds, bad > 0
    finally:
        await page.close()


async def _inspector(browser: Any, base: str) -> Any:
    """A browser profile that has opened the app once (its cache warm, as an inspector's is)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    await settle(context, base, timeout_s=900)
    return context


async def _browser(p: Any) -> Any:
    return await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)


def pages(G: Any) -> dict[str, str]:
    """Each page's path and query, as an inspector opens it on the province."""
    from graph.schema import NodeLabel

    case = G.ids(NodeLabel.CASE)[len(G.ids(NodeLabel.CASE)) // 2]
    person = G.ids(NodeLabel.PERSON)[len(G.ids(NodeLabel.PERSON)) // 2]
    at = f"at={AT.isoformat()}"
    return {
        "overview": f"?{at}",  # the default page is the root: /overview opens it with a "Page not found" dialog
        "findings": f"findings?{at}",
        "explore": f"explore?{at}",
        "trace": f"trace?{at}&case={case}",
        "people": f"people?{at}&person={person}",
        "dossier": f"dossier?{at}",
        "leads": f"leads?{at}",
        "decisions": f"decisions?{at}",
        "changes": f"changes?{at}",
        "paths": f"paths?{at}",
        "whatif": f"whatif?{at}",
        "importer": f"importer?{at}",
        "lists": f"lists?{at}",
        "console": f"console?{at}",
    }


def cli_warm(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """The cold ``respnet gaps`` (writing the snapshot) and the median of three warm ones, whole processes."""
    command = [str(Path(sys.executable).with_name("respnet")), "gaps", str(folder), "--at", AT.isoformat()]

    def once() -> float:
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - began

    cold = once()
    return cold, statistics.median(once() for _ in range(RUNS))


async def measure_app(base_env: dict[str, str], urls: dict[str, str], work: Path) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    out: dict[str, Any] = {}
    one_line = work / "one_line.py"
    one_line.write_text('import streamlit as st\n\nst.title("respnet")\n', encoding="utf-8")
    async with async_playwright() as p:
        browser = await _browser(p)
        with server(one_line, base_env) as (base, _, _):
            context = await _inspector(browser, base)
            out["one_line"] = [(await settle(context, base))[0] for _ in range(RUNS)]
            await context.close()
            # the same load on the one-line page: what the machine and the browsers alone allow
            same = [f"?page={i}" for i in range(5)]
            out["one_line_single"] = await _sessions(browser, base, same, 1, think=True, pid=0)
            out["one_line_many"] = await _sessions(browser, base, same, SESSIONS, think=True, pid=0)
        print(f"one-line page: {statistics.median(out['one_line']):.2f} s", file=sys.stderr, flush=True)
        with server(APP, base_env) as (base, process, began):
            context = await browser.new_context(viewport={"width": 1400, "height": 900})
            _, bad = await settle(context, f"{base}/{urls['overview']}", timeout_s=900)
            out["cold_s"], out["cold_error"] = time.perf_counter() - began, bad
            print(f"app cold start to the overview: {out['cold_s']:.1f} s", file=sys.stderr, flush=True)
            out["pages"] = {}
            for name, path in urls.items():
                await settle(context, f"{base}/{path}", timeout_s=900)  # the caches of this page's questions
                runs = [await settle(context, f"{base}/{path}") for _ in range(RUNS)]
                out["pages"][name] = ([s for s, _ in runs], any(b for _, b in runs))
                print(f"{name}: {statistics.median(s for s, _ in runs):.2f} s", file=sys.stderr, flush=True)
            await context.close()
            out["rss_before_mb"] = rss_mb(process.pid)
            working = [urls[n] for n in ("overview", "findings", "explore", "trace", "people")]
            out["single"] = await _sessions(browser, base, working, 1, think=True, pid=process.pid)
            out["many"] = await _sessions(browser, base, working, SESSIONS, think=True, pid=process.pid)
            out["rss_after_mb"] = rss_mb(process.pid)
            out["stress"] = await _sessions(browser, base, working, SESSIONS, think=False, pid=process.pid)
            out["rss_stress_mb"] = rss_mb(process.pid)
        await browser.close()
    return out


async def _sessions(browser: Any, base: str, paths: list[str], count: int, *, think: bool, pid: int) -> dict[str, Any]:
    """``count`` inspectors at once, each with a browser profile of their own
    (warmed by one untimed visit), opening ``paths`` in turn, each page in a new
    tab (a fresh Streamlit session). With ``think``, as inspectors work: sessions begin within
    the first 5 s and read each page 3–8 s before the next (seeded); without,
    back to back (a stress test: on this 2-core machine the browser drawing
    every session competes with the server)."""
    import random

    contexts = [await _inspector(browser, base) for _ in range(count)]

    async def one(i: int) -> list[tuple[float, bool]]:
        rng = random.Random(i)
        order = paths[i % len(paths) :] + paths[: i % len(paths)]
        if think:
            await asyncio.sleep(rng.uniform(0, 5))
        done = []
        for path in order:
            try:
                done.append(await settle(contexts[i], f"{base}/{path}", timeout_s=300))
            except Exception as e:  # noqa: BLE001 - a page that never settled is an error, said with its page
                said = str(e).splitlines()[0] if str(e) else ""
                print(f"session {i}: {path} did not settle: {type(e).__name__}: {said}", file=sys.stderr, flush=True)
                done.append((float("nan"), True))
            if think:
                await asyncio.sleep(rng.uniform(3, 8))
        return done

    began, cpu = time.perf_counter(), cpu_seconds(pid) if pid else 0.0
    done = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(count)), return_exceptions=True), 1200)
    wall, server_cpu = time.perf_counter() - began, (cpu_seconds(pid) - cpu) if pid else float("nan")
    for context in contexts:
        await context.close()
    times = [s for result in done if isinstance(result, list) for s, _ in result if s == s]  # nan: never settled
    failed = [result for result in done if not isinstance(result, list)]
    for error in failed[:3]:
        print(f"a session failed: {type(error).__name__}: {str(error)[:300]}", file=sys.stderr)
    errors = len(failed) + sum(1 for result in done if isinstance(result, list) for _, bad in result if bad)
    if not times:
        return {"p95": float("nan"), "median": float("nan"), "n": 0, "errors": errors, "wall": wall, "cpu": server_cpu}
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return {
        "p95": p95,
        "median": statistics.median(times),
        "n": len(times),
        "errors": errors,
        "wall": wall,
        "cpu": server_cpu,
    }


def report(orgs: int, graph: dict[str, int], figures: dict[str, Any]) -> str:
    app, copy, warm = figures["app"], figures["copy_s"], figures["cli_warm_s"]
    one = statistics.median(app["one_line"])
    lines = [f"\n### --orgs {orgs:,}: {graph['nodes']:,} nodes, {graph['edges']:,} edges\n"]
    lines += ["| yardstick | seconds |", "|---|---:|"]
    lines.append(f"| LadybugDB `COPY FROM` of the graph | {_fmt(copy)} |")
    lines.append(f"| CLI `respnet gaps`, whole process, cold (writes the snapshot) | {_fmt(figures['cli_cold_s'])} |")
    lines.append(f"| CLI `respnet gaps`, whole process, warm (median of {RUNS}) | {_fmt(warm)} |")
    lines.append(f"| one-line Streamlit page settled (median of {RUNS}) | {_fmt(one)} |")
    lines += ["", "| must hold | measured | bound | holds |", "|---|---:|---:|---|"]

    def row(name: str, value: float, bound: float) -> None:
        lines.append(f"| {name} | {value:.3f} | {bound:g} | {'yes' if value <= bound else '**no**'} |")

    row(f"app cold start to the overview ({app['cold_s']:.1f} s) ÷ CLI warm", app["cold_s"] / warm, 3)
    row("app cold start ÷ LadybugDB COPY", app["cold_s"] / copy, 1)
    row("CLI warm `respnet gaps` ÷ LadybugDB COPY", warm / copy, 0.25)
    lines += ["", f"Each page in a fresh browser session, caches warm (median of {RUNS}):", ""]
    lines += ["| page | runs (s) | median (s) | ÷ one-line page | ≤ 1.5 |", "|---|---|---:|---:|---|"]
    for name, (runs, bad) in app["pages"].items():
        median = statistics.median(runs)
        mark = "yes" if median <= 1.5 * one else "**no**"
        flag = " (showed an error)" if bad else ""
        lines.append(
            f"| {name}{flag} | {', '.join(f'{s:.2f}' for s in runs)} | {median:.2f} | {median / one:.2f} | {mark} |"
        )
    single, many, stress = app["single"], app["many"], app["stress"]
    floor_single, floor_many = app["one_line_single"], app["one_line_many"]
    lines += [
        "",
        "| load | sessions | pages settled | median (s) | p95 (s) | errors | wall (s) | server CPU per page (s) |",
    ]
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, count, r in (
        ("one session, reading each page 3–8 s", 1, single),
        (f"{SESSIONS} at once, reading each page 3–8 s", SESSIONS, many),
        (f"{SESSIONS} at once, back to back (stress)", SESSIONS, stress),
        ("yardstick: the one-line page, one session, reading 3–8 s", 1, floor_single),
        (f"yardstick: the one-line page, {SESSIONS} at once, reading 3–8 s", SESSIONS, floor_many),
    ):
        per_page = f"{r['cpu'] / r['n']:.2f}" if r["n"] and r["cpu"] == r["cpu"] else "—"  # nan: not measured
        lines.append(
            f"| {name} | {count} | {r['n']} | {r['median']:.2f} | {r['p95']:.2f} | {r['errors']} | {r['wall']:.1f}"
            f" | {per_page} |"
        )
    ratio = many["p95"] / single["p95"]
    holds = "yes" if ratio <= 2 and not many["errors"] else "**no**"
    lines.append(f"\np95 with {SESSIONS} sessions ÷ one session's: {ratio:.2f} (bound 2, no error: {holds}).")
    lines.append(
        f"The same load on the one-line page (the yardstick above): p95 ÷ one session's"
        f" {floor_many['p95'] / floor_single['p95']:.2f}, {floor_many['errors']} errors."
    )
    (rss0, _), (rss1, _), (rss2, peak) = app["rss_before_mb"], app["rss_after_mb"], app["rss_stress_mb"]
    lines.append(
        f"Server memory: {rss0:,.0f} MB resident before the sessions, {rss1:,.0f} MB after them,"
        f" {rss2:,.0f} MB after the stress run; peak {peak:,.0f} MB."
    )
    return "\n".join(lines)


def write_section(path: Path, body: str) -> None:
    """Replace the text between the bench-app markers of ``path`` (added at its end if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    section = f"{BEGIN}\n{body.strip()}\n{END}"
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        text = head + section + rest.partition(END)[2]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100000, help="province size (default 100,000)")
    parser.add_argument("--markdown", type=Path, help="write the tables into this file, between the bench-app markers")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("bench-app needs Debian's chromium at /usr/bin/chromium", file=sys.stderr)
        return 2
    from loaders.snapshot import load_graph_cached

    with province(args.orgs, prefix="respnet-bench-app") as work:
        env = {**os.environ, "RESPNET_CACHE": str(work / "cache"), "RESPNET_HOME": str(work / "home")}
        env |= {"RESPNET_DATA": str(work / "data"), "RESPNET_OPEN": "1"}
        Path(env["RESPNET_HOME"]).mkdir()
        figures: dict[str, Any] = {}
        figures["cli_cold_s"], figures["cli_warm_s"] = cli_warm(work / "data", env)
        print(f"CLI gaps: cold {figures['cli_cold_s']:.1f} s, warm {figures['cli_warm_s']:.2f} s", file=sys.stderr)
        os.environ["RESPNET_CACHE"] = env["RESPNET_CACHE"]
        G = load_graph_cached(work / "data").graph
        graph = {"nodes": len(G), "edges": sum(G.edge_counts().values())}
        urls = pages(G)
        lb = run_ladybug(G, [], work, scans=False)
        del G
        if lb.get("missing"):
            print("LadybugDB is not installed (pip install ladybug)", file=sys.stderr)
            return 2
        figures["copy_s"] = lb["load_s"]
        print(f"LadybugDB COPY: {figures['copy_s']:.1f} s", file=sys.stderr, flush=True)
        figures["app"] = asyncio.run(measure_app(env, urls, work))
        body = f"Machine: {machine()}\n" + report(args.orgs, graph, figures)
    print(body)
    if args.markdown:
        write_section(args.markdown, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
