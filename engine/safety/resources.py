"""Crisis resources: data, one YAML file per region in ``prompts/resources/``.

Chosen by ``--region``, else ``$PEERCOACH_REGION``, else the system's locale (en_GB and en_IE
get the UK and Ireland; everyone else Canada and the United States, which also has the widest
text-based services). Each file is read strictly, like a dialogue: every problem is reported
with its file, line and column.

A region file::

    region: the United Kingdom and Ireland     # how the region is named in a sentence
    emergency: 999 or 112                      # shown first, always
    resources:                                 # for the person themselves
      - name: Samaritans
        reach: Call 116 123
        hours: 24 hours a day
    for_someone_else:                          # for a person worried about someone else
      - name: ...
    finding_help:                              # not for a crisis: finding a professional or a service
      - name: ...
    peer_groups:                               # mutual-aid and peer groups, warmlines (information cards)
      - name: ...
    basic_needs:                               # food, housing and money help (information cards)
      - name: ...
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, PeercoachError, did_you_mean
from engine.ground.files import display_path, resource_dir
from engine.ground.yamlreader import Reader

REGION_ENV = "PEERCOACH_REGION"
DEFAULT_REGION = "ca-us"
_LOCALE_REGIONS = {"GB": "uk-ie", "IE": "uk-ie", "UK": "uk-ie", "CA": "ca-us", "US": "ca-us"}
_CODE = re.compile(r"[a-z][a-z-]{0,15}")  # how region codes are written (ca-us, uk-ie): no path in it
LISTS = ("resources", "for_someone_else", "finding_help", "peer_groups", "basic_needs")  # the kinds of list
FILE_KEYS = ("region", "emergency", *LISTS)
RESOURCE_KEYS = ("name", "reach", "hours")


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
    for_others: tuple[Resource, ...] = ()  # help for someone worried about another person
    finding_help: tuple[Resource, ...] = ()  # not for a crisis: where to find a professional or a service
    peer_groups: tuple[Resource, ...] = ()  # mutual-aid and peer groups, warmlines
    basic_needs: tuple[Resource, ...] = ()  # food, housing and money help

    def listed(self, kind: str) -> tuple[Resource, ...]:
        """One of the file's lists by its key (``LISTS``): what an information card links to."""
        lists = {"resources": self.entries, "for_someone_else": self.for_others, "finding_help": self.finding_help,
                 "peer_groups": self.peer_groups, "basic_needs": self.basic_needs}
        return lists[kind]

    def services(self) -> list[dict[str, str]]:
        """``finding_help`` as dialogues read it: name, reach, hours."""
        return [{"name": r.name, "reach": r.reach, "hours": r.hours} for r in self.finding_help]


def regions() -> list[str]:
    """The region codes that ship: the names of the files in ``prompts/resources/``."""
    return sorted(p.stem for p in bundled_region_files() if _CODE.fullmatch(p.stem))


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
    """The crisis lines of a region that ships with peercoach, by its code (never a path: a
    setting must not be able to swap the crisis lines for any file's)."""
    code = code or default_region()
    known = regions()
    if code not in known:
        if not _CODE.fullmatch(code):
            raise PeercoachError(f"a region is a code such as {' or '.join(known)}, not a file or path "
                                 f"(got {code!r})")
        hint = did_you_mean(code, known)
        raise PeercoachError(f"no crisis resources for region `{code}`" + (f": {hint}" if hint else "")
                             + f" (known: {', '.join(known)})")
    return read_resources(resource_dir("prompts") / "resources" / f"{code}.yaml", code)


def read_resources(path: Path, code: str) -> Resources:
    """One region file, strictly read; a ``DialogueLoadError`` lists every problem in it."""
    reader = _ResourceReader(path, display_path(path))
    resources = reader.read(code)
    if reader.problems or resources is None:
        raise DialogueLoadError(reader.problems)
    return resources


class _ResourceReader(Reader):
    def read(self, code: str) -> Resources | None:
        root = self.root("a resources file needs `region`, `emergency` and `resources`")
        top = self.mapping(root, "a resources file") if root is not None else None
        if top is None or root is None:
            return None
        self.check_keys(top, FILE_KEYS, "a resources file")
        self.require(top, ("region", "emergency", "resources"), root, "a resources file")
        region = self.string(top["region"][1], "`region`") if "region" in top else None
        emergency = self.string(top["emergency"][1], "`emergency`") if "emergency" in top else None
        entries = self.entries(top["resources"][1], "`resources`") if "resources" in top else ()
        others = self.entries(top["for_someone_else"][1], "`for_someone_else`") if "for_someone_else" in top else ()
        finding = self.entries(top["finding_help"][1], "`finding_help`") if "finding_help" in top else ()
        groups = self.entries(top["peer_groups"][1], "`peer_groups`") if "peer_groups" in top else ()
        needs = self.entries(top["basic_needs"][1], "`basic_needs`") if "basic_needs" in top else ()
        if "resources" in top and not entries:
            self.error(top["resources"][1], "`resources` lists no one to contact",
                       "give at least one entry with `name`, `reach` and `hours`")
        if region is None or emergency is None:
            return None
        return Resources(code, region, emergency, entries, others, finding, groups, needs)

    def entries(self, node: yaml.Node, what: str) -> tuple[Resource, ...]:
        found = []
        for item in self.sequence(node, what) or []:
            fields = self.mapping(item, f"each entry of {what}")
            if fields is None:
                continue
            self.check_keys(fields, RESOURCE_KEYS, f"an entry of {what}")
            self.require(fields, RESOURCE_KEYS, item, f"an entry of {what}")
            values = [self.string(fields[key][1], f"`{key}`") if key in fields else None for key in RESOURCE_KEYS]
            if all(value for value in values):
                found.append(Resource(*values))  # type: ignore[arg-type]
        return tuple(found)


def bundled_region_files() -> list[Path]:
    return sorted((resource_dir("prompts") / "resources").glob("*.yaml"))
