//! The answer states a cell can state instead of an answer: not applicable, unknown and none, in the words
//! vendors write them, and the finding for a spreadsheet's error value in place of one. Which words each
//! question's type takes is the module's "Decisions where the contract is silent".

use super::{is_dash, leading, Code, Explain, Finding, Outcome};
use crate::profile::catalogue::AnswerKind;
use crate::profile::ChoiceSet;

use Explain::{Separated as SE, Spaced as SP};

pub(super) fn error_cell(error: &str) -> Finding {
    let message = if error.is_empty() {
        "the cell holds a spreadsheet error".to_owned()
    } else {
        format!("the cell holds the error {error}")
    };
    Finding::new(Code::ErrorCell, message)
}

/// Not applicable or unknown: the answer-state words every type takes.
#[derive(Clone, Copy, PartialEq)]
enum StateWord {
    NotApplicable,
    /// `NA`, which in free text and lists is as often North America (`NA, EMEA, APAC`): there it means
    /// not applicable only alone.
    NotApplicableShort,
    /// `unknown` and its translations, which may begin a name (`Unknown Worlds`).
    Unknown,
    /// The other unknown words, which never begin an answer of its own, so that free text and lists take
    /// them followed by a few words without a separator too (`TBD by sales`, `Not sure yet`).
    UnknownLead,
}

/// The not-applicable and unknown words, longest first where one begins another, and before the none
/// words (`not applicable` before `not`, `no aplica` before `no`).
const STATE_WORDS: &[(&str, StateWord, Explain)] = &[
    ("not applicable", StateWord::NotApplicable, SP),
    ("not relevant", StateWord::NotApplicable, SP),
    ("does not apply", StateWord::NotApplicable, SP),
    ("doesn't apply", StateWord::NotApplicable, SP),
    ("doesn’t apply", StateWord::NotApplicable, SP),
    ("n/a", StateWord::NotApplicable, SP),
    ("n.a.", StateWord::NotApplicable, SP),
    ("n.a", StateWord::NotApplicable, SP),
    ("na", StateWord::NotApplicableShort, SP),
    ("non applicable", StateWord::NotApplicable, SP),
    ("sans objet", StateWord::NotApplicable, SP),
    ("nicht zutreffend", StateWord::NotApplicable, SP),
    ("nicht anwendbar", StateWord::NotApplicable, SP),
    ("entfällt", StateWord::NotApplicable, SP),
    ("entfaellt", StateWord::NotApplicable, SP),
    ("no aplica", StateWord::NotApplicable, SP),
    ("no aplicable", StateWord::NotApplicable, SP),
    ("não se aplica", StateWord::NotApplicable, SP),
    ("nao se aplica", StateWord::NotApplicable, SP),
    ("não aplicável", StateWord::NotApplicable, SP),
    ("niet van toepassing", StateWord::NotApplicable, SP),
    ("n.v.t.", StateWord::NotApplicable, SP),
    ("n.v.t", StateWord::NotApplicable, SP),
    ("nvt", StateWord::NotApplicable, SP),
    ("tbd", StateWord::UnknownLead, SP),
    ("tbc", StateWord::UnknownLead, SP),
    ("t.b.d.", StateWord::UnknownLead, SP),
    ("t.b.c.", StateWord::UnknownLead, SP),
    ("to be defined", StateWord::UnknownLead, SP),
    ("to be decided", StateWord::UnknownLead, SP),
    ("to be determined", StateWord::UnknownLead, SP),
    ("to be confirmed", StateWord::UnknownLead, SP),
    ("to be clarified", StateWord::UnknownLead, SP),
    ("unknown", StateWord::Unknown, SP),
    ("not known", StateWord::UnknownLead, SP),
    ("not yet known", StateWord::UnknownLead, SP),
    ("not sure", StateWord::UnknownLead, SP),
    ("unsure", StateWord::UnknownLead, SP),
    ("undecided", StateWord::UnknownLead, SP),
    ("not decided", StateWord::UnknownLead, SP),
    ("not yet decided", StateWord::UnknownLead, SP),
    ("no idea", StateWord::UnknownLead, SP),
    ("don't know", StateWord::UnknownLead, SP),
    ("don’t know", StateWord::UnknownLead, SP),
    ("dont know", StateWord::UnknownLead, SP),
    ("do not know", StateWord::UnknownLead, SP),
    ("unbekannt", StateWord::Unknown, SP),
    ("inconnu", StateWord::Unknown, SP),
    ("desconocido", StateWord::Unknown, SP),
    ("desconhecido", StateWord::Unknown, SP),
    ("onbekend", StateWord::Unknown, SP),
];

/// What the none words mean: there is nothing.
#[derive(Clone, Copy)]
struct Nothing;

/// The words that say there is nothing, for the types that have the none state; longest first where one
/// begins another. Each takes an explanation only after a separator (`None yet, planned for Q3`), so that
/// `No personal data leaves the EU` stays the vendor's answer.
const NONE_WORDS: &[(&str, Nothing, Explain)] = &[
    ("none yet", Nothing, SE),
    ("none at all", Nothing, SE),
    ("none so far", Nothing, SE),
    ("none at the moment", Nothing, SE),
    ("none at present", Nothing, SE),
    ("none currently", Nothing, SE),
    ("none today", Nothing, SE),
    ("none", Nothing, SE),
    ("currently none", Nothing, SE),
    ("nothing yet", Nothing, SE),
    ("nothing at all", Nothing, SE),
    ("nothing", Nothing, SE),
    ("not used yet", Nothing, SE),
    ("not yet used", Nothing, SE),
    ("not used", Nothing, SE),
    ("not in use", Nothing, SE),
    ("not yet", Nothing, SE),
    ("unused", Nothing, SE),
    ("no", Nothing, SE),
    // German
    ("noch keine", Nothing, SE),
    ("noch keins", Nothing, SE),
    ("noch nicht", Nothing, SE),
    ("nicht verwendet", Nothing, SE),
    ("nicht genutzt", Nothing, SE),
    ("keine", Nothing, SE),
    ("keiner", Nothing, SE),
    ("keines", Nothing, SE),
    ("kein", Nothing, SE),
    ("nichts", Nothing, SE),
    ("nein", Nothing, SE),
    // French
    ("pas encore", Nothing, SE),
    ("non utilisé", Nothing, SE),
    ("non utilise", Nothing, SE),
    ("aucun", Nothing, SE),
    ("aucune", Nothing, SE),
    ("rien", Nothing, SE),
    ("néant", Nothing, SE),
    ("neant", Nothing, SE),
    ("non", Nothing, SE),
    // Spanish and Portuguese
    ("todavía no", Nothing, SE),
    ("todavia no", Nothing, SE),
    ("aún no", Nothing, SE),
    ("aun no", Nothing, SE),
    ("ainda não", Nothing, SE),
    ("ainda nao", Nothing, SE),
    ("ninguno", Nothing, SE),
    ("ninguna", Nothing, SE),
    ("nenhum", Nothing, SE),
    ("nenhuma", Nothing, SE),
    ("nada", Nothing, SE),
    ("não", Nothing, SE),
    ("nao", Nothing, SE),
    // Dutch
    ("nog geen", Nothing, SE),
    ("nog niet", Nothing, SE),
    ("niet gebruikt", Nothing, SE),
    ("geen", Nothing, SE),
    ("niets", Nothing, SE),
    ("nee", Nothing, SE),
];

/// The words that may follow `no`, `none`, `nothing` or `not` in an answer that still names nothing: what
/// kind of thing is missing, and since when (`No monitoring yet`, `No dedicated APM tool`, `Not in place so
/// far`, `No specific residency requirements`). Any other word may be a name or a statement of its own
/// (`No personal data leaves the EU`, `No Helm, only Kustomize`), and keeps the text the vendor's answer.
const NOTHING_NAMED: &[&str] = &[
    // What is missing.
    "tool",
    "tools",
    "tooling",
    "solution",
    "solutions",
    "product",
    "products",
    "software",
    "service",
    "services",
    "system",
    "systems",
    "platform",
    "monitoring",
    "alerting",
    "observability",
    "apm",
    "tracing",
    "replication",
    "sync",
    "authentication",
    "auth",
    "network",
    "security",
    "controls",
    "measures",
    "data",
    "residency",
    "constraint",
    "constraints",
    "restriction",
    "restrictions",
    "requirement",
    "requirements",
    "regulation",
    "regulations",
    // How it is missing, and since when.
    "a",
    "an",
    "any",
    "the",
    "of",
    "for",
    "such",
    "dedicated",
    "specific",
    "particular",
    "formal",
    "special",
    "separate",
    "needed",
    "required",
    "implemented",
    "defined",
    "established",
    "planned",
    "in",
    "place",
    "use",
    "used",
    "set",
    "up",
    "yet",
    "so",
    "far",
    "now",
    "at",
    "all",
    "moment",
    "present",
    "currently",
    "today",
    // When it is coming (`None yet planned for Q3`, `No tooling until next year`): numbers (years) are
    // taken too, see [`nothing_named`].
    "until",
    "till",
    "by",
    "next",
    "this",
    "later",
    "soon",
    "year",
    "years",
    "quarter",
    "month",
    "months",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words that may come before the `no`, `none` or `nothing` of [`nothing_named`]: `We have none yet`,
/// `There is no APM in place`, `We currently have no monitoring`.
const NOTHING_LEADS: &[&str] = &["we", "ve", "have", "there", "is", "are", "s", "currently", "still"];

/// `No monitoring yet`, `No dedicated APM tool.`, `None yet planned for Q3`, `We have none yet`: a leading
/// `no`, `none`, `nothing` or `not` (after at most three [`NOTHING_LEADS`] words) followed only by
/// [`NOTHING_NAMED`] words and numbers (`2027`), and nothing else: after a separator (`No replication, we
/// copy the files`) the rest may well name what is used, so such a text stays the vendor's answer, as does
/// a word that may be a name (`No Helm yet`).
fn nothing_named(t: &str) -> bool {
    // A sentence after the first (`No APM yet. Tracing from March.`) may name what is used.
    if t.contains([',', ';', ':', '(', '\n', '\r', '-', '–', '—', '/', '&', '+', '?'])
        || t.trim_end_matches(['.', '!', ' ']).contains(['.', '!'])
    {
        return false;
    }
    let mut words = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase);
    let mut leads = 0;
    let first = loop {
        let Some(word) = words.next() else { return false };
        if leads < 3 && NOTHING_LEADS.contains(&word.as_str()) {
            leads += 1;
            continue;
        }
        break word;
    };
    if !matches!(first.as_str(), "no" | "none" | "nothing" | "not") {
        return false;
    }
    // `We have none` says as much as `None`; a bare `No` or `Not` is left to the none words.
    let mut any = leads > 0 && first != "not";
    for word in words {
        if !NOTHING_NAMED.contains(&word.as_str()) && !word.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        any = true;
    }
    any
}

/// How a question's type takes the answer-state words.
#[derive(Clone, Copy)]
pub(super) struct StateWords {
    /// How an explanation may follow a not-applicable or unknown word: free text and lists are the
    /// vendor's own words, so there only after a separator.
    explain: Explain,
    /// What the none words mean.
    none: NoneMeans,
}

#[derive(Clone, Copy, PartialEq)]
enum NoneMeans {
    /// The none state: free text, lists and sets of choices without a `none` option.
    Nothing,
    /// Not applicable, for the word `none` and a lone dash only: the other types.
    NotApplicable,
    /// The question's own `none` option (the DR strategy), which its reader finds.
    Option,
}

impl StateWords {
    pub(super) fn of(kind: AnswerKind) -> StateWords {
        let has_none_option = |set: &ChoiceSet| set.options.iter().any(|o| o.value == "none");
        let (explain, none) = match kind {
            AnswerKind::Text | AnswerKind::Table(_) | AnswerKind::List => (Explain::Separated, NoneMeans::Nothing),
            AnswerKind::Choice(set) | AnswerKind::Choices(set) if has_none_option(set) => {
                (Explain::Spaced, NoneMeans::Option)
            }
            AnswerKind::Choices(_) => (Explain::Spaced, NoneMeans::Nothing),
            _ => (Explain::Spaced, NoneMeans::NotApplicable),
        };
        StateWords { explain, none }
    }
}

/// The answer state `t` states, if any, with the explanation after it.
pub(super) fn answer_state(t: &str, words: StateWords) -> Option<(Outcome, &str)> {
    if t.chars().all(is_dash) {
        let outcome = if words.none == NoneMeans::Nothing { Outcome::None } else { Outcome::NotApplicable };
        return Some((outcome, ""));
    }
    if t.chars().all(|c| c == '?' || c == '？') {
        return Some((Outcome::Unknown, ""));
    }
    match leading(t, STATE_WORDS, words.explain) {
        Some((StateWord::NotApplicableShort, comment)) if !comment.is_empty() && words.explain != SP => {}
        Some((StateWord::NotApplicable | StateWord::NotApplicableShort, comment)) => {
            return Some((Outcome::NotApplicable, comment))
        }
        Some((StateWord::Unknown | StateWord::UnknownLead, comment)) => return Some((Outcome::Unknown, comment)),
        None => {}
    }
    // In free text, only a few words after a space (`TBD by sales`, `Not sure yet`): a longer text or one
    // with a sentence of its own (`Not sure what you mean; users sign in with Entra ID`) is an answer.
    if words.explain == SE {
        if let Some((StateWord::UnknownLead, comment)) = leading(t, STATE_WORDS, SP) {
            let spaced = t.strip_suffix(comment).is_some_and(|before| before.ends_with(char::is_whitespace));
            let short = comment.split_whitespace().count() <= 4
                && !comment.contains([',', ';', ':', '.', '!', '?', '(', ')', '\n', '\r']);
            if spaced && short {
                return Some((Outcome::Unknown, comment));
            }
        }
    }
    match words.none {
        NoneMeans::Nothing if words.explain == SE && nothing_named(t) => Some((Outcome::None, "")),
        NoneMeans::Nothing => leading(t, NONE_WORDS, SE).map(|(Nothing, comment)| (Outcome::None, comment)),
        NoneMeans::NotApplicable => leading(t, &[("none", Nothing, SP)], words.explain)
            .map(|(Nothing, comment)| (Outcome::NotApplicable, comment)),
        NoneMeans::Option => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;

    /// `leading` skips the phrases that cannot match a text's first letter; that may never skip one that
    /// matches, whatever the case or script of the text.
    #[test]
    fn the_first_letter_shortcut_skips_no_phrase_that_matches() {
        let phrases: Vec<&str> = super::STATE_WORDS
            .iter()
            .map(|p| p.0)
            .chain(super::NONE_WORDS.iter().map(|p| p.0))
            .chain(super::NOTHING_NAMED.iter().copied())
            .chain(super::super::yesno::YES_NO.iter().map(|p| p.0))
            .collect();
        let mut texts: Vec<String> = Vec::new();
        for phrase in &phrases {
            texts.extend([
                phrase.to_string(),
                phrase.to_uppercase(),
                format!("{phrase}, because"),
                format!(" {phrase}"),
            ]);
        }
        texts.extend(["\u{212A}eine".into(), "ÉTÉ".into(), "Ñ/A".into(), "".into(), "?".into(), "–".into()]);
        let mut matched = 0;
        for text in &texts {
            for phrase in &phrases {
                let found = match_prefix(text, phrase).is_some();
                matched += usize::from(found);
                assert!(!found || may_start(first_letter(text), phrase), "{text:?} {phrase:?}");
            }
        }
        assert!(matched > phrases.len(), "the texts match the phrases they were made from");
        assert!(match_prefix("\u{212A}eine", "keine").is_some(), "case folds beyond ASCII");
    }
    use crate::profile::{Choice, Regulation, State};
    use serde_json::json;

    /// The types with the none state, and some without.
    const WITH_NONE: [AnswerKind; 4] = [AnswerKind::Text, AnswerKind::List, MODELS, COMPUTE];
    const FREE_TEXT: [AnswerKind; 2] = [AnswerKind::Text, AnswerKind::List];
    const WITHOUT_NONE: [AnswerKind; 4] = [AnswerKind::YesNo, HOSTING, AnswerKind::Duration, AnswerKind::SizeGb];

    #[test]
    fn not_applicable_spellings() {
        for kind in WITH_NONE.into_iter().chain(WITHOUT_NONE) {
            for text in [
                "N/A",
                "n/a",
                "na",
                "NA",
                "Not applicable",
                "not  applicable",
                "n.a.",
                "N/A.",
                "Non applicable",
                "sans objet",
                "nicht zutreffend",
                "Entfällt",
                "No aplica",
                "Não se aplica",
                "niet van toepassing",
                "n.v.t.",
            ] {
                assert_eq!(state(kind, text), State::NotApplicable, "{text:?} as {}", kind.name());
            }
        }
    }

    #[test]
    fn unknown_spellings() {
        for kind in WITH_NONE.into_iter().chain(WITHOUT_NONE) {
            for text in [
                "TBD",
                "tbc",
                "Unknown",
                "?",
                "???",
                "not sure",
                "Don't know",
                "dont know",
                "don’t know",
                "No idea",
                "TBD.",
                "unbekannt",
                "Inconnu",
                "desconocido",
                "onbekend",
            ] {
                assert_eq!(state(kind, text), State::Unknown, "{text:?} as {}", kind.name());
            }
        }
        // Free text and lists take an explanation after these without a separator too; `Unknown` may begin
        // a name there.
        for kind in FREE_TEXT {
            for (text, explanation) in
                [("TBD by sales", "by sales"), ("Not sure yet", "yet"), ("To be decided next week", "next week")]
            {
                let reading = read_text(kind, text);
                assert_eq!(reading.outcome, Outcome::Unknown, "{text:?} as {}", kind.name());
                assert_eq!(reading.comment.as_deref(), Some(explanation), "{text:?} as {}", kind.name());
            }
        }
        // `Unknown` may begin a name; a longer text or a sentence of its own is the vendor's answer.
        for text in [
            "Unknown Worlds Entertainment",
            "Not sure what you mean by services; users sign in with Entra ID",
            "No idea how many, Okta for users",
            "Not sure which of the regions we will use first",
            "TBD-Service",
        ] {
            assert_eq!(state(AnswerKind::Text, text), State::Answered, "{text:?}");
        }
    }

    #[test]
    fn none_words_are_the_none_state_for_text_lists_and_choices() {
        for kind in WITH_NONE {
            for text in [
                "none",
                "None",
                "NONE.",
                "no",
                "No",
                "nothing",
                "Not used",
                "None yet",
                "not yet",
                "none so far",
                "-",
                "—",
                "–",
                "keine",
                "Kein",
                "noch keine",
                "nein",
                "aucun",
                "Aucune",
                "rien",
                "pas encore",
                "ninguno",
                "ninguna",
                "nada",
                "todavía no",
                "nenhum",
                "NÃO",
                "ainda não",
                "geen",
                "Nog geen",
                "nee",
            ] {
                assert_eq!(state(kind, text), State::None, "{text:?} as {}", kind.name());
            }
        }
    }

    #[test]
    fn none_without_the_none_state_is_not_applicable_or_the_option() {
        for kind in WITHOUT_NONE {
            assert_eq!(state(kind, "none"), State::NotApplicable, "{}", kind.name());
            assert_eq!(state(kind, "-"), State::NotApplicable, "{}", kind.name());
        }
        assert_eq!(value(DR, "None"), json!("none"), "the DR strategy has an option none");
        assert_eq!(state(DR, "-"), State::NotApplicable);
        // The other none words mean nothing special there: no is an answer of a yes/no question, and not a
        // hosting option.
        assert_eq!(value(AnswerKind::YesNo, "No"), json!("no"));
        assert_eq!(finding(HOSTING, "No").code, Code::InvalidChoice);
        assert_eq!(finding(AnswerKind::Duration, "not yet").code, Code::InvalidDuration);
    }

    #[test]
    fn none_with_an_explanation_moves_it_to_the_notes() {
        for kind in WITH_NONE {
            let reading = read_text(kind, "None yet, planned for Q3");
            assert_eq!(reading.outcome, Outcome::None, "{}", kind.name());
            assert_eq!(reading.comment.as_deref(), Some("planned for Q3"));
            assert_eq!(reading.warnings.len(), 1);
            assert_eq!(reading.warnings[0].code, Code::CommentMoved);
            assert_eq!(
                reading.warnings[0].message,
                "\"None yet, planned for Q3\" read as none; \"planned for Q3\" moved to the notes"
            );
        }
        for (text, comment) in [
            ("No - we rely on the customer's VPN", "we rely on the customer's VPN"),
            ("None (yet)", "yet"),
            ("Not used: the platform team decides", "the platform team decides"),
            ("Keine, geplant für Q3", "geplant für Q3"),
            ("None.\nPlanned for Q3", "Planned for Q3"),
        ] {
            let reading = read_text(AnswerKind::Text, text);
            assert_eq!((reading.outcome, reading.comment.as_deref()), (Outcome::None, Some(comment)), "{text:?}");
        }
    }

    #[test]
    fn a_none_word_followed_by_what_is_missing_is_the_none_state() {
        for kind in FREE_TEXT {
            for text in [
                "No monitoring yet",
                "No dedicated APM tool",
                "No APM tooling in place yet.",
                "Not in place so far",
                "Not implemented yet",
                "None required",
                "Nothing in place at the moment",
                "No specific data residency requirements",
                "No replication",
                "None yet planned for Q3",
                "None planned for Q3",
                "None yet planned for autumn",
                "No tooling yet planned for Q3",
                "No monitoring until 2027",
                "We have none yet",
                "We have none",
                "We currently have no APM tool",
                "There is no monitoring in place",
            ] {
                assert_eq!(state(kind, text), State::None, "{text:?} as {}", kind.name());
            }
        }
        // A word that could be a name, or anything after a separator, keeps the text an answer.
        for text in [
            "No Helm, only Kustomize",
            "No SSO yet",
            "Not Datadog but Grafana",
            "No tools but Azure Monitor",
            "No replication, we copy the files nightly",
            "No Kubernetes tooling",
            "No Helm until Q3",
            "We have no Helm yet",
            "None except Prometheus",
            "We have Prometheus",
            "We are not sure about Grafana",
            "No APM yet. Tracing from March.",
            "No dedicated APM tool. Tracing in place.",
        ] {
            assert_eq!(state(AnswerKind::Text, text), State::Answered, "{text:?}");
        }
        // Sets of choices and other types read these as before: not an option, not yes or no.
        assert_eq!(finding(COMPUTE, "No Kubernetes, only VMs").code, Code::InvalidChoice);
        assert_eq!(finding(AnswerKind::Choices(&Regulation::SET), "No regulations").code, Code::InvalidChoice);
        assert_eq!(finding(AnswerKind::YesNo, "Not implemented yet").code, Code::InvalidYesNo);
    }

    #[test]
    fn a_none_word_that_begins_an_answer_is_not_the_none_state() {
        // Without a separator after it, the word begins the vendor's own sentence or a name.
        for text in [
            "No personal data leaves the EU",
            "None of the data is personal",
            "Nothing is stored outside Germany",
            "Non-critical data only",
            "No-SQL store on premises",
            "Nonetheless we use Entra ID",
            "Keine Daten verlassen die EU",
            "Not yet final: Entra ID for staff",
        ] {
            assert_eq!(state(AnswerKind::Text, text), State::Answered, "{text:?}");
        }
        assert_eq!(value(AnswerKind::List, "No-SQL store"), json!(["No-SQL store"]));
        // A set of choices that names an option after "No" is not none either; it is not an option.
        assert_eq!(finding(COMPUTE, "No Kubernetes, only VMs").code, Code::InvalidChoice);
    }

    #[test]
    fn the_leading_word_decides_the_state() {
        let reading = read_text(AnswerKind::Text, "N/A - not yet");
        assert_eq!((reading.outcome, reading.comment.as_deref()), (Outcome::NotApplicable, Some("not yet")));
        let reading = read_text(AnswerKind::List, "None - not applicable to us");
        assert_eq!((reading.outcome, reading.comment.as_deref()), (Outcome::None, Some("not applicable to us")));
    }

    #[test]
    fn a_state_with_an_explanation_keeps_it() {
        let reading = read_text(AnswerKind::SizeGb, "N/A - we do not migrate data");
        assert_eq!(reading.outcome, Outcome::NotApplicable);
        assert_eq!(reading.comment.as_deref(), Some("we do not migrate data"));
        assert_eq!(reading.warnings[0].code, Code::CommentMoved);
        let reading = read_text(AnswerKind::Duration, "TBD (depends on the customer)");
        assert_eq!(reading.outcome, Outcome::Unknown);
        assert_eq!(reading.comment.as_deref(), Some("depends on the customer"));
        // Free text and lists take a state's explanation only after a separator.
        let reading = read_text(AnswerKind::Text, "N/A - we do not use containers");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::NotApplicable, Some("we do not use containers"))
        );
        let reading = read_text(AnswerKind::List, "TBD (after the pilot)");
        assert_eq!((reading.outcome, reading.comment.as_deref()), (Outcome::Unknown, Some("after the pilot")));
        assert_eq!(value(AnswerKind::Text, "N/A for now, see notes"), json!("N/A for now, see notes"));
        assert_eq!(value(AnswerKind::List, "NA customers; EU customers"), json!(["NA customers", "EU customers"]));
        // NA is North America as often as not applicable: in text and lists only alone is it the state.
        assert_eq!(value(AnswerKind::List, "NA, EMEA, APAC"), json!(["NA", "EMEA", "APAC"]));
        assert_eq!(value(AnswerKind::Text, "NA - North America only"), json!("NA - North America only"));
        assert_eq!(state(AnswerKind::List, "NA"), State::NotApplicable);
        assert_eq!(state(AnswerKind::Text, "n/a - North America only"), State::NotApplicable);
        assert_eq!(state(AnswerKind::YesNo, "NA - no containers"), State::NotApplicable);
    }

    #[test]
    fn error_cells_and_error_text_are_invalid() {
        let reading = read_cell(AnswerKind::Duration, Some(&CellValue::Error("#N/A".into())));
        let Outcome::Invalid(f) = reading.outcome else { panic!("an error cell is invalid") };
        assert_eq!((f.code, f.message.as_str()), (Code::ErrorCell, "the cell holds the error #N/A"));
        let newer = ["#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#BUSY!", "#CONNECT!", "#UNKNOWN!", "#GETTING_DATA"];
        let older = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#n/a", "#spill!"];
        for literal in newer.into_iter().chain(older).chain(["#PYTHON!", "Err:502"]) {
            for kind in WITH_NONE.into_iter().chain(WITHOUT_NONE).chain([AnswerKind::Percent, AnswerKind::Date]) {
                assert_eq!(finding(kind, literal).code, Code::ErrorCell, "{literal} as {}", kind.name());
                let cell = CellValue::Error(literal.to_owned());
                let Outcome::Invalid(f) = read_cell(kind, Some(&cell)).outcome else { panic!("{literal}") };
                assert_eq!(f.message, format!("the cell holds the error {literal}"));
            }
        }
        assert_eq!(value(AnswerKind::Text, "#1 priority"), json!("#1 priority"));
        assert_eq!(value(AnswerKind::Text, "Err: see notes"), json!("Err: see notes"));
    }
}
