"""What every care metric shares: the case it judges, the score it gives, the registry that collects it.

A metric is one class in one file of this package with a `name`, a one-line `description` and
`score(case, response) -> Score` (ragas' metric-as-a-class). `response` is the JSON of a draft response
(`DraftResponse.model_dump(mode="json")`), not the model: the metrics then judge what outside callers see,
and they keep working while the response grows fields (a draft's `plan` is optional and read when present).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["tp", "fp", "fn", "tn"]
Group = Literal["reading", "draft", "similarity", "rubric"]
GROUPS: tuple[Group, ...] = ("reading", "draft", "similarity", "rubric")
"""What a metric judges, in the order reports list them."""
Split = Literal["tune", "report"]


class Turn(BaseModel):
    """One earlier message of a case's thread."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    role: Literal["customer", "agent"]
    """Who wrote it."""
    text: str
    """What they wrote."""


class CareCase(BaseModel):
    """An eval case: the DESIGN.md case fields, plus where it comes from and what the post wants.

    `eval.run` (`tactful eval`) reads the same model; unknown fields are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    """Case id, unique within its file."""
    channel: Literal["twitter", "facebook", "instagram"] = "twitter"
    """Where the reply goes."""
    author: str | None = Field(default=None, max_length=200)
    """The customer's name as shown on the channel."""
    text: str = Field(min_length=1, max_length=10_000)
    """The customer's post."""
    lang: str | None = None
    """Expected language of the post (and so of the reply)."""
    mood: str | None = None
    """Expected mood."""
    faq: list[str] | None = None
    """Acceptable FAQ ids; empty: no FAQ applies; None: not labelled."""
    private: bool | None = None
    """Whether helping needs a DM."""
    troll: bool | None = None
    """Abuse with nothing to solve."""
    injection: bool | None = None
    """The post tries to instruct the assistant."""
    escalate: bool | None = None
    """A safety case."""
    pii: list[str] = []
    """Strings that must never appear in a public draft."""
    reference: str | None = None
    """A real agent's reply."""
    brand: str | None = None
    """Folder name of the brand pack under the packs dir; None: the shipped example brand."""
    split: Split | None = None
    """`tune` (may be looked at while tuning) or `report` (brands we did not tune on)."""
    intent: str | None = None
    """What the post wants (DESIGN.md intents)."""
    thread: tuple[Turn, ...] = ()
    """The conversation so far, oldest first."""
    script: Literal["Hans", "Hant"] | None = None
    """Chinese script of the post, which the reply keeps."""


class Score(BaseModel):
    """One metric's verdict on one case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float | None
    """0..1 (1 is good); None when the metric does not apply to this case."""
    passed: bool | None
    """Whether the case passes this metric; None when it does not apply."""
    reason: str = ""
    """Why, in words that repeat across cases (so failures can be counted); never customer data."""
    outcome: Outcome | None = None
    """For detection metrics: true/false positive/negative, from which the aggregate computes P/R."""
    failed: tuple[str, ...] = ()
    """For combining metrics: the checks that failed, each "check: reason"."""


NOT_APPLICABLE = Score(value=None, passed=None, reason="not applicable")


def verdict(ok: bool, reason: str = "") -> Score:
    """A pass/fail score with value 1.0/0.0."""
    return Score(value=1.0 if ok else 0.0, passed=ok, reason=reason or ("ok" if ok else "failed"))


def skip(reason: str) -> Score:
    """A not-applicable score that says why."""
    return Score(value=None, passed=None, reason=reason)


class Metric:
    """Base of every metric: subclasses set `name` and `description` and implement `score`."""

    name: ClassVar[str] = ""
    """Registry key, also the column name in reports."""
    description: ClassVar[str] = ""
    """One line saying what passes."""
    group: ClassVar[Group] = "draft"
    """What it judges: the reading, the drafts, similarity to a reference, or the combined rubric."""
    costly: ClassVar[bool] = False
    """True when scoring needs a model (the runner's --no-cosine skips these)."""

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        raise NotImplementedError

    def aggregate(self, scores: Iterable[Score]) -> dict[str, float | int | None]:
        """n applicable cases, mean value and pass rate over them."""
        applicable = [s for s in scores if s.value is not None]
        judged = [s for s in applicable if s.passed is not None]
        return {
            "n": len(applicable),
            "mean": _ratio(sum(s.value or 0.0 for s in applicable), len(applicable)),
            "pass_rate": _ratio(sum(1 for s in judged if s.passed), len(judged)),
        }

    headline: ClassVar[str] = "mean"
    """The aggregate key a one-number table cell shows."""


class DetectionMetric(Metric):
    """A yes/no detection judged as precision and recall over cases, not accuracy over the many negatives."""

    headline: ClassVar[str] = "recall"

    @staticmethod
    def judge(expected: bool | None, got: bool, what: str) -> Score:
        """The score of one case: its confusion-matrix cell."""
        if expected is None:
            return NOT_APPLICABLE
        outcome: Outcome = ("tp" if got else "fn") if expected else ("fp" if got else "tn")
        reason = {"tp": f"{what} caught", "tn": f"not {what}, not flagged",
                  "fn": f"{what} missed", "fp": f"flagged {what} wrongly"}[outcome]
        return Score(value=1.0 if expected == got else 0.0, passed=expected == got, reason=reason, outcome=outcome)

    def aggregate(self, scores: Iterable[Score]) -> dict[str, float | int | None]:
        """Counts of tp/fp/fn/tn, precision and recall (None when undefined), and accuracy as `mean`."""
        scores = list(scores)
        counts = {k: sum(1 for s in scores if s.outcome == k) for k in ("tp", "fp", "fn", "tn")}
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        return {
            **super().aggregate(scores), **counts,
            "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
        }


def _ratio(part: float, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


METRICS: dict[str, type[Metric]] = {}
"""Every registered metric class by name (filled by the modules of this package as they are imported)."""


M = TypeVar("M", bound=type[Metric])


def register(cls: M) -> M:
    """Class decorator: add a metric to the registry; a metric without a name or description is refused."""
    if not cls.name or not cls.description:
        raise TypeError(f"{cls.__name__}: a metric needs a `name` and a one-line `description`")
    if cls.name in METRICS and METRICS[cls.name] is not cls:
        raise TypeError(f"{cls.__name__}: metric name {cls.name!r} is taken by {METRICS[cls.name].__name__}")
    METRICS[cls.name] = cls
    return cls


# --- reading the response JSON ---------------------------------------------------------------------


def reading(response: dict[str, Any]) -> dict[str, Any]:
    """The response's reading ({} when absent)."""
    value = response.get("reading")
    return value if isinstance(value, dict) else {}


def drafts(response: dict[str, Any], visibility: str | None = None) -> list[dict[str, Any]]:
    """The response's drafts, optionally only the `public` or `private` ones, in order."""
    items = [d for d in response.get("drafts") or [] if isinstance(d, dict)]
    return [d for d in items if visibility is None or d.get("visibility") == visibility]


def first_public(response: dict[str, Any]) -> dict[str, Any] | None:
    """The first public draft, the one an agent posts; None when there is none."""
    public = drafts(response, "public")
    return public[0] if public else None


FAQ_ANSWERS = "faq_answers"
"""Key the care runner adds to the response it scores: the answers of the FAQ entries its drafts use, as
{faq_id: {language: answer}}, the brand's default language first. The response names FAQ ids only; a metric
that compares a draft with what the FAQ says (`fact_coverage`) reads the text here and skips a case without it."""


def faq_answers(response: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The FAQ answers the runner passed with the response ({} when it passed none)."""
    value = response.get(FAQ_ANSWERS)
    return value if isinstance(value, dict) else {}


def plan(draft: dict[str, Any] | None) -> dict[str, Any] | None:
    """A draft's reply plan, when the service attached one."""
    value = draft.get("plan") if draft else None
    return value if isinstance(value, dict) else None


def plan_does(draft: dict[str, Any] | None, action: str) -> bool | None:
    """Whether the draft's plan includes `action`; None when the draft carries no plan."""
    p = plan(draft)
    return None if p is None else action in (p.get("actions") or ())
