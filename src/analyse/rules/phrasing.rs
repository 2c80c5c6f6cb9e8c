//! How the gap rules word what they found: an answer's state (`unknown ("TBD")`), what an answer of a type
//! should look like, a count with its unit, an engagement, the database tier a follow-up names.
//!
//! The words are the lead engineer's: a detail quotes the vendor's text as written, and a follow-up names
//! the vendor's own systems where the profile says which. A question's own follow-up is not here: it lives
//! with the question in the catalogue ([`Question::ask`](crate::profile::Question::ask)).

use super::Context;
use crate::profile::catalogue::AnswerKind;
use crate::profile::{lower_first, Choice, ChoiceOption, DataStoreKind, Engagement, FocusArea, State};

impl Context<'_> {
    /// The state of an answer that has no usable value, for a gap's detail: `missing`, `unknown ("TBD")`,
    /// `answered "None yet"`.
    pub(super) fn describe(&self, key: &str) -> String {
        match self.state(key) {
            State::Missing => "missing".to_owned(),
            State::Unknown => format!("unknown (\"{}\")", self.raw(key)),
            State::NotApplicable => format!("not applicable (\"{}\")", self.raw(key)),
            State::None => format!("answered \"{}\"", self.raw(key)),
            State::Invalid => format!("unreadable (\"{}\")", self.raw(key)),
            State::Answered => "answered".to_owned(),
        }
    }

    /// How a follow-up names the main database: `the PostgreSQL 14 tier`, or `the database tier`.
    pub(super) fn database_tier(&self) -> String {
        let stores = &self.profile.architecture.data_stores;
        let engine = stores
            .iter()
            .filter(|s| s.kind == Some(DataStoreKind::Relational))
            .chain(stores.iter())
            .find_map(|s| s.engine.clone())
            .or_else(|| self.profile.technology.data.relational.as_ref().and_then(|r| r.first().cloned()));
        match engine {
            Some(engine) => format!("the {engine} tier"),
            None => "the database tier".to_owned(),
        }
    }
}

/// What an answer of `kind` should look like, completing "... is not ___".
pub(super) fn expected(kind: AnswerKind) -> String {
    let labels = |options: &[ChoiceOption]| options.iter().map(|o| o.label).collect::<Vec<_>>().join(", ");
    match kind {
        AnswerKind::Text | AnswerKind::List => "text".to_owned(),
        AnswerKind::YesNo => "yes, no or planned".to_owned(),
        AnswerKind::Choice(set) => format!("one of: {}", labels(set.options)),
        AnswerKind::Choices(set) => format!("a list of: {}", labels(set.options)),
        AnswerKind::Number { unit: "" } => "a number".to_owned(),
        AnswerKind::Number { unit } => format!("a number of {unit}"),
        AnswerKind::Percent => "a percentage from 0 to 100".to_owned(),
        AnswerKind::Duration => "a duration such as 15 min, 4 h or PT4H".to_owned(),
        AnswerKind::SizeGb => "a size such as 500 GB or 2 TB".to_owned(),
        AnswerKind::Date => "a date such as 2026-03-15".to_owned(),
        AnswerKind::Email => "one e-mail address".to_owned(),
        AnswerKind::Table(table) => format!("rows of the {} sheet", table.sheet),
    }
}

/// `n unit`, with the unit in the plural when `n` is not 1.
pub(super) fn plural(n: i64, unit: &str) -> String {
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// How an engagement is named in a sentence: `deep dive on security`.
pub(super) fn engagement_phrase(engagement: &Engagement) -> String {
    let kind = engagement.kind.map_or_else(|| "engagement".to_owned(), |k| lower_first(k.label()));
    match engagement.focus_area {
        Some(focus) if focus != FocusArea::Other => format!("{kind} on {}", lower_first(focus.label())),
        _ => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{EngagementType, YesNo};

    #[test]
    fn expected_values_complete_a_sentence() {
        assert_eq!(expected(AnswerKind::Number { unit: "ms" }), "a number of ms");
        assert_eq!(expected(AnswerKind::Number { unit: "" }), "a number");
        assert_eq!(expected(AnswerKind::Choice(&YesNo::SET)), "one of: Yes, No, Planned");
    }

    #[test]
    fn counts_and_engagements_read_as_words() {
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(32, "day"), "32 days");
        let engagement = Engagement {
            kind: Some(EngagementType::DeepDive),
            focus_area: Some(FocusArea::Security),
            ..Default::default()
        };
        assert_eq!(engagement_phrase(&engagement), "deep dive on security");
        assert_eq!(engagement_phrase(&Engagement::default()), "engagement");
    }
}
