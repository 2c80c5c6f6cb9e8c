//! The generic rules, which apply to every question alike: `missing-required` and `missing-recommended`
//! (a question of that importance is missing or unknown) and `invalid-answer` (an answer or a table cell
//! did not parse as its type).
//!
//! The missing-answer findings are deferring: they give way to a specific rule that reports the same
//! absence with more context (see [`analyse`](crate::analyse::analyse)). Their follow-up is the question's
//! own, from the catalogue.

use super::phrasing::expected;
use super::{Context, Finding};
use crate::analyse::applies;
use crate::profile::catalogue::{describe_key, kind_of, question, AnswerKind, Importance};
use crate::profile::{is_spreadsheet_error, RecordedState, State, QUESTIONS};

/// `missing-required`: a required question or table is missing or unknown.
pub(super) fn missing_required(context: &Context<'_>) -> Vec<Finding> {
    missing(context, Importance::Required, "Required")
}

/// `missing-recommended`: a recommended question or table is missing or unknown.
pub(super) fn missing_recommended(context: &Context<'_>) -> Vec<Finding> {
    missing(context, Importance::Recommended, "Recommended")
}

/// The required or recommended questions (by `importance`) that are missing or unknown, one deferring
/// finding each; `label` opens the gap's title.
fn missing(context: &Context<'_>, importance: Importance, label: &str) -> Vec<Finding> {
    QUESTIONS
        .iter()
        .filter(|q| q.importance == importance && applies(context.profile, q.key))
        .filter_map(|q| {
            let unknown = match context.state(q.key) {
                State::Missing => false,
                State::Unknown => true,
                _ => return None,
            };
            let raw = context.raw(q.key);
            let (title, detail) = match (q.kind, unknown) {
                (AnswerKind::Table(table), false) => {
                    (format!("{label} answer missing: {}", q.text), format!("The {} sheet has no rows.", table.sheet))
                }
                (AnswerKind::Table(table), true) => (
                    format!("{label} answer unknown: {}", q.text),
                    format!("The {} sheet is answered as unknown: \"{raw}\".", table.sheet),
                ),
                (_, false) => (format!("{label} answer missing: {}", q.text), format!("\"{}\" has no answer.", q.text)),
                (_, true) => (
                    format!("{label} answer unknown: {}", q.text),
                    format!("\"{}\" is answered as unknown: \"{raw}\".", q.text),
                ),
            };
            let mut follow_up = q.ask().into_owned();
            if unknown {
                follow_up.push_str(" Who can find out, and by when?");
            }
            Some(Finding::new([q.key], detail, follow_up).titled(title).deferring())
        })
        .collect()
}

/// `invalid-answer`: an answer or a table cell did not parse as its type.
pub(super) fn invalid_answer(context: &Context<'_>) -> Vec<Finding> {
    context
        .profile
        .answer_states
        .iter()
        .filter(|(_, state)| state.state == RecordedState::Invalid)
        .map(|(key, state)| {
            let (name, raw) = (describe_key(key), &state.raw);
            let question = question(key)
                .map_or_else(|| format!("What is the intended answer to \"{name}\"?"), |q| q.ask().into_owned());
            // An error value is no attempt at an answer of the wrong type: say what the cell shows.
            let error = is_spreadsheet_error(raw.trim()).then(|| raw.trim());
            let (detail, follow_up) = match (error, kind_of(key).map(expected)) {
                (Some(error), _) => (
                    format!("The cell holds the spreadsheet error {error} instead of an answer."),
                    format!("{question} The cell shows the error {error} where the answer should be."),
                ),
                (None, Some(expected)) => (
                    format!("\"{raw}\" is not {expected}; the text is kept as written."),
                    format!("{question} The answer \"{raw}\" could not be read as {expected}."),
                ),
                (None, None) => (
                    format!("\"{raw}\" could not be read; the text is kept as written."),
                    format!("{question} The answer \"{raw}\" could not be read."),
                ),
            };
            Finding::new([key], detail, follow_up).titled(format!("Unreadable answer: {name}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::context::RTO;
    use super::super::testing::{gaps, keys, one, quiet, record, source};
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::RecordedState;

    #[test]
    fn missing_required_fires_for_a_missing_and_an_unknown_answer() {
        let mut profile = fabrikam();
        profile.architecture.network_topology = None;
        source(&mut profile, "architecture.network_topology", "Profile!D18");
        let gap = one(&profile, RuleId::MissingRequired);
        assert_eq!(keys(&gap), ["architecture.network_topology"]);
        assert_eq!(gap.locations, ["Profile!D18"]);
        assert!(gap.title.starts_with("Required answer missing: Network topology"), "{}", gap.title);
        assert!(gap.detail.contains("has no answer"), "{}", gap.detail);
        assert!(gap.follow_up.contains("virtual networks"), "{}", gap.follow_up);

        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.rto = None;
        record(&mut profile, RTO, RecordedState::Unknown, "TBD");
        let gap = one(&profile, RuleId::MissingRequired);
        assert_eq!(gap.detail, "\"Recovery time objective (RTO)\" is answered as unknown: \"TBD\".");
        assert!(gap.title.contains("unknown"), "{}", gap.title);
        assert!(gap.follow_up.ends_with("Who can find out, and by when?"), "{}", gap.follow_up);
    }

    #[test]
    fn missing_required_is_quiet_on_not_applicable_and_on_recommended_questions() {
        let mut profile = fabrikam();
        profile.architecture.network_topology = None;
        record(&mut profile, "architecture.network_topology", RecordedState::NotApplicable, "N/A");
        profile.solution.customers = None;
        quiet(&profile, RuleId::MissingRequired);
    }

    #[test]
    fn missing_required_reports_an_empty_components_table_with_its_sheet() {
        let mut profile = fabrikam();
        profile.architecture.components.clear();
        let gap = one(&profile, RuleId::MissingRequired);
        assert_eq!(keys(&gap), ["architecture.components"]);
        assert_eq!(gap.detail, "The Components sheet has no rows.");
        assert!(gap.locations.is_empty());
    }

    #[test]
    fn missing_recommended_fires_for_a_recommended_answer() {
        let mut profile = fabrikam();
        profile.requirements.usage.geographies = None;
        source(&mut profile, "requirements.usage.geographies", "Profile!D52");
        let gap = one(&profile, RuleId::MissingRecommended);
        assert_eq!(keys(&gap), ["requirements.usage.geographies"]);
        assert_eq!(gap.locations, ["Profile!D52"]);
        assert_eq!(gap.detail, "\"Where are your users?\" has no answer.");
        assert_eq!(gap.follow_up, "In which countries or regions are your users?");
        quiet(&profile, RuleId::MissingRequired);
    }

    #[test]
    fn missing_recommended_is_quiet_on_optional_questions() {
        let mut profile = fabrikam();
        profile.meta.session_date = None;
        profile.technology.data = Default::default();
        quiet(&profile, RuleId::MissingRecommended);
    }

    #[test]
    fn invalid_answer_fires_for_every_invalid_state_including_table_cells() {
        let mut profile = fabrikam();
        profile.requirements.performance.max_latency_ms = None;
        record(&mut profile, "requirements.performance.max_latency_ms", RecordedState::Invalid, "fast enough");
        source(&mut profile, "requirements.performance.max_latency_ms", "Profile!D34");
        profile.engagements[1].priority = None;
        record(&mut profile, "engagements[1].priority", RecordedState::Invalid, "urgent!");
        source(&mut profile, "engagements[1].priority", "Engagements!C3");
        let found = gaps(&profile, RuleId::InvalidAnswer);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].locations, ["Profile!D34"]);
        assert_eq!(found[0].detail, "\"fast enough\" is not a number of ms; the text is kept as written.");
        assert_eq!(found[0].title, "Unreadable answer: Maximum latency, milliseconds");
        assert_eq!(
            found[0].follow_up,
            "Which response time, in milliseconds, must requests stay under? The answer \"fast enough\" could not be \
             read as a number of ms."
        );
        assert!(found[1]
            .follow_up
            .starts_with("What is the intended answer to \"Engagements sheet, item 2, Priority\"?"));
        assert_eq!(keys(&found[1]), ["engagements[1].priority"]);
        assert_eq!(found[1].locations, ["Engagements!C3"]);
        assert_eq!(found[1].title, "Unreadable answer: Engagements sheet, item 2, Priority");
        assert!(found[1].detail.starts_with("\"urgent!\" is not one of: High, Medium, Low"), "{}", found[1].detail);
        // An invalid answer is not also a missing one.
        assert!(gaps(&profile, RuleId::MissingRecommended).is_empty());
    }

    #[test]
    fn invalid_answer_names_a_spreadsheet_error_as_such() {
        let mut profile = fabrikam();
        profile.requirements.security.network = None;
        record(&mut profile, "requirements.security.network", RecordedState::Invalid, "#SPILL!");
        let gap = one(&profile, RuleId::InvalidAnswer);
        assert_eq!(gap.detail, "The cell holds the spreadsheet error #SPILL! instead of an answer.");
        assert!(
            gap.follow_up.ends_with("The cell shows the error #SPILL! where the answer should be."),
            "{}",
            gap.follow_up
        );
    }

    #[test]
    fn invalid_answer_is_quiet_on_unknown_not_applicable_and_none_states() {
        let mut profile = fabrikam();
        record(&mut profile, "technology.data.nosql", RecordedState::NotApplicable, "N/A");
        profile.technology.data.nosql = None;
        record(&mut profile, "technology.data.big_data", RecordedState::None, "none");
        profile.technology.data.big_data = None;
        quiet(&profile, RuleId::InvalidAnswer);
    }
}
