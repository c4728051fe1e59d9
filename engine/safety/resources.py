"""Crisis resources: data, one YAML file per region in ``prompts/resources/``.

Chosen by ``--region``, else ``$PEERCOACH_REGION``, else the system's locale (en_GB and en_IE
get the UK and Ireland; everyone else Canada and the United States, which also has the widest
text-based services).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from engine.errors import DialogueLoadError, PeercoachError, Problem, did_you_mean
from engine.loader import resource_dir
from engine.source import Span
from engine.yamlreader import compose, plain_value, structural_problems

REGION_ENV = "PEERCOACH_REGION"
DEFAULT_REGION = "ca-us"
_LOCALE_REGIONS = {"GB": "uk-ie", "IE": "uk-ie", "UK": "uk-ie", "CA": "ca-us", "US": "ca-us"}


@dataclass(frozen=True)
class Resource:
    name: str
    reach: str
    hours: str


@dataclass(frozen=True)
class Resources:
    code: str
    region: str
    emergency: str
    entries: tuple[Resource, ...]


def regions() -> list[str]:
    return sorted(p.stem for p in (resource_dir("prompts") / "resources").glob("*.yaml"))


def default_region() -> str:
    if os.environ.get(REGION_ENV):
        return os.environ[REGION_ENV]
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if "_" in value:
            country = value.split("_", 1)[1][:2].upper()
            return _LOCALE_REGIONS.get(country, DEFAULT_REGION)
    return DEFAULT_REGION


def load_resources(code: str | None = None) -> Resources:
    code = code or default_region()
    path = resource_dir("prompts") / "resources" / f"{code}.yaml"
    if not path.is_file():
        hint = did_you_mean(code, regions())
        raise PeercoachError(f"no crisis resources for region `{code}`" + (f": {hint}" if hint else "")
                             + f" (known: {', '.join(regions())})")
    root = compose(path.read_text(encoding="utf-8"), str(path))
    problems = structural_problems(root, str(path))
    data = plain_value(root) if isinstance(root, yaml.MappingNode) else {}
    entries = data.get("resources") or []
    well_formed = all(isinstance(e, dict) and {"name", "reach", "hours"} <= set(e) for e in entries)
    if problems or not data.get("emergency") or not entries or not well_formed:
        problems.append(Problem(Span(str(path), 1, 1), "a resources file needs `region`, `emergency` and "
                                "`resources`, each with `name`, `reach` and `hours`"))
        raise DialogueLoadError(problems)
    return Resources(code, str(data.get("region", code)), str(data["emergency"]),
                     tuple(Resource(str(e["name"]), str(e["reach"]), str(e["hours"])) for e in entries))
