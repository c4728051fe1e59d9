"""Crisis resources: data, one YAML file per country in ``prompts/resources/`` (us, ca, uk, ie).

Chosen by ``--region``, else ``$PEERCOACH_REGION``, else the system's locale (en_US the United
States, en_CA Canada, en_GB the UK, en_IE Ireland; any other locale both Canada and the United
States, which also have the widest text-based services). ``ca-us`` and ``uk-ie``, the codes of
the regions before each country had its own file, still work: they join the two countries' files,
each entry named with its country. Each file is read strictly, like a dialogue: every problem is
reported with its file, line and column.

A region file::

    region: the United Kingdom                 # how the region is named in a sentence
    short: UK                                  # how an entry is marked when two regions are joined
    emergency: 999 or 112                      # shown first, always
    emergency_call: "999"                      # the emergency number as a phone dials it
    resources:                                 # for the person themselves
      - name: Samaritans
        reach: Call 116 123
        hours: 24 hours a day
        call: "116123"                         # optional: the number to call, as a phone dials it (tel:)
        text: "85258"                          # optional: the number to text (sms:)
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

import dataclasses
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
_LOCALE_REGIONS = {"GB": "uk", "IE": "ie", "UK": "uk", "CA": "ca", "US": "us"}
# Two countries at once, as the codes users passed before each country had its own file.
JOINED = {"ca-us": ("Canada and the United States", ("ca", "us")),
          "uk-ie": ("the United Kingdom and Ireland", ("uk", "ie"))}
_CODE = re.compile(r"[a-z][a-z-]{0,15}")  # how region codes are written (us, ca-us): no path in it
PHONE = re.compile(r"\+?[0-9]{2,15}")  # a number as a phone dials it: what a tel: or sms: link takes
LISTS = ("resources", "for_someone_else", "finding_help", "peer_groups", "basic_needs")  # the kinds of list
FILE_KEYS = ("region", "short", "emergency", "emergency_call", *LISTS)
REQUIRED_KEYS = ("region", "short", "emergency", "emergency_call", "resources")
RESOURCE_KEYS = ("name", "reach", "hours")
NUMBER_KEYS = ("call", "text")


@dataclass(frozen=True)
class Resource:
    name: str
    reach: str
    hours: str
    call: str | None = None  # as a phone dials it ("+18006624357"): a tel: link
    text: str | None = None  # the number to text: an sms: link


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
    emergency_call: str = ""  # the emergency number as a phone dials it
    short: str = ""  # "UK": how its entries are marked when joined with another region

    def listed(self, kind: str) -> tuple[Resource, ...]:
        """One of the file's lists by its key (``LISTS``): what an information card links to."""
        lists = {"resources": self.entries, "for_someone_else": self.for_others, "finding_help": self.finding_help,
                 "peer_groups": self.peer_groups, "basic_needs": self.basic_needs}
        return lists[kind]

    def services(self) -> list[dict[str, str]]:
        """``finding_help`` as dialogues read it: name, reach, hours."""
        return [{"name": r.name, "reach": r.reach, "hours": r.hours} for r in self.finding_help]


def regions() -> list[str]:
    """The region codes that ship: the names of the files in ``prompts/resources/``, and the
    codes that join two of them (``ca-us``, ``uk-ie``)."""
    files = {p.stem for p in bundled_region_files() if _CODE.fullmatch(p.stem)}
    return sorted(files | {code for code, (_, parts) in JOINED.items() if set(parts) <= files})


def countries() -> list[str]:
    """The regions that have a file of their own."""
    return [code for code in regions() if code not in JOINED]


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
            raise PeercoachError(f"a region is a code such as {', '.join(known)}, not a file or path "
                                 f"(got {code!r})")
        hint = did_you_mean(code, known)
        raise PeercoachError(f"no crisis resources for region `{code}`" + (f": {hint}" if hint else "")
                             + f" (known: {', '.join(known)})")
    if code in JOINED:
        name, parts = JOINED[code]
        return joined(code, name, [load_resources(part) for part in parts])
    return read_resources(resource_dir("prompts") / "resources" / f"{code}.yaml", code)


def joined(code: str, name: str, parts: list[Resources]) -> Resources:
    """Two countries' resources as one region: an entry both have is listed once, and every other
    is marked with its country ("Samaritans" in both; "Shout (UK)")."""
    def merge(lists: list[tuple[Resource, ...]]) -> tuple[Resource, ...]:
        everywhere = set.intersection(*({(r.name, r.reach) for r in entries} for entries in lists))
        found: list[Resource] = []
        for part, entries in zip(parts, lists, strict=True):
            for entry in entries:
                if (entry.name, entry.reach) in everywhere:
                    if entry not in found:
                        found.append(entry)
                else:
                    found.append(dataclasses.replace(entry, name=f"{entry.name} ({part.short})"))
        return tuple(found)

    emergencies = {part.emergency for part in parts}
    emergency = parts[0].emergency if len(emergencies) == 1 else \
        ", ".join(f"{part.emergency} ({part.short})" for part in parts)
    lists = {kind: merge([part.listed(kind) for part in parts]) for kind in LISTS}
    return Resources(code, name, emergency, lists["resources"], lists["for_someone_else"], lists["finding_help"],
                     lists["peer_groups"], lists["basic_needs"], parts[0].emergency_call,
                     " and ".join(part.short for part in parts))


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
        self.require(top, REQUIRED_KEYS, root, "a resources file")
        region = self.string(top["region"][1], "`region`") if "region" in top else None
        short = self.string(top["short"][1], "`short`") if "short" in top else None
        emergency = self.string(top["emergency"][1], "`emergency`") if "emergency" in top else None
        call = self.phone(top["emergency_call"][1], "`emergency_call`") if "emergency_call" in top else None
        entries = self.entries(top["resources"][1], "`resources`") if "resources" in top else ()
        others = self.entries(top["for_someone_else"][1], "`for_someone_else`") if "for_someone_else" in top else ()
        finding = self.entries(top["finding_help"][1], "`finding_help`") if "finding_help" in top else ()
        groups = self.entries(top["peer_groups"][1], "`peer_groups`") if "peer_groups" in top else ()
        needs = self.entries(top["basic_needs"][1], "`basic_needs`") if "basic_needs" in top else ()
        if "resources" in top and not entries:
            self.error(top["resources"][1], "`resources` lists no one to contact",
                       "give at least one entry with `name`, `reach` and `hours`")
        if region is None or emergency is None or short is None or call is None:
            return None
        return Resources(code, region, emergency, entries, others, finding, groups, needs, call, short)

    def phone(self, node: yaml.Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and not PHONE.fullmatch(value):
            self.error(node, f"{what} should be a number as a phone dials it, not `{value}`",
                       'digits only, with a leading + for a country code: "116123", "+18006624357"')
            return None
        return value

    def entries(self, node: yaml.Node, what: str) -> tuple[Resource, ...]:
        found = []
        for item in self.sequence(node, what) or []:
            fields = self.mapping(item, f"each entry of {what}")
            if fields is None:
                continue
            self.check_keys(fields, (*RESOURCE_KEYS, *NUMBER_KEYS), f"an entry of {what}")
            self.require(fields, RESOURCE_KEYS, item, f"an entry of {what}")
            values = [self.string(fields[key][1], f"`{key}`") if key in fields else None for key in RESOURCE_KEYS]
            numbers = [self.phone(fields[key][1], f"`{key}`") if key in fields else None for key in NUMBER_KEYS]
            if all(value for value in values) and all(n is not None for n, key in zip(numbers, NUMBER_KEYS, strict=True)
                                                      if key in fields):
                found.append(Resource(*values, *numbers))  # type: ignore[arg-type]
        return tuple(found)


def bundled_region_files() -> list[Path]:
    return sorted((resource_dir("prompts") / "resources").glob("*.yaml"))
