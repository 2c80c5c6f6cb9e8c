//! Migration: a zero-downtime migration without replication (`zero-downtime-without-replication`), a
//! migration without a data volume (`migration-without-volume`), and a greenfield application with
//! migration answers (`greenfield-with-migration`).

use super::context::{APPLICATION_STATUS, DATA_VOLUME, REPLICATION, ZERO_DOWNTIME};
use super::{Context, Finding};
use crate::profile::{and_list, ApplicationStatus, Choice, Question, State, YesNo, QUESTIONS};

/// `zero-downtime-without-replication`: zero-downtime migration without replication.
pub(super) fn zero_downtime_without_replication(context: &Context<'_>) -> Vec<Finding> {
    if context.profile.requirements.migration.zero_downtime != Some(YesNo::Yes) || !context.unnamed(REPLICATION) {
        return Vec::new();
    }
    vec![Finding::new(
        [ZERO_DOWNTIME, REPLICATION],
        format!(
            "Zero downtime is required during the migration, but no replication option is named (replication is {}).",
            context.describe(REPLICATION)
        ),
        format!(
            "How will data stay in sync between the old platform and Azure during cut-over for {}: replication, \
             change data capture, or dual writes?",
            context.database_tier()
        ),
    )
    .about_absent([REPLICATION])]
}

/// `migration-without-volume`: migration without a data volume.
pub(super) fn migration_without_volume(context: &Context<'_>) -> Vec<Finding> {
    let Some(status) = context.profile.readiness.application_status.filter(|s| s.is_migration()) else {
        return Vec::new();
    };
    if !context.absent(DATA_VOLUME) {
        return Vec::new();
    }
    vec![Finding::new(
        [APPLICATION_STATUS, DATA_VOLUME],
        format!(
            "Application status is \"{}\", but the volume of data to migrate is {}.",
            status.label(),
            context.describe(DATA_VOLUME)
        ),
        "How much data has to move (databases, files, backups), and how fast is it growing?".to_owned(),
    )
    .about_absent([DATA_VOLUME])]
}

/// `greenfield-with-migration`: greenfield application with migration answers.
pub(super) fn greenfield_with_migration(context: &Context<'_>) -> Vec<Finding> {
    let profile = context.profile;
    if profile.readiness.application_status != Some(ApplicationStatus::Greenfield) {
        return Vec::new();
    }
    let given: Vec<&Question> = QUESTIONS
        .iter()
        .filter(|q| q.key.starts_with("requirements.migration.") && context.state(q.key) == State::Answered)
        .filter(|q| !(q.key == ZERO_DOWNTIME && profile.requirements.migration.zero_downtime == Some(YesNo::No)))
        .collect();
    if given.is_empty() {
        return Vec::new();
    }
    let texts: Vec<String> = given.iter().map(|q| format!("\"{}\"", q.text)).collect();
    let keys: Vec<&str> = std::iter::once(APPLICATION_STATUS).chain(given.iter().map(|q| q.key)).collect();
    let (answers, verb) = if given.len() == 1 { ("answer", "is") } else { ("answers", "are") };
    vec![Finding::new(
        &keys,
        format!(
            "The application is new (greenfield), yet {} migration {answers} {verb} given: {}.",
            given.len(),
            and_list(&texts)
        ),
        "Is there existing data or an existing system to move after all, or do the migration answers not apply?"
            .to_owned(),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{keys, one, quiet, record};
    use super::*;
    use crate::analyse::samples::fabrikam;
    use crate::analyse::{analyse, RuleId};
    use crate::profile::{RecordedState, SizeGb};

    #[test]
    fn zero_downtime_without_replication_fires_when_no_replication_is_named() {
        let mut profile = fabrikam();
        profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
        profile.requirements.migration.replication = None;
        record(&mut profile, REPLICATION, RecordedState::NotApplicable, "n/a");
        let gap = one(&profile, RuleId::ZeroDowntimeWithoutReplication);
        assert_eq!(keys(&gap), [ZERO_DOWNTIME, REPLICATION]);
        assert!(gap.detail.contains("replication is not applicable (\"n/a\")"), "{}", gap.detail);
        assert!(gap.follow_up.contains("PostgreSQL 14"), "{}", gap.follow_up);
    }

    #[test]
    fn zero_downtime_without_replication_fires_when_replication_is_answered_none() {
        let mut profile = fabrikam();
        profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
        profile.requirements.migration.replication = None;
        record(&mut profile, REPLICATION, RecordedState::None, "No");
        let gap = one(&profile, RuleId::ZeroDowntimeWithoutReplication);
        assert!(gap.detail.contains("(replication is answered \"No\")"), "{}", gap.detail);
    }

    #[test]
    fn greenfield_with_migration_does_not_count_a_none_answer() {
        let mut profile = fabrikam();
        profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
        profile.requirements.migration = Default::default();
        record(&mut profile, REPLICATION, RecordedState::None, "None");
        quiet(&profile, RuleId::GreenfieldWithMigration);
    }

    #[test]
    fn zero_downtime_without_replication_is_quiet_with_replication_or_downtime_allowed() {
        let mut profile = fabrikam();
        profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
        quiet(&profile, RuleId::ZeroDowntimeWithoutReplication);
        profile.requirements.migration.zero_downtime = Some(YesNo::No);
        profile.requirements.migration.replication = None;
        quiet(&profile, RuleId::ZeroDowntimeWithoutReplication);
    }

    #[test]
    fn migration_without_volume_fires_for_a_migration_and_takes_over_the_generic_gap() {
        let mut profile = fabrikam();
        profile.requirements.migration.data_volume_gb = None;
        let gap = one(&profile, RuleId::MigrationWithoutVolume);
        assert_eq!(keys(&gap), [APPLICATION_STATUS, DATA_VOLUME]);
        assert_eq!(
            gap.detail,
            "Application status is \"Migrating from on premises\", but the volume of data to migrate is missing."
        );
        quiet(&profile, RuleId::MissingRecommended);
    }

    #[test]
    fn migration_without_volume_is_quiet_with_a_volume_or_nothing_to_move() {
        let mut profile = fabrikam();
        quiet(&profile, RuleId::MigrationWithoutVolume);
        profile.requirements.migration.data_volume_gb = None;
        record(&mut profile, DATA_VOLUME, RecordedState::NotApplicable, "N/A");
        quiet(&profile, RuleId::MigrationWithoutVolume);
        profile.answer_states.clear();
        profile.readiness.application_status = Some(ApplicationStatus::AlreadyOnAzure);
        quiet(&profile, RuleId::MigrationWithoutVolume);
    }

    #[test]
    fn greenfield_with_migration_fires_and_names_the_answers() {
        let mut profile = fabrikam();
        profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
        profile.requirements.migration = Default::default();
        profile.requirements.migration.data_volume_gb = Some(SizeGb(500.0));
        let gap = one(&profile, RuleId::GreenfieldWithMigration);
        assert_eq!(keys(&gap), [APPLICATION_STATUS, DATA_VOLUME]);
        assert_eq!(
            gap.detail,
            "The application is new (greenfield), yet 1 migration answer is given: \"Volume of data to migrate\"."
        );
    }

    #[test]
    fn greenfield_with_migration_is_quiet_when_zero_downtime_is_only_denied() {
        let mut profile = fabrikam();
        profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
        profile.requirements.migration = Default::default();
        profile.requirements.migration.zero_downtime = Some(YesNo::No);
        quiet(&profile, RuleId::GreenfieldWithMigration);
        assert!(analyse(&profile).gaps.is_empty());
    }
}
