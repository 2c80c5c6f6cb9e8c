//! Schedule and session: an architecture diagram shared too late for the session (`diagram-late`), and a
//! milestone dated before the questionnaire was completed (`milestone-before-completion`).

use chrono::Days;

use super::context::{COMPLETED_ON, DIAGRAM_SHARED_ON, SESSION_DATE};
use super::phrasing::plural;
use super::{Context, Finding};
use crate::profile::{Date, State};

/// `diagram-late`: architecture diagram late for the session.
pub(super) fn diagram_late(context: &Context<'_>) -> Vec<Finding> {
    let meta = &context.profile.meta;
    let Some(session) = meta.session_date else {
        return Vec::new();
    };
    let keys = [SESSION_DATE, DIAGRAM_SHARED_ON];
    let shift = |date: Date, days: u64| date.0.checked_sub_days(Days::new(days)).map_or(date, Date);
    match meta.diagram_shared_on {
        Some(shared) => {
            let days = shared.days_until(session);
            if days >= 2 {
                return Vec::new();
            }
            let when = match days {
                1 => "1 day before".to_owned(),
                0 => "on the day of".to_owned(),
                _ => "after".to_owned(),
            };
            let two_days_after = shared.0.checked_add_days(Days::new(2)).map_or(shared, Date);
            vec![Finding::new(
                keys,
                format!(
                    "The architecture diagram was shared on {shared}, {when} the session on {session}; reviewing it \
                     needs at least 2 days."
                ),
                format!(
                    "The diagram came too late to review in advance: can the session open with a walk-through of \
                     it, or move to {two_days_after} or later?"
                ),
            )]
        }
        // An unreadable date is an invalid-answer gap; this rule needs the value.
        None if context.state(DIAGRAM_SHARED_ON) == State::Invalid => Vec::new(),
        None => vec![Finding::new(
            keys,
            format!(
                "The session is planned for {session}, but the architecture diagram has not been shared (the date it \
                 was shared is {}).",
                context.describe(DIAGRAM_SHARED_ON)
            ),
            format!(
                "Can you send the architecture diagram by {}, two days before the session, so it can be reviewed in \
                 advance?",
                shift(session, 2)
            ),
        )
        .about_absent([DIAGRAM_SHARED_ON])],
    }
}

/// `milestone-before-completion`: milestone dated before the questionnaire.
pub(super) fn milestone_before_completion(context: &Context<'_>) -> Vec<Finding> {
    let profile = context.profile;
    let Some(completed) = profile.meta.completed_on else {
        return Vec::new();
    };
    profile
        .schedule
        .milestones
        .iter()
        .enumerate()
        .filter_map(|(row, milestone)| {
            let date = milestone.date.filter(|d| *d < completed)?;
            let name = milestone.milestone.clone().unwrap_or_else(|| format!("row {}", row + 1));
            Some(Finding::new(
                [format!("schedule.milestones[{row}].date"), COMPLETED_ON.to_owned()],
                format!(
                    "Milestone \"{name}\" is dated {date}, {} before the questionnaire was completed on {completed}.",
                    plural(date.days_until(completed), "day")
                ),
                format!("Was \"{name}\" reached on {date} already, or does its date need updating?"),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{gaps, keys, one, quiet, source};
    use super::*;
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::Milestone;

    #[test]
    fn diagram_late_fires_for_a_diagram_shared_the_day_before() {
        let mut profile = fabrikam();
        profile.meta.diagram_shared_on = Date::from_ymd(2026, 11, 17);
        let gap = one(&profile, RuleId::DiagramLate);
        assert_eq!(keys(&gap), [SESSION_DATE, DIAGRAM_SHARED_ON]);
        assert!(
            gap.detail.starts_with(
                "The architecture diagram was shared on 2026-11-17, 1 day before the session on 2026-11-18"
            ),
            "{}",
            gap.detail
        );
        assert!(gap.follow_up.contains("2026-11-19"), "{}", gap.follow_up);
    }

    #[test]
    fn diagram_late_fires_for_a_diagram_not_shared_and_takes_over_the_generic_gap() {
        let mut profile = fabrikam();
        profile.meta.diagram_shared_on = None;
        let gap = one(&profile, RuleId::DiagramLate);
        assert!(gap.detail.contains("has not been shared (the date it was shared is missing)"), "{}", gap.detail);
        assert!(gap.follow_up.contains("by 2026-11-16"), "{}", gap.follow_up);
        quiet(&profile, RuleId::MissingRecommended);
    }

    #[test]
    fn diagram_late_is_quiet_two_days_ahead_or_without_a_session_date() {
        let mut profile = fabrikam();
        profile.meta.diagram_shared_on = Date::from_ymd(2026, 11, 16);
        quiet(&profile, RuleId::DiagramLate);
        profile.meta.diagram_shared_on = None;
        profile.meta.session_date = None;
        quiet(&profile, RuleId::DiagramLate);
    }

    #[test]
    fn milestone_before_completion_fires_once_per_early_milestone() {
        let mut profile = fabrikam();
        profile.schedule.milestones.insert(
            0,
            Milestone { milestone: Some("Kick-off".into()), date: Date::from_ymd(2026, 10, 1), notes: None },
        );
        profile.schedule.milestones[2].date = Date::from_ymd(2026, 11, 1);
        source(&mut profile, "schedule.milestones[0].date", "Milestones!B2");
        source(&mut profile, COMPLETED_ON, "Profile!D7");
        let found = gaps(&profile, RuleId::MilestoneBeforeCompletion);
        assert_eq!(found.len(), 2);
        assert_eq!(keys(&found[0]), ["schedule.milestones[0].date", COMPLETED_ON]);
        assert_eq!(found[0].locations, ["Milestones!B2", "Profile!D7"]);
        assert_eq!(
            found[0].detail,
            "Milestone \"Kick-off\" is dated 2026-10-01, 32 days before the questionnaire was completed on 2026-11-02."
        );
        assert_eq!(keys(&found[1])[0], "schedule.milestones[2].date");
    }

    #[test]
    fn milestone_before_completion_is_quiet_for_a_milestone_on_the_day() {
        let mut profile = fabrikam();
        profile.schedule.milestones[0].date = Date::from_ymd(2026, 11, 2);
        quiet(&profile, RuleId::MilestoneBeforeCompletion);
    }
}
