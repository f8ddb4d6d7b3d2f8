"""Figures for the whole running service: `python -m bench.service` (or `make bench`).

Starts its own action server, Rasa server and console on free loopback ports, with the commands
`make run` uses, a fresh SQLite database and SENDER_RATE_LIMIT=off (the load sends faster than
any one person may). Needs a trained model in bot/models (`make train`). Prints:

- start-up time of each process, from launch until its health URL answers;
- p50/p95/p99 turn time and turns per second with 1, 10, 20 and 50 conversations at once, each
  person sending the next message the moment the answer comes (the server's capacity);
- the same with 20 conversations at once where each person takes 3-10 s to read and type, as
  people do (turns then arrive at about 3 a second);
- turn 10 against turn 200 of one long conversation (median of the turns around each);
- resident memory (RSS of each process and its children) after warm-up and then every 2,500
  turns up to 10,000.

A turn is one REST request, timed as the person waits for it: NLU, the dialogue policies, the
action server, and the database reads and writes of both. Every reply is checked to hold text.
Takes about 15-25 minutes on two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bot.settings import PROJECT_ROOT, Settings, rasa_environment
from bot.store.migrate import upgrade
from tests.helpers.servers import TODAY, Servers, free_port

# A conversation: consent, who, the decision, its date, council, then MIAS steps and questions.
OPENING = [
    "hello",
    "yes that's fine",
    '/inform{"role": "parent"}',
    '/inform{"age": "under_16"}',
    '/inform{"decision_type": "refuse_plan"}',
    "12/11/2026",
    "yes",
    "Birmingham",
]
QUESTIONS = [
    "is mediation free?",
    "how long does mediation take?",
    "who goes to mediation?",
    "can I bring someone with me?",
]
NEXT_STEP = "got it"
CONVERSATION_TURNS = 20
LEVELS = (1, 10, 20, 50)
PACED_PEOPLE = 20
THINK_S = (3.0, 10.0)  # reading the answer and typing the next message, uniformly at random
THINKING = random.Random(2026)
TURNS_PER_LEVEL = 400
LONG_TURNS = 205  # turn 200 is measured as the median of turns 196-205
TOTAL_TURNS = 10_000
MEMORY_EVERY = 2_500
PROCESSES = ("rasa", "actions", "console")


def said(turn: int) -> str:
    """What the person says at turn `turn` (0-based) of a conversation of any length: after the
    opening, a question then "got it" (the next MIAS step) while there are steps, then questions."""
    if turn < len(OPENING):
        return OPENING[turn]
    later = turn - len(OPENING)
    if later < 2 * 9 and later % 2:
        return NEXT_STEP
    return QUESTIONS[later % len(QUESTIONS)]


class Load:
    """Conversations over the REST channel; every turn's time is kept in milliseconds."""

    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.client = httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=100))

    async def turn(self, sender: str, text: str) -> float:
        started = time.perf_counter()
        answer = await self.client.post(self.url, json={"sender": sender, "message": text})
        elapsed = (time.perf_counter() - started) * 1000
        answer.raise_for_status()
        if not any(m.get("text") for m in answer.json()):
            raise RuntimeError(f"no reply to {text!r} in {sender}")
        return elapsed

    async def conversation(
        self, turns: int, think_s: tuple[float, float] | None = None
    ) -> list[float]:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        times = []
        for n in range(turns):
            if think_s and n:
                await asyncio.sleep(THINKING.uniform(*think_s))
            times.append(await self.turn(sender, said(n)))
        return times

    async def at_once(
        self, concurrency: int, total_turns: int, think_s: tuple[float, float] | None = None
    ) -> tuple[list[float], float]:
        """`concurrency` people talking until `total_turns` turns are done: times and seconds."""
        budget = itertools.count()
        times: list[float] = []

        async def person() -> None:
            if think_s:  # people arrive at different moments, not all in the same instant
                await asyncio.sleep(THINKING.uniform(0, think_s[1]))
            while next(budget) < -(-total_turns // CONVERSATION_TURNS):
                times.extend(await self.conversation(CONVERSATION_TURNS, think_s))

        started = time.perf_counter()
        await asyncio.gather(*(person() for _ in range(concurrency)))
        return times, time.perf_counter() - started


def percentiles(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100)
    return f"p50 {cuts[49]:6.0f} ms  p95 {cuts[94]:6.0f} ms  p99 {cuts[98]:6.0f} ms"


def rss_mib(process_group: int) -> float:
    """Resident memory of every process in a process group (a server and its workers)."""
    total_kib = 0
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != process_group:  # pgrp
                continue
            for line in (status.parent / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total_kib / 1024


def memory_line(servers: Servers, after: str) -> str:
    sizes = "  ".join(
        f"{name} {rss_mib(servers.processes[name].pid):6.0f} MiB" for name in PROCESSES
    )
    return f"  after {after:>14}: {sizes}"


@contextmanager
def running_servers() -> Iterator[Servers]:
    with tempfile.TemporaryDirectory(prefix="mias-bench-") as folder:
        workdir = Path(folder)
        ports = {"rasa": free_port(), "actions": free_port(), "console": free_port()}
        database_url = f"sqlite:///{workdir / 'mias.db'}"
        upgrade(database_url)
        env = {
            **os.environ,
            **rasa_environment(Settings.from_env({"DATABASE_URL": database_url})),
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(workdir / "certificates"),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
            "ACTION_SERVER_PORT": str(ports["actions"]),
            "CONSOLE_PORT": str(ports["console"]),
            "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
            "SENDER_RATE_LIMIT": "off",
            "MIAS_TODAY": TODAY,
            "PYTHONPATH": str(PROJECT_ROOT),
        }
        servers = Servers(workdir, env, ports)
        try:
            for name in ("actions", "rasa", "console"):
                started = time.perf_counter()
                servers.start(name)
                print(f"start-up {name:>8}: {time.perf_counter() - started:5.1f} s", flush=True)
            yield servers
        finally:
            servers.stop_all()


async def measure(servers: Servers, total_turns: int) -> None:
    load = Load(servers.rasa_url)
    done = 0
    await load.at_once(10, 200)  # warm-up: caches, connection pools, lazy imports
    done += 200
    print(memory_line(servers, "warm-up"), flush=True)
    print("turn time by conversations at once:")
    for level in LEVELS:
        times, seconds = await load.at_once(level, TURNS_PER_LEVEL)
        done += len(times)
        print(
            f"  {level:3d} at once: {percentiles(times)}  {len(times) / seconds:6.1f} turns/s",
            flush=True,
        )
    times, seconds = await load.at_once(PACED_PEOPLE, TURNS_PER_LEVEL, THINK_S)
    done += len(times)
    print(
        f"  {PACED_PEOPLE:3d} at once, {THINK_S[0]:.0f}-{THINK_S[1]:.0f} s to read and type: "
        f"{percentiles(times)}  {len(times) / seconds:6.1f} turns/s",
        flush=True,
    )
    long_runs = [await load.conversation(LONG_TURNS) for _ in range(3)]
    done += 3 * LONG_TURNS
    near_10 = statistics.median(t for run in long_runs for t in run[5:15])
    near_200 = statistics.median(t for run in long_runs for t in run[LONG_TURNS - 10 :])
    print(
        f"one long conversation: turn 10 {near_10:.0f} ms, turn {LONG_TURNS - 5} {near_200:.0f} ms "
        f"(x{near_200 / near_10:.2f})",
        flush=True,
    )
    print("resident memory:")
    print(memory_line(servers, f"{done} turns"), flush=True)
    checkpoint = MEMORY_EVERY
    while done < total_turns:
        while checkpoint <= done:
            checkpoint += MEMORY_EVERY
        times, _ = await load.at_once(10, min(checkpoint, total_turns) - done)
        done += len(times)
        print(memory_line(servers, f"{done} turns"), flush=True)
    await load.client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--turns", type=int, default=TOTAL_TURNS, help="turns in all (memory figures)"
    )
    args = parser.parse_args()
    with running_servers() as servers:
        asyncio.run(measure(servers, args.turns))


if __name__ == "__main__":
    main()
