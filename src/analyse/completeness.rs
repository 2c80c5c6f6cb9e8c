//! Completeness: how much of the questionnaire is answered, overall and per section, with the counts
//! behind each percentage so a report can chart them.
//!
//! An answer counts as complete when it is answered (with a value, or with none: `None yet`) or deliberately
//! not applicable; missing, unknown and invalid answers do not. Questions are weighed by importance: a required question is worth
//! [`REQUIRED_WEIGHT`] points, a recommended one [`RECOMMENDED_WEIGHT`]. An optional question (and one
//! that is not asked of this profile, see [`applies`]) counts only when it is answered or
//! N/A, so it can raise the score but never lower it. The percentage is points earned over points
//! possible.

use serde::{Deserialize, Serialize};

use super::applies;
use crate::profile::{Answers, Importance, Profile, Section, State};

/// The points a required question is worth.
pub const REQUIRED_WEIGHT: u32 = 2;
/// The points a recommended question is worth; an optional one, when it counts, is worth the same.
pub const RECOMMENDED_WEIGHT: u32 = 1;

/// How complete a questionnaire is: overall, and per section in questionnaire order.
///
/// Its JSON is `{"overall": 84.2, "earned": .., "possible": .., "answered": .., "not_applicable": ..,
/// "unknown": .., "missing": .., "invalid": .., "sections": [{"section": "meta", "title": "About this
/// questionnaire", "percent": .., "earned": .., ...}]}`. It reads back from that JSON to an equal value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Completeness {
    /// The overall percentage, 0 to 100, rounded to one decimal.
    pub overall: f64,
    /// The points and counts over the whole questionnaire.
    #[serde(flatten)]
    pub tally: Tally,
    /// Every section of the questionnaire, in order.
    pub sections: Vec<SectionCompleteness>,
}

/// How complete one section is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SectionCompleteness {
    /// The section's id, the first segment of its keys (`requirements`): [`Section::id`].
    pub section: String,
    /// The section's heading: [`Section::title`].
    pub title: String,
    /// The percentage, 0 to 100, rounded to one decimal.
    pub percent: f64,
    /// The points and counts behind it.
    #[serde(flatten)]
    pub tally: Tally,
}

/// The points and counts behind a completeness percentage.
///
/// The counts cover every question, optional ones included, so they add up to the number of questions;
/// the points follow the weighting described at [`completeness`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tally {
    /// Points earned by complete answers.
    pub earned: u32,
    /// Points possible.
    pub possible: u32,
    /// Questions answered: with a value, or with none (`None yet`, `not used`).
    pub answered: u32,
    /// Questions answered N/A.
    pub not_applicable: u32,
    /// Questions answered as unknown (TBD).
    pub unknown: u32,
    /// Questions left empty.
    pub missing: u32,
    /// Questions whose answer could not be read.
    pub invalid: u32,
}

impl Tally {
    fn add(&mut self, state: State, weight: u32, counts_when_empty: bool) {
        let complete = matches!(state, State::Answered | State::None | State::NotApplicable);
        if complete || counts_when_empty {
            self.possible += weight;
        }
        if complete {
            self.earned += weight;
        }
        match state {
            State::Answered | State::None => self.answered += 1,
            State::NotApplicable => self.not_applicable += 1,
            State::Unknown => self.unknown += 1,
            State::Missing => self.missing += 1,
            State::Invalid => self.invalid += 1,
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.earned += other.earned;
        self.possible += other.possible;
        self.answered += other.answered;
        self.not_applicable += other.not_applicable;
        self.unknown += other.unknown;
        self.missing += other.missing;
        self.invalid += other.invalid;
    }

    /// Points earned over points possible, as a percentage rounded to one decimal. Nothing to answer is
    /// complete. Rounding never shows an incomplete tally as 100 % nor a started one as 0 %.
    pub fn percent(&self) -> f64 {
        if self.possible == 0 {
            return 100.0;
        }
        let rounded = (1000.0 * f64::from(self.earned) / f64::from(self.possible)).round() / 10.0;
        if self.earned < self.possible {
            rounded.clamp(if self.earned > 0 { 0.1 } else { 0.0 }, 99.9)
        } else {
            rounded
        }
    }
}

/// The completeness of a profile.
///
/// Answered (a value, or none) and N/A answers are complete; missing, unknown and invalid ones are not. A required question is
/// worth [`REQUIRED_WEIGHT`] points, a recommended one [`RECOMMENDED_WEIGHT`]; an optional question, and one
/// that is not asked of this profile (see [`applies`]), counts only when it is answered or
/// N/A, so it can raise the score but never lower it. Each percentage is points earned over points possible.
///
/// ```
/// use discovery::analyse::completeness;
/// use discovery::profile::Profile;
/// let mut profile = Profile::default();
/// assert_eq!(completeness(&profile).overall, 0.0);
/// profile.meta.company_name = Some("Contoso Analytics".into());
/// let meta = &completeness(&profile).sections[0];
/// assert_eq!((meta.section.as_str(), meta.tally.earned, meta.tally.answered), ("meta", 2, 1));
/// ```
pub fn completeness(profile: &Profile) -> Completeness {
    tally(&Answers::new(profile))
}

pub(super) fn tally(answers: &Answers<'_>) -> Completeness {
    let profile = answers.profile();
    let mut sections: Vec<SectionCompleteness> = Section::ALL
        .iter()
        .map(|s| SectionCompleteness {
            section: s.id().to_owned(),
            title: s.title().to_owned(),
            percent: 0.0,
            tally: Tally::default(),
        })
        .collect();
    for (question, state) in answers.states() {
        let (weight, counts_when_empty) = match question.importance {
            _ if !applies(profile, question.key) => (RECOMMENDED_WEIGHT, false),
            Importance::Required => (REQUIRED_WEIGHT, true),
            Importance::Recommended => (RECOMMENDED_WEIGHT, true),
            Importance::Optional => (RECOMMENDED_WEIGHT, false),
        };
        let index = Section::ALL.iter().position(|s| *s == question.section).expect("every section is listed");
        sections[index].tally.add(state, weight, counts_when_empty);
    }
    let mut total = Tally::default();
    for section in &mut sections {
        section.percent = section.tally.percent();
        total.merge(&section.tally);
    }
    Completeness { overall: total.percent(), tally: total, sections }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{AnswerState, ApplicationStatus, RecordedState, YesNo, QUESTIONS};

    use crate::analyse::samples::fabrikam;

    fn section<'c>(c: &'c Completeness, id: &str) -> &'c SectionCompleteness {
        c.sections.iter().find(|s| s.section == id).unwrap()
    }

    #[test]
    fn the_complete_sample_is_100_percent_in_every_section() {
        let c = completeness(&fabrikam());
        assert_eq!(c.overall, 100.0);
        for s in &c.sections {
            assert_eq!(s.percent, 100.0, "{}", s.section);
        }
        assert_eq!(c.tally.not_applicable, 1);
        assert_eq!(c.tally.answered + c.tally.not_applicable + c.tally.missing, QUESTIONS.len() as u32);
    }

    #[test]
    fn an_empty_profile_is_0_percent() {
        let c = completeness(&Profile::default());
        assert_eq!(c.overall, 0.0);
        assert_eq!(c.tally.missing, QUESTIONS.len() as u32);
        assert_eq!(c.tally.earned, 0);
        let required = QUESTIONS.iter().filter(|q| q.importance == Importance::Required).count() as u32;
        let recommended = QUESTIONS.iter().filter(|q| q.importance == Importance::Recommended).count() as u32;
        assert_eq!(c.tally.possible, REQUIRED_WEIGHT * required + RECOMMENDED_WEIGHT * recommended);
        assert!(c.sections.iter().all(|s| s.percent == 0.0));
    }

    #[test]
    fn required_answers_weigh_twice_as_much_as_recommended_ones() {
        let mut profile = Profile::default();
        profile.meta.company_name = Some("Contoso".into()); // required
        let required = completeness(&profile);
        let mut profile = Profile::default();
        profile.meta.completed_by = Some("Ann".into()); // recommended
        let recommended = completeness(&profile);
        assert_eq!(section(&required, "meta").tally.earned, 2);
        assert_eq!(section(&recommended, "meta").tally.earned, 1);
        assert_eq!(section(&required, "meta").tally.possible, section(&recommended, "meta").tally.possible);
        // Meta: 3 required and 4 recommended questions, 10 points.
        assert_eq!(section(&required, "meta").percent, 20.0);
        assert_eq!(section(&recommended, "meta").percent, 10.0);
    }

    #[test]
    fn an_optional_answer_only_raises_the_score() {
        let mut profile = fabrikam();
        profile.solution.demo_available = None;
        profile.technology.data = Default::default();
        assert_eq!(completeness(&profile).overall, 100.0, "a missing optional answer costs nothing");

        let mut sparse = Profile::default();
        sparse.meta.company_name = Some("Contoso".into());
        let before = completeness(&sparse);
        sparse.solution.demo_available = Some(YesNo::Yes);
        let after = completeness(&sparse);
        assert!(after.overall > before.overall, "{} vs {}", after.overall, before.overall);
        assert_eq!(after.tally.possible, before.tally.possible + 1);
    }

    #[test]
    fn not_applicable_counts_as_complete_and_unknown_and_invalid_do_not() {
        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.rto = None;
        profile.requirements.performance.max_latency_ms = None;
        profile.requirements.migration.plan = None;
        for (key, state, raw) in [
            ("requirements.disaster_recovery.rto", RecordedState::Unknown, "TBD"),
            ("requirements.performance.max_latency_ms", RecordedState::Invalid, "fast"),
            ("requirements.migration.plan", RecordedState::NotApplicable, "N/A"),
        ] {
            profile.answer_states.insert(key.to_owned(), AnswerState { state, raw: raw.to_owned() });
        }
        let c = completeness(&profile);
        let requirements = section(&c, "requirements");
        assert_eq!(
            (requirements.tally.unknown, requirements.tally.invalid, requirements.tally.not_applicable),
            (1, 1, 1)
        );
        assert_eq!(requirements.tally.possible - requirements.tally.earned, REQUIRED_WEIGHT + RECOMMENDED_WEIGHT);
        assert!(requirements.percent < 100.0);
        assert_eq!(section(&c, "meta").percent, 100.0);
    }

    #[test]
    fn a_none_answer_counts_as_answered() {
        let mut profile = fabrikam();
        let before = completeness(&profile);
        profile.technology.operations.monitoring = None;
        profile.requirements.security.authentication = None;
        for (key, raw) in
            [("technology.operations.monitoring", "None yet"), ("requirements.security.authentication", "No")]
        {
            profile
                .answer_states
                .insert(key.to_owned(), AnswerState { state: RecordedState::None, raw: raw.to_owned() });
        }
        let after = completeness(&profile);
        assert_eq!((after.overall, after.tally), (before.overall, before.tally));
    }

    #[test]
    fn migration_questions_of_a_greenfield_application_count_only_when_answered() {
        let mut profile = fabrikam();
        profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
        profile.requirements.migration = Default::default();
        assert_eq!(completeness(&profile).overall, 100.0);
    }

    #[test]
    fn rounding_never_shows_an_incomplete_questionnaire_as_complete() {
        let tally = Tally { earned: 1999, possible: 2000, ..Tally::default() };
        assert_eq!(tally.percent(), 99.9);
        let tally = Tally { earned: 1, possible: 2000, ..Tally::default() };
        assert_eq!(tally.percent(), 0.1);
        let tally = Tally { earned: 2, possible: 3, ..Tally::default() };
        assert_eq!(tally.percent(), 66.7);
    }

    #[test]
    fn serialises_with_a_stable_shape() {
        let json = serde_json::to_value(completeness(&fabrikam())).unwrap();
        let fields: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "overall",
                "earned",
                "possible",
                "answered",
                "not_applicable",
                "unknown",
                "missing",
                "invalid",
                "sections"
            ]
        );
        let meta = &json["sections"][0];
        let fields: Vec<&str> = meta.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "section",
                "title",
                "percent",
                "earned",
                "possible",
                "answered",
                "not_applicable",
                "unknown",
                "missing",
                "invalid"
            ]
        );
        assert_eq!(meta["section"], "meta");
        assert_eq!(json["overall"], 100.0);
    }
}
