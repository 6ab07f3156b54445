"""API versions of the O2G reference and the `since` applicability rule."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

_VERSION_RE = re.compile(r"^\d+(\.\d+){1,3}$")


@functools.total_ordering
@dataclass(frozen=True)
class ApiVersion:
    """A documented O2G API version such as 2.7 or 2.7.4 (compared numerically, 2.7 == 2.7.0)."""

    text: str

    def __post_init__(self) -> None:
        if not _VERSION_RE.match(self.text):
            raise ValueError(f"not an O2G version: {self.text!r} (expected digits separated by dots, e.g. 2.7.3)")

    @property
    def parts(self) -> tuple[int, ...]:
        nums = [int(p) for p in self.text.split(".")]
        while len(nums) > 2 and nums[-1] == 0:
            nums.pop()
        return tuple(nums)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        return self.parts < other.parts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        return self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, text: str) -> ApiVersion:
        return cls(text.strip())


#: The versions the reference documents, oldest first (o2g-rest-api-reference.txt L131-187).
VERSIONS: tuple[ApiVersion, ...] = tuple(ApiVersion(v) for v in ("2.7", "2.7.1", "2.7.2", "2.7.3", "2.7.4"))
BASELINE = VERSIONS[0]
LATEST = VERSIONS[-1]


#: Sections whose `since` dates the text of the reference, not the feature, with the reading chosen.
TIMELESS_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        # The history lists Authentication as "added" in 2.7.4 (L133, L613), yet every session of every
        # version starts with it (L190-263): its operations apply to every version.
        "Authentication": "listed as added in 2.7.4 (L133, L613), yet every version authenticates (L190-263)",
    }
)


@dataclass(frozen=True)
class VersionNeed:
    """Why something exists only from an API version on: `what` reads "needs API 2.7.3" or "x exists since ..."."""

    version: ApiVersion
    what: str


def applies(since: str | None, target: ApiVersion) -> bool:
    """True when something introduced in `since` (None = present from the baseline) exists on `target`."""
    return since is None or ApiVersion.parse(since) <= target


def since_version(since: str | ApiVersion | None) -> ApiVersion:
    """A `since` value as a version; None (present from the start) is the baseline."""
    if since is None:
        return BASELINE
    return since if isinstance(since, ApiVersion) else ApiVersion.parse(since)


def newest(sinces: Iterable[str | ApiVersion | None]) -> ApiVersion:
    """The newest of several `since` values (the baseline when there are none)."""
    return max((since_version(s) for s in sinces), default=BASELINE)


def versions_from(since: str | ApiVersion | None) -> tuple[ApiVersion, ...]:
    """The documented versions on which something introduced in `since` exists, oldest first."""
    first = since_version(since)
    return tuple(v for v in VERSIONS if first <= v)


def from_product_version(major: str, minor: str | None = None) -> ApiVersion:
    """Map a root descriptor productVersion (major "2.7", minor "004.002") to an API version.

    The reference shows `{"major": "2.6", "minor": "000.000"}` (L55); the API version is the major
    plus the first minor group when that is not zero (2.7 + 004 -> 2.7.4).
    """
    base = ApiVersion.parse(major)
    if minor:
        first = minor.split(".")[0]
        if first.isdigit() and int(first) > 0:
            return ApiVersion(f"{major}.{int(first)}")
    return base
