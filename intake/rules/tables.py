"""The small rule sets the response importer applies to the words of a document.

- `kind`: a recommendation asks someone to act; a conclusion is a finding.
- `bodies_addressed`: the bodies a recommendation asks to act, read from its own words.
- `suggest_status`: a status suggested by the words of the reply, with the sentence that decided it.

Each rule is a short table of phrases. Where a rule gives a wrong answer, improve the table, not the callers.
"""

import re
from dataclasses import dataclass

from recommendations.models import Kind, Status

from ..sentences import sentences


@dataclass(frozen=True)
class BodyName:
    name: str
    short_name: str
    slug: str
    aliases: tuple[str, ...]  # regular expressions, matched case-sensitively


# The bodies recommendations are addressed to and replies come from; defined once, here.
# "the Department" alone is the Education Committee's department, the Department for Education.
BODIES: tuple[BodyName, ...] = (
    BodyName(
        "Department for Education",
        "DfE",
        "department-for-education",
        (r"Department for Education", r"DfE", r"[Tt]he Department\b(?!s)(?! (?:for|of)\b)"),
    ),
    BodyName(
        "Department of Health and Social Care",
        "DHSC",
        "department-of-health-and-social-care",
        (r"Department (?:of|for) Health and Social Care", r"DHSC"),
    ),
    BodyName(
        "Department for Work and Pensions",
        "DWP",
        "department-for-work-and-pensions",
        (r"Department for Work and Pensions", r"DWP"),
    ),
    BodyName(
        "Ministry of Housing, Communities and Local Government",
        "MHCLG",
        "ministry-of-housing-communities-and-local-government",
        (r"Ministry (?:of|for) (?:Housing, Communities|Communities, Housing) and Local Government", r"MHCLG"),
    ),
    BodyName("Ministry of Justice", "MoJ", "ministry-of-justice", (r"Ministry of Justice", r"MoJ")),
    BodyName(
        "Ofsted",
        "Ofsted",
        "ofsted",
        (r"Ofsted", r"Office for Standards in Education, Children['’]s Services and Skills"),
    ),
    BodyName("Care Quality Commission", "CQC", "care-quality-commission", (r"Care Quality Commission", r"CQC")),
    BodyName("NHS England", "NHS England", "nhs-england", (r"NHS England",)),
    BodyName(
        "Equality and Human Rights Commission",
        "EHRC",
        "equality-and-human-rights-commission",
        (r"Equality and Human Rights Commission", r"EHRC"),
    ),
    BodyName(
        "Local authorities", "Local authorities", "local-authorities", (r"[Ll]ocal authorit(?:y|ies)", r"\bLAs?\b")
    ),
    BodyName("Government", "Government", "government", (r"(?<![Ll]ocal )(?<!-)\b(?:[Tt]he )?Government\b",)),
)
GOVERNMENT = BODIES[-1]
BY_SLUG = {body.slug: body for body in BODIES}
_ALIASES = [(re.compile(alias), body) for body in BODIES for alias in body.aliases]


def mentions(text: str) -> list[tuple[int, int, BodyName]]:
    """The bodies named in text, as (start, end, body); the longest name wins where names overlap."""
    found = sorted(
        ((m.start(), m.end(), body) for pattern, body in _ALIASES for m in pattern.finditer(text)),
        key=lambda item: (item[0], item[0] - item[1]),
    )
    chosen, end = [], -1
    for start, stop, body in found:
        if start >= end:
            chosen.append((start, stop, body))
            end = stop
    return chosen


def find_body(name: str) -> BodyName | None:
    """The body a responder's name ("Ofsted", "the Equality and Human Rights Commission") refers to."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    for pattern, body in _ALIASES:
        if pattern.fullmatch(name) or pattern.fullmatch(f"the {name}"):
            return body
    return None


# --- Kind: does the text ask someone to act? ---------------------------------------------------

# Phrases that ask someone to act; the "who" group holds whom they ask.
ASK_PHRASES = (
    re.compile(r"\b[Ww]e (?:also |therefore )?recommend (?:that )?(?P<who>.*)"),
    re.compile(r"\b[Ww]e (?:also )?(?:call on|call upon|urge) (?P<who>.*?)\bto\b"),
    re.compile(r"\b[Ww]e (?:would )?expect (?P<who>.*?)\bto\b"),
    re.compile(r"\b[Tt]here is a (?:clear |real |urgent )?need for (?P<who>.*?)\bto\b"),
    re.compile(r"\b[Ii]t is (?:now )?up to (?P<who>.*?)\bto\b"),
)
# "X should/must do": an obligation, unless it only says what should *be* or must *have been*.
OBLIGATION = re.compile(r"\b(?:should|must|ought to|needs? to)\b(?!\s+(?:not\s+)?(?:also\s+)?(?:be|have)\b)")
ACTOR_PRONOUN = re.compile(r"\b(?:[Ii]t|[Tt]hey)\s*$")


def _leading_bodies(text: str) -> list[BodyName]:
    """The list of bodies text starts with: "the Department for Education and the DHSC jointly ..." gives both."""
    bodies, position = [], 0
    separator = re.compile(r"^[\s,]*(?:(?:and|or|together with|in partnership with|with|as well as)\s+)?(?:the\s+)?$")
    for start, end, body in mentions(text):
        if not separator.match(text[position:start]):
            break
        bodies.append(body)
        position = end
    return bodies


def asks(text: str) -> list[tuple[str, list[BodyName]]]:
    """Each request in text, as (sentence, bodies asked to act)."""
    found = []
    for sentence in sentences(text):
        for phrase in ASK_PHRASES:
            match = phrase.search(sentence)
            if match:
                found.append((sentence, _leading_bodies(match.group("who"))))
        start = 0
        for match in OBLIGATION.finditer(sentence):
            subject = sentence[start : match.start()]
            bodies = [body for _, _, body in mentions(subject)]
            if bodies or ACTOR_PRONOUN.search(subject):
                found.append((sentence, bodies))
            start = match.end()
    return found


def kind(text: str) -> str:
    """A recommendation if any sentence asks someone to act, otherwise a conclusion."""
    return Kind.RECOMMENDATION if asks(text) else Kind.CONCLUSION


def bodies_addressed(text: str) -> list[BodyName]:
    """The bodies the text asks to act, in the order first asked; none for a conclusion."""
    result = []
    for _, bodies in asks(text):
        result.extend(body for body in bodies if body not in result)
    return result


# --- Which recommendation a reply heading quotes ----------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _longest_common_run(a: list[str], b: list[str]) -> int:
    best, previous = 0, [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def quoted(heading: str, texts: list[str]) -> int | None:
    """The index of the text a heading clearly quotes, or None when its words do not decide.

    Clearly: the longest run of words (quotes, ellipses, case and spacing aside) shared with that text is at
    least three words and half the heading, and longer than that shared with any other text.
    """
    words = _words(heading)
    scores = sorted(((_longest_common_run(words, _words(text)), -i) for i, text in enumerate(texts)), reverse=True)
    if not scores:
        return None
    best, index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0
    return -index if best >= 3 and best * 2 >= len(words) and best > runner_up else None


# --- Suggested status from the words of a reply ------------------------------------------------

_REVIEW = r"the (?:[a-z]+-[A-Za-z]+ )?(?P<review>(?:[A-Z][\w-]*\s)+Review)\b"


def _phrases(*patterns: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def _review_phrases(*patterns: str) -> tuple[re.Pattern, ...]:
    # The review's name must keep its capitals ("SEND Review"), so only the first letter of "the" is free.
    return tuple(re.compile(pattern.replace("{review}", _REVIEW.replace("the ", "[Tt]he ", 1))) for pattern in patterns)


# A word that turns what follows round: "does not accept", "cannot agree", "is unable to support".
NEGATION = re.compile(r"\b(?:not(?! only)|never|cannot|unable|no longer|neither|nor)\b|n['’]t\b", re.IGNORECASE)
# Where the clause a verb belongs to starts, looking back from the verb.
CLAUSE_START = re.compile(r"[,;:(]|\b(?:but|however|although|though|while|whilst|and|which|that)\b", re.IGNORECASE)


def negated(sentence: str, at: int) -> bool:
    """Whether the verb at `at` is negated within its own clause ("The Government does not accept ...")."""
    before = sentence[max(0, at - 60) : at]
    starts = [m.end() for m in CLAUSE_START.finditer(before)]
    return bool(NEGATION.search(before[starts[-1] if starts else 0 :]))


# The reply's verdict on the recommendation as a whole, in so many words, by any subject. Read with `negated`:
# "The Government does not accept this recommendation" is a rejection of the whole.
_THE_RECOMMENDATION = (
    r"(?:the|this|that|these|its|our) (?:committee['’]s |select committee['’]s |above |first |)"
    r"(?:recommendations?|proposals?)"
)
WHOLE_AGREEMENT = _phrases(
    rf"\b(?:accept|agree(?: with)?|support|endorse|implement)(?:s|ed|ing)? {_THE_RECOMMENDATION}",
)
WHOLE_REJECTION = _phrases(rf"\b(?:rejects?|rejected|rejecting|declines? to accept) {_THE_RECOMMENDATION}")
# A short reply, or the label that starts one: "Accepted.", "Not accepted.", "Recommendation partially accepted."
TERSE = re.compile(
    r"^(?:(?:this |the )?(?:recommendation|conclusion)(?: is)?\s*:?\s*)?(?:the government response:?\s*)?"
    r"(?P<verdict>(?:not |partially |partly |fully )?(?:accepted|agreed|rejected|supported|noted)"
    r"(?: in (?:part|principle|full))?|under (?:consideration|review)|disagree(?:d)?)[.!:]?$",
    re.IGNORECASE,
)
TERSE_STATUS = (
    (r"^(?:not accepted|not agreed|not supported|rejected|disagreed?)$", Status.REJECTED),
    (r"in principle$", Status.ACCEPTED_IN_PRINCIPLE),
    (r"^(?:partially|partly) |in part$", Status.PARTIALLY_ACCEPTED),
    (r"^(?:fully )?(?:accepted|agreed|supported)(?: in full)?$", Status.ACCEPTED),
    (r"noted$", Status.NOTED),
    (r"consideration$", Status.UNDER_CONSIDERATION),
)
IN_PRINCIPLE = _phrases(
    r"\b(?:accept|agree|support|endorse)(?:s|ed)?\b[^.;]{0,80}\bin principle\b",
    r"\bin principle,? (?:we |the [a-z ]{0,30}|[A-Z]\w+ )?(?:accept|agree|support|endorse)",
)
PARTIAL = _phrases(
    r"\b(?:partially|partly) (?:accept|agree|support)",
    r"\b(?:accept|agree|support)(?:s|ed)?\b[^.;]{0,60}\bin part\b",
    r"\b(?:accept|agree with|support)(?:s|ed)? (?:the )?(?:first |second |third |last |main |some |a )?"
    r"(?:part|parts|elements?|aspects?) of\b",
    r"\b(?:accept|agree|support)(?:s|ed)? (?:\w+ ){0,6}\bbut not\b",
    r"\bnot (?:fully|entirely|wholly) (?:accept|agree|support)",
    r"\b(?:accept|agree|support)(?:s|ed)? (?:\w+ ){0,4}?(?:in full|in its entirety|fully)\b",
)
# Does not accept, or says nothing needs to change. Any subject: we, the Government, the Department, a body.
REJECTS = _phrases(
    r"\b(?:do|does|did|can|could|will|would|shall) not (?:fully )?(?:accept|agree|support|endorse)\b",
    r"\bcannot (?:accept|agree|support|endorse)\b|\b(?:is|are) unable to (?:accept|agree|support|endorse)\b",
    r"\bnot accepted\b|\bnot agreed\b",
    r"\brejects?\b|\bdeclines? to (?:accept|adopt|implement|take forward)\b",
    r"\b(?:is|are|am) not minded to\b",
    r"\bdo(?:es)? not (?:consider|think|believe) (?:it|this|that it) (?:is |would be )?"
    r"(?:necessary|appropriate|right)\b",
    r"\bdo(?:es)? not (?:feel|think|believe|consider) that [^.]*\b(?:is|are) (?:needed|necessary|required)\b",
    r"\bdo(?:es)? not (?:propose|intend|plan) to\b",
    r"\b(?:has|have) no (?:current |immediate )?(?:plans?|intention) to\b",
    r"\b(?:we|it|they|[Gg]overnment|[Dd]epartment) (?:believes?|considers?|thinks?)\b[^.]*\bunnecessary\b",
    r"\bwe disagree\b|\bdisagrees? with\b",
    r"\balready sufficient\b|\bsufficiently robust\b",
    r"\balready in place\b[^.]*\baddress(?:es)? (?:this|these|that|the) concerns?\b",
)
# Who speaks: we, the Government, the Department, a named body (capitals kept even where the phrase ignores case).
_SUBJECT = (
    r"(?-i:[Ww]e|[Ii]t|[Tt]hey|[Tt]he [A-Z][\w ,&'’-]{0,60}?|[Tt]he (?:[Gg]overnment|[Dd]epartment|[Cc]ommittee)"
    r"|[A-Z][A-Za-z]+)"
)
# Agrees with what is asked, commits to it, or says it already does it ("We do encourage ..."). Read with
# `negated`: a negated agreement is a rejection.
AGREES = _phrases(
    rf"\b(?:accepts?|supports?|welcomes?|endorses?) {_THE_RECOMMENDATION}",
    r"\bagrees? with (?:the|this) (?:committee|recommendation)\b",
    r"\bwelcomes? the committee['’]s (?:analysis|findings?|conclusions?) and agrees?\b",
    rf"\bwill (?:implement|take forward|adopt) {_THE_RECOMMENDATION}",
    # "... should", but not "as well as it should"
    rf"\b{_SUBJECT} (?:also |fully |therefore )?(?:agrees?|accepts?)\b[^.]*"
    r"\b(?:(?<!as it )should|must|needs? to|more (?:that )?can be done)\b",
    rf"\b{_SUBJECT} do(?:es)? (?:agree|accept|encourage|support|require|expect)\b",
)
# Agrees with a finding. A position on a conclusion; for a recommendation only a premise ("We agree that SENCOs
# play an important role" says nothing about what the recommendation asks).
AGREES_WITH_FINDING = _phrases(rf"\b(?:{_SUBJECT}|DfE) (?:also |fully )?agrees? (?:with the committee )?that\b")
# The decision is deferred to a named review.
DEFERS_TO_REVIEW = _review_phrases(
    r"\b(?:is|are|will be) (?:being )?considered (?:as part of|through|in|by) {review}",
    r"\bwill provide further (?:detail|details|information) (?:through|in|as part of) {review}",
    r"\b[Aa]s part of {review}",
    r"\b(?:is|are) (?:a matter|one) for {review}",
)
# The decision is pending, with no named review.
CONSIDERS = _phrases(
    r"\bwill (?:carefully |further |now )?consider\b",
    rf"\b(?:is|are) (?:currently |actively |carefully )?considering {_THE_RECOMMENDATION}",
    r"\bunder (?:active |careful )?consideration\b",
    r"\bwill (?:give|be giving) (?:careful |further |full )?consideration\b",
    r"\bin discussions? (?:about|on|with|regarding)\b",
    r"\bare exploring whether\b",
    r"\bwill (?:be )?respond(?:ing)?\b[^.]*\bin due course\b",
)
# A named review is doing the work; weaker than an agreement.
REVIEW_AT_WORK = _review_phrases(
    r"{review}(?: team)? (?:is|are|has|have|will)\b",
    r"\b(?:established|launched|set up) {review} to\b",
    r"\bthrough {review}",
)
ACKNOWLEDGES = _phrases(r"\bwe (?:acknowledge|note|recognise|welcome)\b|\bnotes the committee")


@dataclass(frozen=True)
class Suggestion:
    status: str  # "" when the words do not decide: `unsure` says why
    review: str | None  # the review's name, for under_review
    evidence: str  # the sentence (or two) that decided it
    unsure: str = ""


UNSURE = "the reply's sentences disagree"
_VERB = re.compile(r"accept|agree|support|endorse|welcome|implement|encourage|require|expect|take forward|adopt", re.I)


def _find(patterns, sentence_list, *, negative: bool | None = False) -> tuple[str, re.Match] | None:
    """The first sentence a pattern matches, with the match. `negative`: only matches whose verb is negated
    (True), only those not negated (False), or either (None)."""
    for sentence in sentence_list:
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                verb = _VERB.search(match.group())
                at = match.start() + (verb.start() if verb else 0)
                if negative is None or negated(sentence, at) == negative:
                    return sentence, match
    return None


def _first(patterns, sentence_list) -> tuple[str, re.Match] | None:
    return _find(patterns, sentence_list, negative=None)


def _terse(parts: list[str]) -> tuple[str, str] | None:
    """A one-word verdict that starts the reply ("Accepted.", "Not accepted.") as (status, sentence)."""
    if parts and (match := TERSE.match(parts[0].strip())):
        verdict = " ".join(match["verdict"].lower().split())
        for pattern, status in TERSE_STATUS:
            if re.search(pattern, verdict):
                return status, parts[0]
    return None


def _verdicts(parts: list[str]) -> dict[str, str]:
    """The reply's verdicts on the recommendation as a whole: status → the sentence saying so."""
    found: dict[str, str] = {}
    if terse := _terse(parts):
        found[terse[0]] = terse[1]
    if principle := _find(IN_PRINCIPLE, parts):
        found.setdefault(Status.ACCEPTED_IN_PRINCIPLE, principle[0])
    if partial := _first(PARTIAL, parts):
        found.setdefault(Status.PARTIALLY_ACCEPTED, partial[0])
    whole = _find(WHOLE_AGREEMENT, parts, negative=True) or _find(WHOLE_REJECTION, parts)
    if whole and (not partial or whole[0] != partial[0]):  # "does not fully accept" is a partial acceptance
        found.setdefault(Status.REJECTED, whole[0])
    if (whole := _find(WHOLE_AGREEMENT, parts)) and whole[0] not in found.values():
        found.setdefault(Status.ACCEPTED, whole[0])
    return found


def _unsure(first: str, second: str, why: str) -> Suggestion:
    both = " … ".join(dict.fromkeys([first, second]))
    return Suggestion("", None, both, f"{UNSURE}: {why} (“{both[:200]}”); no status is suggested.")


def suggest_status(reply_text: str, *, kind: str) -> Suggestion:
    """The status the reply's own words support, or none (with the reason) where its sentences disagree.

    A verdict on the whole recommendation ("Accepted.", "The Department does not accept this recommendation",
    "accepts it in principle", "partially accepted") decides, unless another contradicts it. Otherwise, in this
    order: a rejection together with an agreement → partially accepted; a rejection → rejected; a deferral to a
    named review → under review; a promise to consider → under consideration; an agreement → accepted; a named
    review at work on it → under review; otherwise → noted.
    """
    parts = sentences(reply_text)
    agrees = AGREES + AGREES_WITH_FINDING if kind == Kind.CONCLUSION else AGREES
    rejection = _find(REJECTS, parts, negative=None) or _find(agrees, parts, negative=True)
    agreement = _find(agrees, parts)
    verdicts = _verdicts(parts)
    if Status.REJECTED in verdicts and (others := [v for k, v in verdicts.items() if k != Status.REJECTED]):
        return _unsure(verdicts[Status.REJECTED], others[0], "one rejects the recommendation, another accepts it")
    if Status.REJECTED in verdicts and agreement and agreement[0] != verdicts[Status.REJECTED]:
        return _unsure(verdicts[Status.REJECTED], agreement[0], "one rejects the recommendation, another agrees")
    if Status.ACCEPTED in verdicts and len(verdicts) > 1:
        other = next(v for k, v in verdicts.items() if k != Status.ACCEPTED)
        return _unsure(verdicts[Status.ACCEPTED], other, "one accepts the recommendation fully, another only in part")
    for status in (Status.REJECTED, Status.ACCEPTED_IN_PRINCIPLE, Status.PARTIALLY_ACCEPTED):
        if status in verdicts:
            return Suggestion(status, None, verdicts[status])
    if Status.ACCEPTED in verdicts and not rejection:
        return Suggestion(Status.ACCEPTED, None, verdicts[Status.ACCEPTED])
    return _by_precedence(parts, rejection, agreement or _verdict_agreement(verdicts))


def _verdict_agreement(verdicts: dict[str, str]):
    return (verdicts[Status.ACCEPTED], None) if Status.ACCEPTED in verdicts else None


def _by_precedence(parts: list[str], rejection, agreement) -> Suggestion:
    if terse := _terse(parts):
        if terse[0] in (Status.NOTED, Status.UNDER_CONSIDERATION):
            return Suggestion(terse[0], None, terse[1])
    if rejection and agreement:
        both = sorted({rejection[0], agreement[0]}, key=parts.index)
        return Suggestion(Status.PARTIALLY_ACCEPTED, None, " … ".join(both))
    if rejection:
        return Suggestion(Status.REJECTED, None, rejection[0])
    if deferral := _first(DEFERS_TO_REVIEW, parts):
        return Suggestion(Status.UNDER_REVIEW, deferral[1].group("review"), deferral[0])
    if consideration := _first(CONSIDERS, parts):
        return Suggestion(Status.UNDER_CONSIDERATION, None, consideration[0])
    if agreement:
        return Suggestion(Status.ACCEPTED, None, agreement[0])
    if work := _first(REVIEW_AT_WORK, parts):
        return Suggestion(Status.UNDER_REVIEW, work[1].group("review"), work[0])
    acknowledgement = _first(ACKNOWLEDGES, parts)
    return Suggestion(Status.NOTED, None, acknowledgement[0] if acknowledgement else (parts[0] if parts else ""))
