"""The ``announcements`` and ``announcement_municipalities`` records of a press release.

The segment stage said which lines of the document are the release's header, subtitle,
title, lead and sections (:class:`~pipeline.core.model.ReleaseBlock`); this module reads
their values (:mod:`pipeline.extract.release_values`, :mod:`pipeline.extract.approved_list`)
and assigns every line to the field it feeds in the ledger:

=====================  ==========================================================
part                   field
=====================  ==========================================================
header                 ``published_on`` (and ``published_raw``, ``publisher``)
subtitle               ``subtitle`` (and ``round``, ``scheme``)
title                  ``title`` (and the count checked against the list)
lead                   ``lead`` (and ``start_fy``, ``end_fy``, ``support_years``, the list)
…の概要 section         ``outline``
補助内容 section        ``subsidy_cap_yen`` / ``subsidy_rate`` / ``support_years`` per
                       line, other lines ``subsidy_notes`` (exceptions kept as published)
問い合わせ先 / 別紙      ``contact`` / ``attachments``
anything else          ``other_text``
=====================  ==========================================================

The publication date is the text's; when the text states none, the ``published`` column of
``raw/sources.csv`` (``manifest_published``).  Nothing else is taken from outside the text,
and a value the release does not state stays empty.  ``announcement_id`` is
``ann-<date>-<6 hex digits of the title's SHA-256>`` (``undated`` without a date): stable
while the release says the same, and equal for two editions of one release.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.core.errors import Code
from pipeline.core.model import Line, ReleaseBlock
from pipeline.extract.approved_list import Listed, approved_municipalities
from pipeline.extract.ledger import Ledger
from pipeline.extract.records import Row
from pipeline.extract.release_values import PlanYears, plan_years, publisher_of, round_of, term_of, title_count
from pipeline.lang import releases
from pipeline.lang.amounts import find_rate, find_yen
from pipeline.lang.dates import FoundDate, find_date, parse_date
from pipeline.lang.normalize import join_wrapped, short_hash
from pipeline.lang.periods import year_count
from pipeline.output.schema import ANNOUNCEMENT_MUNICIPALITIES, ANNOUNCEMENTS

logger = logging.getLogger(__name__)

ID_PREFIX = "ann"
UNDATED = "undated"
#: Hex digits of the title's hash in the id.
ID_HASH_CHARS = 6
#: Separator of the lines of a multi-line field (notes, contact, attachments).
LINE_SEPARATOR = "\n"
#: Ledger place of each kind of release section.
SECTION_FIELDS = {"outline": "outline", "contact": "contact", "attachments": "attachments", "other": "other_text"}

Warn = Callable[[int | None, Code, str], None]


def cap_per_year(value: str) -> int | None:
    """The yearly cap in yen of a published cap, ``None`` unless it is stated per year.

    >>> cap_per_year("1億円/年限度"), cap_per_year("1億円")
    (100000000, None)
    """
    found = find_yen(value)
    return int(found.value) if found is not None and releases.contains_any(value, "per_year") else None


def rate_of(value: str) -> str | None:
    """The rate of a published rate as a fraction string (``2分の1以内`` → ``1/2``)."""
    found = find_rate(value)
    return str(found.value) if found is not None else None


#: How each term's published value is read, and the column its line feeds.
TERM_READERS: dict[str, Callable[[str], int | str | None]] = {
    "cap": cap_per_year,
    "rate": rate_of,
    "period": year_count,
}
TERM_COLUMNS = {"cap": "subsidy_cap_yen", "rate": "subsidy_rate", "period": "support_years"}


def announcement_id(published_on: str | None, title: str) -> str:
    """The id of an announcement: its date and a hash of its title.

    >>> announcement_id("2017-03-06", "5区市の「地域産業活性化計画」を承認しました")
    'ann-2017-03-06-85e669'
    >>> announcement_id(None, "x").startswith("ann-undated-")
    True
    """
    return f"{ID_PREFIX}-{published_on or UNDATED}-{short_hash(unicodedata.normalize('NFKC', title), ID_HASH_CHARS)}"


@dataclass(slots=True)
class Terms:
    """The subsidy terms read from the 補助内容 section, line by line."""

    values: dict[str, tuple[int | str, str]] = field(default_factory=dict)  # kind -> (value, published)
    notes: list[str] = field(default_factory=list)


class AnnouncementReader:
    """Builds the announcement of one document's release (see the module docstring)."""

    def __init__(self, doc_id: str, block: ReleaseBlock, by_no: dict[int, Line], ledger: Ledger, warn: Warn) -> None:
        self.doc_id = doc_id
        self.block = block
        self.by_no = by_no
        self.ledger = ledger
        self.warn = warn
        self.id = ""

    def texts(self, line_nos: list[int]) -> list[str]:
        return [self.by_no[n].text.strip() for n in line_nos]

    def assign(self, line_nos: list[int] | int | None, column: str) -> None:
        self.ledger.assign(line_nos, f"{ANNOUNCEMENTS.name}.{column}", self.id)

    @property
    def title(self) -> str | None:
        return self.by_no[self.block.title_line].text.strip() if self.block.title_line is not None else None

    def first_line(self) -> int:
        """The line the announcement row points to: the title, else the release's first line."""
        b = self.block
        candidates = [b.title_line, *b.header_lines, *b.subtitle_lines, *b.lead_lines, *b.other_lines]
        candidates += [n for s in b.sections for n in [s.heading_line, *s.body_lines]]
        return next((n for n in candidates if n is not None), 0)

    def date(self, manifest_published: str | None) -> tuple[FoundDate | None, str | None, str | None]:
        """The text's date, the ISO date kept, and where it comes from (``text``/``manifest``)."""
        found = next((d for n in self.block.header_lines if (d := find_date(self.by_no[n].text))), None)
        manifest = parse_date(manifest_published) if manifest_published else None
        where = self.block.header_lines[0] if self.block.header_lines else self.first_line()
        if found is not None:
            if manifest is not None and manifest != found.date:
                self.warn(
                    where,
                    Code.ANNOUNCEMENT_DATE,
                    f"the release is dated {found.raw} but raw/sources.csv says {manifest_published}; "
                    "the text's date is kept, correct the manifest",
                )
            return found, found.date.isoformat(), "text"
        if manifest is not None:
            return None, manifest.isoformat(), "manifest"
        stated = f" ({manifest_published!r} is not a date)" if manifest_published else ""
        self.warn(
            where,
            Code.ANNOUNCEMENT_DATE,
            f"the release states no date and raw/sources.csv gives none{stated}; published_on is empty and the "
            "id says 'undated': put the date in the published column of raw/sources.csv (YYYY-MM-DD)",
        )
        return None, None, None

    def terms(self, line_nos: list[int], out: Terms) -> None:
        """Read the subsidy terms into ``out``, each line to its field; other lines to the notes."""
        for n in line_nos:
            term = term_of(self.by_no[n].text)
            kind, value = term if term else (None, "")
            parsed = TERM_READERS[kind](value) if kind else None
            if kind and parsed is not None and kind not in out.values:
                out.values[kind] = (parsed, value)
                self.assign(n, TERM_COLUMNS[kind])
                continue
            if kind:
                why = (
                    "is stated a second time"
                    if parsed is not None
                    else "cannot be read" + (" as an amount per year" if kind == "cap" else "")
                )
                self.warn(
                    n,
                    Code.UNREADABLE_RELEASE_VALUE,
                    f"{self.id}: the {kind} {value!r} {why}; the line is kept in subsidy_notes",
                )
            out.notes.append(self.by_no[n].text.strip())
            self.assign(n, "subsidy_notes")

    def sections(self) -> Terms:
        """Assign every section's lines; the terms are read, the other texts joined later."""
        terms = Terms()
        for section in self.block.sections:
            if section.kind == "terms":
                self.terms(section.body_lines, terms)
                continue
            column = SECTION_FIELDS[section.kind]
            if section.kind == "other":  # the heading says what the text is
                self.assign(section.heading_line, column)
            self.assign(section.body_lines, column)
        return terms

    def section_text(self, kind: str) -> str | None:
        """The text of every section of ``kind``: prose joined as wrapped lines, lists line by line."""
        parts: list[str] = []
        for s in self.block.sections:
            if s.kind == kind:
                lines = [n for n in [s.heading_line if kind == "other" else None, *s.body_lines] if n is not None]
                parts += self.texts(lines)
        if not parts:
            return None
        return join_wrapped(parts) if kind == "outline" else LINE_SEPARATOR.join(parts)

    def municipalities(self, prefecture: str | None) -> list[tuple[Listed, int]]:
        """The approved municipalities of the lead, each with the line it stands on."""
        texts = self.texts(self.block.lead_lines)
        lead = LINE_SEPARATOR.join(texts)
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t) + len(LINE_SEPARATOR)
        out = []
        for listed in approved_municipalities(lead, prefecture):
            index = max(i for i, start in enumerate(starts) if start <= listed.offset)
            out.append((listed, self.block.lead_lines[index]))
        return out

    def check_count(self, count: int | None, listed: int) -> None:
        """Warn when the title's count and the list disagree, or no list was read."""
        where = self.block.title_line or self.first_line()
        if listed == 0:
            self.warn(
                where,
                Code.ANNOUNCED_COUNT_MISMATCH,
                f"{self.id}: no list of approved municipalities could be read from the lead; "
                "no plan can be linked to this release",
            )
        elif count is not None and count != listed:
            self.warn(
                where,
                Code.ANNOUNCED_COUNT_MISMATCH,
                f"{self.id}: the title announces {count} municipalities but the lead lists {listed}",
            )

    def assign_parts(self) -> None:
        """Assign the lines of the header, subtitle, title, lead and other text to their fields."""
        b = self.block
        self.assign(b.header_lines, "published_on")
        self.assign(b.subtitle_lines, "subtitle")
        self.assign(b.title_line, "title")
        self.assign(b.lead_lines, "lead")
        self.assign(b.other_lines, "other_text")

    def other_text(self) -> str | None:
        parts = [*self.texts(self.block.other_lines), self.section_text("other") or ""]
        return LINE_SEPARATOR.join(p for p in parts if p) or None

    def read(self, manifest_published: str | None, prefecture: str | None) -> tuple[Row, list[Row]]:
        """The announcement row and its municipality rows; every line of the release assigned."""
        subtitle = join_wrapped(self.texts(self.block.subtitle_lines)) or None
        heading = " ".join(t for t in (subtitle, self.title) if t)
        found_date, published_on, source = self.date(manifest_published)
        self.id = announcement_id(published_on, self.title or heading or self.doc_id)
        self.assign_parts()
        terms = self.sections()
        lead = join_wrapped(self.texts(self.block.lead_lines))
        listed = self.municipalities(prefecture)
        count = title_count(self.title or "") or title_count(subtitle or "")
        self.check_count(count, len(listed))
        header = LINE_SEPARATOR.join(self.texts(self.block.header_lines))
        date_raw = found_date.raw if found_date else None
        first = self.first_line()
        row = ANNOUNCEMENTS.row(
            announcement_id=self.id,
            doc_id=self.doc_id,
            published_on=published_on,
            published_raw=date_raw,
            published_on_source=source,
            publisher=publisher_of(header, date_raw) if header else None,
            title=self.title,
            subtitle=subtitle,
            scheme=next(filter(None, map(releases.find_scheme, (heading, lead))), None),
            round=round_of(subtitle or "") or round_of(self.title or ""),
            **self.span(plan_years(lead), terms),
            **self.subsidy(terms),
            n_municipalities=len(listed) or count,
            lead=lead or None,
            outline=self.section_text("outline"),
            contact=self.section_text("contact"),
            attachments=self.section_text("attachments"),
            other_text=self.other_text(),
            source_page=self.by_no[first].page if first in self.by_no else None,
            source_line=first,
        )
        return row, [self.municipality_row(seq, x, n) for seq, (x, n) in enumerate(listed, start=1)]

    @staticmethod
    def span(years: PlanYears, terms: Terms) -> dict[str, int | str | None]:
        """start_fy, end_fy and support_years: the lead's statement first, then the terms' period.

        The last year is derived (start + years - 1) only from years the lead states for these
        plans, never from a maximum (最長3年間) alone.
        """
        period = terms.values.get("period")
        support_years = years.years if years.years is not None else (int(period[0]) if period else None)
        end_fy = years.end_fy
        if end_fy is None and years.start_fy is not None and years.years is not None:
            end_fy = years.start_fy + years.years - 1
        return {
            "start_fy": years.start_fy,
            "end_fy": end_fy,
            "support_years": support_years,
            "support_period_raw": period[1] if period else None,
        }

    @staticmethod
    def subsidy(terms: Terms) -> dict[str, int | str | None]:
        cap, rate = terms.values.get("cap"), terms.values.get("rate")
        return {
            "subsidy_cap_yen": cap[0] if cap else None,
            "subsidy_cap_raw": cap[1] if cap else None,
            "subsidy_rate": rate[0] if rate else None,
            "subsidy_rate_raw": rate[1] if rate else None,
            "subsidy_notes": LINE_SEPARATOR.join(terms.notes) or None,
        }

    def municipality_row(self, seq: int, listed: Listed, line_no: int) -> Row:
        if listed.code is None:
            self.warn(
                line_no,
                Code.UNKNOWN_MUNICIPALITY,
                f"{self.id}: the approved {listed.raw!r} is not in pipeline/data/municipalities.csv (or is "
                "ambiguous); it is kept without a code. Check the spelling, or add it to the reference table",
            )
        return ANNOUNCEMENT_MUNICIPALITIES.row(
            announcement_id=self.id,
            seq=seq,
            municipality=listed.name,
            municipality_raw=listed.raw,
            municipality_code=listed.code,
            source_page=self.by_no[line_no].page,
            source_line=line_no,
        )
