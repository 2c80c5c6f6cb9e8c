//! Availability and recovery: an SLA target the zones or regions cannot carry (`sla-without-zones`,
//! `sla-without-regions`), a second region without recovery objectives
//! (`multi-region-without-objectives`), and objectives tighter than the disaster recovery strategy can
//! meet (`objectives-vs-strategy`).

use super::context::{DR_STRATEGY, MULTI_REGION, MULTI_ZONE, RPO, RTO, SLA};
use super::{Context, Finding};
use crate::profile::{and_list, lower_first, Choice, DrStrategy, IsoDuration, YesNo};

/// `sla-without-zones`: high SLA target on a single availability zone.
pub(super) fn sla_without_zones(context: &Context<'_>) -> Vec<Finding> {
    let availability = &context.profile.requirements.availability;
    let (Some(sla), Some(YesNo::No)) = (availability.sla_target_percent, availability.multi_zone) else {
        return Vec::new();
    };
    // A percentage read from a cell formatted as percent may carry binary noise (99.94999...).
    if sla.0 < 99.95 - 1e-9 {
        return Vec::new();
    }
    let sla = sla.0;
    vec![Finding::new(
        [SLA, MULTI_ZONE],
        format!("SLA target {sla} % but multi-zone is \"no\": one availability zone rarely sustains {sla} %."),
        format!(
            "Which availability zones will {} and the application tier run in, and how does the application fail \
             over between them when a zone goes down?",
            context.database_tier()
        ),
    )]
}

/// `sla-without-regions`: very high SLA target in a single region.
pub(super) fn sla_without_regions(context: &Context<'_>) -> Vec<Finding> {
    let availability = &context.profile.requirements.availability;
    let (Some(sla), Some(YesNo::No)) = (availability.sla_target_percent, availability.multi_region) else {
        return Vec::new();
    };
    if sla.0 < 99.99 - 1e-9 {
        return Vec::new();
    }
    let sla = sla.0;
    vec![Finding::new(
        [SLA, MULTI_REGION],
        format!("SLA target {sla} % but multi-region is \"no\": one region cannot ride out a regional outage."),
        format!(
            "How will the solution keep {sla} % through a regional outage in one region, or would your customers \
             accept a lower SLA?"
        ),
    )]
}

/// `multi-region-without-objectives`: multi-region without recovery objectives.
pub(super) fn multi_region_without_objectives(context: &Context<'_>) -> Vec<Finding> {
    let multi_region = match context.profile.requirements.availability.multi_region {
        Some(answer @ (YesNo::Yes | YesNo::Planned)) => answer,
        _ => return Vec::new(),
    };
    let absent: Vec<(&str, &str)> =
        [(RPO, "RPO"), (RTO, "RTO")].into_iter().filter(|(k, _)| context.absent(k)).collect();
    if absent.is_empty() {
        return Vec::new();
    }
    let described: Vec<String> = absent.iter().map(|(k, n)| format!("the {n} is {}", context.describe(k))).collect();
    let follow_up = match absent.as_slice() {
        [_, _] => "When a region fails, how much data may be lost (RPO), and how long may the solution be down (RTO)?",
        [(RPO, _)] => "When a region fails, how much data may be lost (RPO)?",
        _ => "When a region fails, how long may the solution be down before it is back (RTO)?",
    };
    let keys: Vec<&str> = std::iter::once(MULTI_REGION).chain(absent.iter().map(|(k, _)| *k)).collect();
    vec![Finding::new(
        &keys,
        format!("Multi-region is \"{}\" but {}.", multi_region.value(), and_list(&described)),
        follow_up.to_owned(),
    )
    .about_absent(absent.iter().map(|(k, _)| *k))]
}

/// `objectives-vs-strategy`: recovery objectives tighter than the DR strategy.
pub(super) fn objectives_vs_strategy(context: &Context<'_>) -> Vec<Finding> {
    let recovery = &context.profile.requirements.disaster_recovery;
    let (strategy, consequence) = match recovery.strategy {
        Some(DrStrategy::None) => (DrStrategy::None, "without a strategy, nothing"),
        Some(DrStrategy::BackupRestore) => (DrStrategy::BackupRestore, "restoring from backups rarely"),
        _ => return Vec::new(),
    };
    // An objective written as a bound below the hour (`< 1 h`, `under 60 minutes`) reads as the hour, with the
    // text as written in the notes: it is under the hour all the same.
    let below = |note: &&String| {
        let note = note.trim_start().to_lowercase();
        !note.starts_with("<=") && ["<", "under ", "below ", "less than "].iter().any(|q| note.starts_with(q))
    };
    // Each objective with the vendor's words when they put it below a bound.
    let short: Vec<(&str, &str, &IsoDuration, Option<&String>)> =
        [(RPO, "RPO", &recovery.rpo), (RTO, "RTO", &recovery.rto)]
            .into_iter()
            .filter_map(|(key, name, value)| {
                Some((key, name, value.as_ref()?, context.profile.notes.get(key).filter(below)))
            })
            .filter(|(_, _, value, below)| value.seconds() < 3600.0 || (value.seconds() == 3600.0 && below.is_some()))
            .collect();
    let Some(tightest) = short.iter().map(|(_, _, v, _)| *v).min_by(|a, b| a.seconds().total_cmp(&b.seconds())) else {
        return Vec::new();
    };
    let objectives: Vec<String> = short
        .iter()
        .map(|(_, n, v, written)| match written {
            Some(written) => format!("{n} \"{}\"", written.trim()),
            None => format!("{n} {v} ({})", v.human()),
        })
        .collect();
    let keys: Vec<&str> = short.iter().map(|(k, _, _, _)| *k).chain([DR_STRATEGY]).collect();
    vec![Finding::new(
        &keys,
        format!(
            "{} with a disaster recovery strategy of \"{}\": {consequence} meets objectives under 1 hour.",
            and_list(&objectives),
            strategy.label()
        ),
        format!(
            "How will the solution recover within {} with {}, or does it need a pilot light, warm standby or \
             active-active setup?",
            tightest.human(),
            match strategy {
                DrStrategy::None => "no disaster recovery strategy".to_owned(),
                other => lower_first(other.label()),
            }
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{keys, one, quiet, record, source};
    use super::*;
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::{Percent, RecordedState};

    #[test]
    fn sla_without_zones_fires_at_99_95_on_a_single_zone() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.95));
        profile.requirements.availability.multi_zone = Some(YesNo::No);
        source(&mut profile, SLA, "Profile!D25");
        source(&mut profile, MULTI_ZONE, "Profile!D26");
        let gap = one(&profile, RuleId::SlaWithoutZones);
        assert_eq!(keys(&gap), [SLA, MULTI_ZONE]);
        assert_eq!(gap.locations, ["Profile!D25", "Profile!D26"]);
        assert!(gap.detail.starts_with("SLA target 99.95 % but multi-zone is \"no\""), "{}", gap.detail);
        assert!(gap.follow_up.contains("the PostgreSQL 14 tier"), "{}", gap.follow_up);
    }

    #[test]
    fn sla_without_zones_is_quiet_below_99_95_or_with_zones_planned() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.9));
        profile.requirements.availability.multi_zone = Some(YesNo::No);
        quiet(&profile, RuleId::SlaWithoutZones);
        profile.requirements.availability.sla_target_percent = Some(Percent(99.99));
        profile.requirements.availability.multi_zone = Some(YesNo::Planned);
        quiet(&profile, RuleId::SlaWithoutZones);
    }

    #[test]
    fn sla_without_regions_fires_at_99_99_in_one_region() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.99));
        let gap = one(&profile, RuleId::SlaWithoutRegions);
        assert_eq!(keys(&gap), [SLA, MULTI_REGION]);
        assert!(gap.detail.starts_with("SLA target 99.99 % but multi-region is \"no\""), "{}", gap.detail);
        assert!(gap.follow_up.contains("99.99 %"), "{}", gap.follow_up);
    }

    #[test]
    fn sla_without_regions_is_quiet_at_99_95_or_with_a_second_region() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.95));
        quiet(&profile, RuleId::SlaWithoutRegions);
        profile.requirements.availability.sla_target_percent = Some(Percent(99.99));
        profile.requirements.availability.multi_region = Some(YesNo::Yes);
        quiet(&profile, RuleId::SlaWithoutRegions);
    }

    #[test]
    fn multi_region_without_objectives_fires_beside_the_missing_answer() {
        let mut profile = fabrikam();
        profile.requirements.availability.multi_region = Some(YesNo::Planned);
        profile.requirements.disaster_recovery.rto = None;
        record(&mut profile, RTO, RecordedState::Unknown, "TBD");
        source(&mut profile, MULTI_REGION, "Profile!D27");
        source(&mut profile, RTO, "Profile!D30");
        let gap = one(&profile, RuleId::MultiRegionWithoutObjectives);
        assert_eq!(keys(&gap), [MULTI_REGION, RTO]);
        assert_eq!(gap.locations, ["Profile!D27", "Profile!D30"]);
        assert_eq!(gap.detail, "Multi-region is \"planned\" but the RTO is unknown (\"TBD\").");
        assert!(gap.follow_up.contains("(RTO)") && !gap.follow_up.contains("(RPO)"), "{}", gap.follow_up);
        // It is as severe as missing-required and reports the same absence, so the RTO is reported once.
        quiet(&profile, RuleId::MissingRequired);
    }

    #[test]
    fn multi_region_without_objectives_is_quiet_for_one_region_or_with_objectives() {
        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.rto = None;
        quiet(&profile, RuleId::MultiRegionWithoutObjectives);
        assert_eq!(one(&profile, RuleId::MissingRequired).keys, [RTO]);
        profile.requirements.availability.multi_region = Some(YesNo::Yes);
        profile.requirements.disaster_recovery.rto = Some("PT1H".parse().unwrap());
        quiet(&profile, RuleId::MultiRegionWithoutObjectives);
    }

    #[test]
    fn objectives_vs_strategy_fires_for_a_short_rpo_with_backup_restore() {
        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.strategy = Some(DrStrategy::BackupRestore);
        let gap = one(&profile, RuleId::ObjectivesVsStrategy);
        assert_eq!(keys(&gap), [RPO, DR_STRATEGY]);
        assert!(
            gap.detail
                .starts_with("RPO PT15M (15 minutes) with a disaster recovery strategy of \"Backup and restore\""),
            "{}",
            gap.detail
        );
        assert!(gap.follow_up.contains("within 15 minutes with backup and restore"), "{}", gap.follow_up);
    }

    #[test]
    fn objectives_vs_strategy_is_quiet_for_objectives_of_an_hour_or_a_warm_standby() {
        let mut profile = fabrikam();
        quiet(&profile, RuleId::ObjectivesVsStrategy);
        profile.requirements.disaster_recovery.strategy = Some(DrStrategy::None);
        profile.requirements.disaster_recovery.rpo = Some("PT1H".parse().unwrap());
        quiet(&profile, RuleId::ObjectivesVsStrategy);
        // At most an hour is not under it.
        profile.notes.insert(RPO.into(), "<= 1 h".into());
        quiet(&profile, RuleId::ObjectivesVsStrategy);
    }

    /// `< 1 h` reads as PT1H with the text as written in the notes; it is under the hour.
    #[test]
    fn objectives_vs_strategy_fires_for_an_objective_written_as_under_the_hour() {
        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.strategy = Some(DrStrategy::BackupRestore);
        profile.requirements.disaster_recovery.rpo = Some("PT1H".parse().unwrap());
        for written in ["< 1 h", "under 60 minutes", "less than an hour", "Below 1h"] {
            profile.notes.insert(RPO.into(), written.into());
            let gap = one(&profile, RuleId::ObjectivesVsStrategy);
            assert!(gap.detail.starts_with(&format!("RPO \"{written}\" with")), "{}", gap.detail);
        }
    }
}
