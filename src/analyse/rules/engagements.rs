//! Engagements: a row without success criteria (`engagement-without-criteria`), no engagement at all
//! (`no-engagements`), a list where every engagement is high priority (`all-high-priority`), and a first
//! cloud project without an architecture design session (`first-cloud-without-design-session`).

use super::context::{ENGAGEMENTS, TEAM_EXPERIENCE};
use super::phrasing::engagement_phrase;
use super::{Context, Finding};
use crate::profile::catalogue::question;
use crate::profile::{Choice, CloudExperience, EngagementType, Priority, State};

/// `engagement-without-criteria`: engagement without success criteria.
pub(super) fn engagement_without_criteria(context: &Context<'_>) -> Vec<Finding> {
    context
        .profile
        .engagements
        .iter()
        .enumerate()
        .filter_map(|(row, engagement)| {
            let key = format!("engagements[{row}].success_criteria");
            if !context.unnamed(&key) {
                return None;
            }
            let priority = engagement.priority.map(|p| format!(", priority {}", p.label())).unwrap_or_default();
            let phrase = engagement_phrase(engagement);
            let mut described = phrase.clone();
            described.replace_range(..1, &described[..1].to_uppercase());
            Some(
                Finding::new(
                    [&key],
                    format!(
                        "Engagement {} ({described}{priority}) has no success criteria (the cell is {}).",
                        row + 1,
                        context.describe(&key)
                    ),
                    format!("What must the {phrase} deliver for you to call it a success?"),
                )
                .about_absent([&key]),
            )
        })
        .collect()
}

/// `no-engagements`: no engagement requested.
pub(super) fn no_engagements(context: &Context<'_>) -> Vec<Finding> {
    if !context.profile.engagements.is_empty() {
        return Vec::new();
    }
    let detail = match context.state(ENGAGEMENTS) {
        State::Missing => "The Engagements sheet has no rows: no engagement is requested.".to_owned(),
        State::None => format!(
            "The Engagements sheet has no rows; it is answered \"{}\": no engagement is requested.",
            context.raw(ENGAGEMENTS)
        ),
        _ => format!("The Engagements sheet has no rows; it is answered as {}.", context.describe(ENGAGEMENTS)),
    };
    let follow_up = question(ENGAGEMENTS).expect("engagements is a question").ask().into_owned();
    vec![Finding::new([ENGAGEMENTS], detail, follow_up).about_absent([ENGAGEMENTS])]
}

/// `all-high-priority`: every engagement has priority high.
pub(super) fn all_high_priority(context: &Context<'_>) -> Vec<Finding> {
    let profile = context.profile;
    let rows = &profile.engagements;
    if rows.len() <= 2 || !rows.iter().all(|e| e.priority == Some(Priority::High)) {
        return Vec::new();
    }
    let keys: Vec<String> = (0..rows.len()).map(|row| format!("engagements[{row}].priority")).collect();
    let deadline =
        profile.schedule.go_live.map_or_else(|| "before go-live".to_owned(), |d| format!("before go-live on {d}"));
    vec![Finding::new(
        &keys,
        format!(
            "All {} requested engagements have priority high, so the priority says nothing about their order.",
            rows.len()
        ),
        format!("If only one of the {} engagements could happen {deadline}, which one should it be?", rows.len()),
    )]
}

/// `first-cloud-without-design-session`: first cloud project without a design session.
pub(super) fn first_cloud_without_design_session(context: &Context<'_>) -> Vec<Finding> {
    let profile = context.profile;
    let experience = profile.readiness.team_experience.as_deref().unwrap_or_default();
    let rows = &profile.engagements;
    if !experience.contains(&CloudExperience::FirstCloudProject)
        || rows.is_empty()
        || rows.iter().any(|e| e.kind == Some(EngagementType::ArchitectureDesignSession))
    {
        return Vec::new();
    }
    let requested: Vec<String> = rows.iter().map(engagement_phrase).collect();
    vec![Finding::new(
        [TEAM_EXPERIENCE, ENGAGEMENTS],
        format!(
            "This is the team's first cloud project, but the requested engagements ({}) include no architecture \
             design session.",
            requested.join(", ")
        ),
        "Would an architecture design session before the reviews help the team shape its Azure architecture from \
         the start?"
            .to_owned(),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{gaps, keys, one, quiet, record, source};
    use super::*;
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::RecordedState;

    #[test]
    fn engagement_without_criteria_fires_once_per_row_at_its_cell() {
        let mut profile = fabrikam();
        profile.engagements[0].success_criteria = None;
        profile.engagements[2].success_criteria = None;
        source(&mut profile, "engagements[0].type", "Engagements!A2");
        source(&mut profile, "engagements[0].success_criteria", "Engagements!D2");
        source(&mut profile, "engagements[2].type", "Engagements!A4");
        let found = gaps(&profile, RuleId::EngagementWithoutCriteria);
        assert_eq!(found.len(), 2);
        assert_eq!(keys(&found[0]), ["engagements[0].success_criteria"]);
        assert_eq!(found[0].locations, ["Engagements!D2"]);
        // The empty cell was not recorded: the gap points at the row.
        assert_eq!(found[1].locations, ["Engagements!A4"]);
        assert_eq!(
            found[1].detail,
            "Engagement 3 (Focused review on kubernetes, priority Medium) has no success criteria (the cell is \
             missing)."
        );
        assert_eq!(
            found[1].follow_up,
            "What must the focused review on kubernetes deliver for you to call it a success?"
        );
    }

    #[test]
    fn engagement_without_criteria_is_quiet_when_every_row_has_criteria() {
        quiet(&fabrikam(), RuleId::EngagementWithoutCriteria);
    }

    #[test]
    fn no_engagements_fires_for_an_empty_table() {
        let mut profile = fabrikam();
        profile.engagements.clear();
        let gap = one(&profile, RuleId::NoEngagements);
        assert_eq!(keys(&gap), [ENGAGEMENTS]);
        assert_eq!(gap.detail, "The Engagements sheet has no rows: no engagement is requested.");
        assert!(gap.follow_up.contains("architecture design session"), "{}", gap.follow_up);
        // Nor does first-cloud-without-design-session speak over it.
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        quiet(&profile, RuleId::FirstCloudWithoutDesignSession);
    }

    #[test]
    fn a_none_answer_fires_the_engagement_rules_and_quotes_it() {
        let mut profile = fabrikam();
        profile.engagements[1].success_criteria = None;
        record(&mut profile, "engagements[1].success_criteria", RecordedState::None, "None yet");
        let gap = one(&profile, RuleId::EngagementWithoutCriteria);
        assert!(gap.detail.ends_with("(the cell is answered \"None yet\")."), "{}", gap.detail);
        profile.engagements.clear();
        profile.answer_states.clear();
        record(&mut profile, ENGAGEMENTS, RecordedState::None, "None");
        let gap = one(&profile, RuleId::NoEngagements);
        assert_eq!(
            gap.detail,
            "The Engagements sheet has no rows; it is answered \"None\": no engagement is requested."
        );
        quiet(&profile, RuleId::MissingRequired);
    }

    #[test]
    fn no_engagements_is_quiet_with_one_engagement() {
        let mut profile = fabrikam();
        profile.engagements.truncate(1);
        quiet(&profile, RuleId::NoEngagements);
    }

    #[test]
    fn all_high_priority_fires_for_three_high_engagements() {
        let mut profile = fabrikam();
        profile.engagements[2].priority = Some(Priority::High);
        let gap = one(&profile, RuleId::AllHighPriority);
        assert_eq!(keys(&gap), ["engagements[0].priority", "engagements[1].priority", "engagements[2].priority"]);
        assert!(gap.detail.starts_with("All 3 requested engagements have priority high"), "{}", gap.detail);
        assert!(gap.follow_up.contains("before go-live on 2027-04-30"), "{}", gap.follow_up);
    }

    #[test]
    fn all_high_priority_is_quiet_for_two_engagements_or_a_ranked_list() {
        let mut profile = fabrikam();
        quiet(&profile, RuleId::AllHighPriority);
        profile.engagements.truncate(2);
        quiet(&profile, RuleId::AllHighPriority);
    }

    #[test]
    fn first_cloud_without_design_session_fires_and_lists_the_requests() {
        let mut profile = fabrikam();
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        let gap = one(&profile, RuleId::FirstCloudWithoutDesignSession);
        assert_eq!(keys(&gap), [TEAM_EXPERIENCE, ENGAGEMENTS]);
        assert!(
            gap.detail.contains(
                "(architecture review on networking, deep dive on data migration, focused review on kubernetes)"
            ),
            "{}",
            gap.detail
        );
    }

    #[test]
    fn first_cloud_without_design_session_is_quiet_with_a_design_session() {
        let mut profile = fabrikam();
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        profile.engagements[1].kind = Some(EngagementType::ArchitectureDesignSession);
        quiet(&profile, RuleId::FirstCloudWithoutDesignSession);
    }
}
