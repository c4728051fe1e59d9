"""Every `strategy:` names a strategy in the catalogue; a question without one is a warning."""

from __future__ import annotations

from engine.dialogue.model import CATALOGUE_FILE, Ask, Library
from engine.ground.errors import Problem, did_you_mean


def unknown_strategies(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    known = library.strategies
    for dialogue in library.dialogues.values():
        for node in dialogue.nodes.values():
            if not isinstance(node, Ask):
                continue
            named = [(node.strategy, node.strategy_span or node.span)]
            named += [(o.strategy, o.strategy_span or o.span) for o in node.answer.options]
            for strategy, span in named:
                if strategy is not None and strategy not in known:
                    problems.append(Problem(span, f"there is no strategy `{strategy}` in the catalogue",
                                            did_you_mean(strategy, known)
                                            or f"add it to dialogues/{CATALOGUE_FILE} or use one listed there",
                                            rule="unknown-strategy"))
            if node.strategy is None and known:
                problems.append(Problem(node.span, f"question `{node.id}` names no strategy",
                                        f"add `strategy: <id>` naming one of dialogues/{CATALOGUE_FILE}",
                                        "warning", rule="strategy-missing"))
    return problems
