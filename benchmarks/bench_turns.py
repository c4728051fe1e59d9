"""How much one turn costs, and whether it grows with the length of the session.

    python benchmarks/bench_turns.py [--turns 300]

Side by side in one run: the cost of an answer after 3, 30, 300 and 3,000 earlier answers
(it should stay flat: an answer moves the state on, it does not replay the log), the cost of
resuming (a replay, which grows with the log, as it should), and a bare dict-and-if state
machine doing the same steps, as a floor. Prints percentiles and ratios.
"""

from __future__ import annotations

import argparse
import tempfile
import textwrap
import time
from pathlib import Path

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.dialogue.loader import load_library, resource_dir

LOOP = textwrap.dedent("""
    id: bench
    title: Bench
    audience: client
    start: feel
    variables:
      name: Sam
      count: 0
    nodes:
      feel:
        ask: How do you feel today, {{ name }}? (0 to 10)
        type: scale
        min: 0
        max: 10
      tally:
        set:
          count: count + 1
          low: feel <= 3
      note:
        say: "{% if low %}Thanks for telling me.{% else %}Good to hear.{% endif %} That is answer {{ count }}."
      more:
        ask: Again?
        type: yesno
        next:
          - if: more
            then: feel
          - else: done
      done:
        end: Bye
""")


def percentiles(samples: list[int]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def bare_machine(turns: int) -> list[int]:
    """The same walk with a dict of states and plain ifs: no parsing, no templates."""
    state, variables, samples = "feel", {"count": 0, "name": "Sam"}, []
    for _ in range(turns):
        answer = "5" if state == "feel" else "yes"
        began = time.perf_counter_ns()
        if state == "feel":
            variables["feel"] = int(answer)
            variables["count"] += 1
            variables["low"] = variables["feel"] <= 3
            _ = f"That is answer {variables['count']}."
            state = "more"
        else:
            variables["more"] = answer == "yes"
            state = "feel" if variables["more"] else "done"
        samples.append(time.perf_counter_ns() - began)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300, help="turns timed at each depth")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.yaml"
        path.write_text(LOOP)
        library = load_library([path], bundled=False)
    messages = Messages.load(resource_dir("prompts") / "messages.yaml")

    rows = []
    conversation = Conversation(library, messages, "bench")
    for depth in (3, 30, 300, 3000):
        while len(conversation.answers) < depth:
            conversation.reply("5" if len(conversation.answers) % 2 == 0 else "yes")
        samples = []
        for _ in range(args.turns):
            text = "5" if len(conversation.answers) % 2 == 0 else "yes"
            began = time.perf_counter_ns()
            conversation.reply(text)
            samples.append(time.perf_counter_ns() - began)
        began = time.perf_counter_ns()
        Conversation(library, messages, "bench", conversation.log)  # what resuming costs
        resume_ms = (time.perf_counter_ns() - began) / 1e6
        rows.append((depth, percentiles(samples), resume_ms))

    floor = percentiles(bare_machine(args.turns))
    base = rows[0][1][0]
    print(f"{'answers before':>15} {'p50 us':>9} {'p95 us':>9} {'p99 us':>9} {'p50 vs 3':>9} {'resume ms':>10}")
    for depth, (p50, p95, p99), resume_ms in rows:
        print(f"{depth:>15} {p50:>9.1f} {p95:>9.1f} {p99:>9.1f} {p50 / base:>8.2f}x {resume_ms:>10.2f}")
    print(f"{'bare dict FSM':>15} {floor[0]:>9.2f} {floor[1]:>9.2f} {floor[2]:>9.2f}")
    print(f"\nturn cost at 3,000 answers vs 3 answers (p50): {rows[-1][1][0] / base:.2f}x (flat is 1.00x)")
    print(f"peercoach turn vs bare dict state machine (p50): {base / max(floor[0], 0.001):.0f}x")


if __name__ == "__main__":
    main()
