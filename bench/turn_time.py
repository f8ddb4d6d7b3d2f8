"""p50/p95 time of one conversation turn against the running servers: `python -m bench.turn_time`.

Start the assistant first (`make run`), then run this. Each sample is one whole REST turn: NLU,
dialogue policy, the action server and the database write, as a user would wait for it.
"""
from __future__ import annotations

import argparse
import statistics
import time
import uuid

import httpx

TURNS = ["hello", "yes", '/inform{"role": "parent"}', '/inform{"age_group": "under_16"}',
         '/inform{"decision_type": "refuse_plan"}', "is mediation free?"]


def one_conversation(client: httpx.Client, rasa_url: str) -> list[float]:
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    timings = []
    for text in TURNS:
        started = time.perf_counter()
        response = client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
        response.raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    parser.add_argument("--conversations", type=int, default=20)
    args = parser.parse_args()
    with httpx.Client(timeout=60) as client:
        one_conversation(client, args.rasa_url)  # warm-up
        samples = [t for _ in range(args.conversations) for t in one_conversation(client, args.rasa_url)]
    cuts = statistics.quantiles(samples, n=100)
    print(f"turns: {len(samples)}  p50: {cuts[49]:.0f} ms  p95: {cuts[94]:.0f} ms")


if __name__ == "__main__":
    main()
