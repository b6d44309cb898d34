"""Which elements are site chrome, and why: rules read from ``pipeline/data/html_chrome.csv``.

An element is chrome by its **tag** (``script``, ``nav``, ``header``…), its ARIA **role**
(the landmarks of WAI-ARIA 1.2: ``banner``, ``navigation``, ``contentinfo``,
``complementary``, ``search``), or a **name** in its ``id`` or ``class`` — the container
names of Japanese local-government CMS templates (``tmp_gnavi``, ``pankuzu``,
``topicpath``, ``lnavi``…).  A link or block whose whole text is a skip/back-to-top
**phrase** (「ここから本文です」「ページの先頭へ戻る」) is chrome too.

Names are compared by tokens: an id or class value is cut at every non-alphanumeric
character and at lower-to-upper case changes (``mainContents`` → ``main contents``,
``tmp_gnavi`` → ``tmp gnavi``), and a rule's tokens must appear consecutively in it.

Each rule has a *scope*: ``any`` rules (scripts, breadcrumbs, skip links, enquiry boxes)
apply everywhere; ``site`` rules (header, footer, side column, navigation by name) apply
only outside the main content, since inside it an ``article``'s ``header`` holds its
title (HTML-AAM maps ``header``/``footer`` to landmarks only outside sectioning content:
https://www.w3.org/TR/html-aam-1.0/#el-header).  ``main`` rows name the containers that
hold the main content (:mod:`pipeline.read.html.content`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv
from pipeline.read.html.dom import Dom, Node

CHROME_FILE = "html_chrome.csv"
SCOPES = ("any", "site")
KINDS = ("tag", "role", "name", "phrase", "main")
#: A text is a skip phrase when, after removing spaces and marks, it starts with a phrase
#: and the rest is at most this many characters without a kanji (「本文へスキップします」,
#: not 「本文へ記載の事業」).
PHRASE_SLACK = 6
#: Distinct (id, class) pairs and short texts whose tokens, rule or phrase are remembered:
#: pages repeat the same classes and link texts on thousands of elements.
NAME_CACHE_SIZE = 4096
#: Texts longer than this are never skip phrases (not even looked at).
MAX_PHRASE_CHARS = 40
_KANJI = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
#: Sectioning elements inside which header/footer are not the site's (HTML-AAM).
SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
#: Elements never classified as chrome.
DOCUMENT_ELEMENTS = frozenset({"html", "body"})
_SPLIT = re.compile(r"[^0-9a-zA-Z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_MARKS = re.compile(r"[\s▲△↑^＾↑⇧。．.!！>＞»]+")


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    value: tuple[str, ...] | str
    reason: str
    scope: str


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules of the data file, indexed for lookup."""

    tags: dict[str, Rule]
    roles: dict[str, Rule]
    names: tuple[Rule, ...]
    phrases: tuple[Rule, ...]
    main_names: tuple[tuple[str, ...], ...]


def tokens(value: str) -> tuple[str, ...]:
    """Name tokens of an id or class value.

    >>> tokens("tmp_gnavi"), tokens("mainContents"), tokens("pageTop-link")
    (('tmp', 'gnavi'), ('main', 'contents'), ('page', 'top', 'link'))
    """
    return tuple(t.lower() for part in _SPLIT.split(value) for t in _CAMEL.split(part) if t)


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


@functools.cache
def rules() -> Rules:
    """The chrome rules of ``pipeline/data/html_chrome.csv``.

    Raises:
        ReferenceDataError: a row has an unknown kind or scope.
    """
    tags: dict[str, Rule] = {}
    roles: dict[str, Rule] = {}
    names: list[Rule] = []
    phrases: list[Rule] = []
    mains: list[tuple[str, ...]] = []
    for i, row in enumerate(read_data_csv(CHROME_FILE, required=("kind", "value", "reason", "scope")), start=2):
        kind, value, reason, scope = row["kind"], row["value"].strip(), row["reason"], row["scope"] or "any"
        if kind not in KINDS or (kind != "main" and (scope not in SCOPES or not reason.startswith("html_"))):
            raise ReferenceDataError(
                f"unknown kind/scope/reason {kind!r}/{scope!r}/{reason!r}",
                path=data_path(CHROME_FILE),
                location=f"line {i}",
            )
        if kind == "tag":
            tags[value.lower()] = Rule(kind, value.lower(), reason, scope)
        elif kind == "role":
            roles[value.lower()] = Rule(kind, value.lower(), reason, scope)
        elif kind == "name":
            names.append(Rule(kind, tuple(value.lower().split()), reason, scope))
        elif kind == "phrase":
            phrases.append(Rule(kind, _phrase_key(value), reason, scope))
        else:
            mains.append(tuple(value.lower().split()))
    return Rules(tags, roles, tuple(names), tuple(phrases), tuple(mains))


def _phrase_key(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKC", text)).lower()


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def phrase_reason(text: str) -> str | None:
    """The reason when ``text`` is a skip or back-to-top phrase, else ``None``.

    >>> phrase_reason("▲ページの先頭へ戻る"), phrase_reason("本文へスキップします。"), phrase_reason("本文へ記載の事業")
    ('html_skip_link', 'html_skip_link', None)
    """
    if len(text) > MAX_PHRASE_CHARS:
        return None
    key = _phrase_key(text)
    if not key:
        return None
    for rule in rules().phrases:
        assert isinstance(rule.value, str)
        rest = key[len(rule.value) :]
        if key.startswith(rule.value) and len(rest) <= PHRASE_SLACK and not _KANJI.search(rest):
            return rule.reason
    return None


def name_values(node: Node) -> tuple[tuple[str, ...], ...]:
    """Token sequences of the element's id and each of its classes."""
    return _name_values(node.attr("id"), node.attr("class"))


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def _name_values(ident: str, classes: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tokens(v) for v in (ident, *classes.split()) if v)


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def name_reason(ident: str, classes: str) -> tuple[str, str] | None:
    """``(reason, scope)`` of the first name rule that the id or a class matches.

    >>> name_reason("tmp_gnavi", ""), name_reason("", "box honbun"), name_reason("", "")
    (('html_navigation', 'site'), None, None)
    """
    values = _name_values(ident, classes)
    if not values:
        return None
    present = {t for v in values for t in v}
    for rule in rules().names:
        assert isinstance(rule.value, tuple)
        if rule.value[0] in present and any(_contains(v, rule.value) for v in values):
            return rule.reason, rule.scope
    return None


def is_hidden(node: Node) -> bool:
    """``hidden``, ``aria-hidden="true"`` or an inline ``display:none``/``visibility:hidden``.

    >>> is_hidden(Node("div", 0, {"style": "color:red; display : none"})), is_hidden(Node("p", 0, {}))
    (True, False)
    """
    if "hidden" in node.attrs or node.attr("aria-hidden").strip().lower() == "true":
        return True
    style = node.attr("style").lower().replace(" ", "")
    return "display:none" in style or "visibility:hidden" in style


def own_reason(dom: Dom, i: int, scoped: dict[int, bool]) -> tuple[str, str] | None:
    """``(reason, scope)`` when element ``i`` itself is chrome, else ``None``.

    Args:
        dom: the page.
        i: the element.
        scoped: element -> whether it is inside sectioning content (filled by the caller's
            walk, parents first).
    """
    node = dom.nodes[i]
    r = rules()
    if node.tag in DOCUMENT_ELEMENTS:
        return None  # their classes describe the whole page's layout
    if is_hidden(node):
        return "html_hidden", "any"
    rule = r.tags.get(node.tag)
    if rule is not None and not (rule.scope == "site" and node.tag in ("header", "footer") and scoped.get(i)):
        return rule.reason, rule.scope
    role = node.attr("role").strip().lower()
    if role in r.roles:
        return r.roles[role].reason, r.roles[role].scope
    return name_reason(node.attr("id"), node.attr("class"))


def main_name_match(node: Node) -> bool:
    """Whether the element's id or a class names a main-content container."""
    values = name_values(node)
    return any(_contains(v, m) for v in values for m in rules().main_names)
