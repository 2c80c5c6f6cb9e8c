//! How a check sees a profile: the [`Context`] (each answer's state, its text as written and its cell),
//! the [`Finding`] a check returns, and the keys the consistency rules read, named once.
//!
//! Checks never walk the profile's JSON themselves: they ask the context whether a key is absent (missing
//! or unknown) or unnamed (missing, unknown, N/A or none), and read typed values from the profile. The context
//! also knows where a key stands in the workbook, so a gap can point at the cell, or at the row of a table
//! cell the import did not record.

use crate::profile::catalogue::{split_key, TABLES};
use crate::profile::{Answers, Profile, State};

// The keys the consistency rules read, named once.
pub(super) const SLA: &str = "requirements.availability.sla_target_percent";
pub(super) const MULTI_ZONE: &str = "requirements.availability.multi_zone";
pub(super) const MULTI_REGION: &str = "requirements.availability.multi_region";
pub(super) const RPO: &str = "requirements.disaster_recovery.rpo";
pub(super) const RTO: &str = "requirements.disaster_recovery.rto";
pub(super) const DR_STRATEGY: &str = "requirements.disaster_recovery.strategy";
pub(super) const ZERO_DOWNTIME: &str = "requirements.migration.zero_downtime";
pub(super) const DATA_VOLUME: &str = "requirements.migration.data_volume_gb";
pub(super) const REPLICATION: &str = "requirements.migration.replication";
pub(super) const AUTHENTICATION: &str = "requirements.security.authentication";
pub(super) const NETWORK_SECURITY: &str = "requirements.security.network";
pub(super) const REGULATIONS: &str = "requirements.governance.regulations";
pub(super) const DATA_RESIDENCY: &str = "requirements.governance.data_residency";
pub(super) const USAGE_PATTERN: &str = "requirements.usage.pattern";
pub(super) const TEAM_EXPERIENCE: &str = "readiness.team_experience";
pub(super) const APPLICATION_STATUS: &str = "readiness.application_status";
pub(super) const COMPUTE_APPROACH: &str = "technology.compute_approach";
pub(super) const KUBERNETES_TOOLING: &str = "technology.operations.kubernetes_cncf";
pub(super) const MONITORING: &str = "technology.operations.monitoring";
pub(super) const APM: &str = "technology.operations.apm";
pub(super) const ENGAGEMENTS: &str = "engagements";
pub(super) const SESSION_DATE: &str = "meta.session_date";
pub(super) const DIAGRAM_SHARED_ON: &str = "meta.diagram_shared_on";
pub(super) const COMPLETED_ON: &str = "meta.completed_on";

/// What a check sees: the profile, its answers by key, and helpers to describe them.
pub(in crate::analyse) struct Context<'p> {
    pub(super) profile: &'p Profile,
    answers: Answers<'p>,
}

impl<'p> Context<'p> {
    pub(in crate::analyse) fn new(profile: &'p Profile) -> Context<'p> {
        Context { profile, answers: Answers::new(profile) }
    }

    pub(in crate::analyse) fn answers(&self) -> &Answers<'p> {
        &self.answers
    }

    /// The state of a question, or of a table cell (`engagements[1].success_criteria`).
    pub(super) fn state(&self, key: &str) -> State {
        let (base, row, field) = split_key(key);
        let (Some(row), Some(field)) = (row, field) else {
            return self.answers.state(key);
        };
        if let Some(recorded) = self.profile.answer_states.get(key) {
            return recorded.state.into();
        }
        let value = self.answers.value(base).and_then(|rows| rows.get(row)).and_then(|cells| cells.get(field));
        match value {
            None | Some(serde_json::Value::Null) => State::Missing,
            Some(serde_json::Value::String(text)) if text.trim().is_empty() => State::Missing,
            Some(_) => State::Answered,
        }
    }

    /// The text as written, for a key whose state was recorded.
    pub(super) fn raw(&self, key: &str) -> &str {
        self.profile.answer_states.get(key).map_or("", |s| s.raw.as_str())
    }

    /// Missing or unknown: what the contract calls missing in a rule's condition.
    pub(super) fn absent(&self, key: &str) -> bool {
        matches!(self.state(key), State::Missing | State::Unknown)
    }

    /// Missing, unknown, N/A or none (`None yet`, `not used`): nothing is named.
    pub(super) fn unnamed(&self, key: &str) -> bool {
        matches!(self.state(key), State::Missing | State::Unknown | State::NotApplicable | State::None)
    }

    /// The cells the keys stand in, in key order and without repeats.
    pub(in crate::analyse) fn locations(&self, keys: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for location in keys.iter().filter_map(|key| self.location(key)) {
            if !out.contains(&location) {
                out.push(location);
            }
        }
        out
    }

    /// The cell of one key. A table cell the importer did not record (an empty cell may have none) falls
    /// back to the row's first recorded cell, so the gap still points at the row; a whole table falls back
    /// to its first row's first recorded cell, and to no location when it has no rows.
    fn location(&self, key: &str) -> Option<String> {
        if let Some(source) = self.profile.sources.get(key) {
            return Some(source.clone());
        }
        let (base, row, _) = split_key(key);
        let table = TABLES.iter().find(|t| t.key == base)?;
        let row = row.unwrap_or(0);
        table.columns.iter().find_map(|c| self.profile.sources.get(&format!("{base}[{row}].{}", c.field)).cloned())
    }
}

/// What a check found, before [`analyse`](crate::analyse::analyse) adds the rule's id, severity and the
/// cells.
pub(in crate::analyse) struct Finding {
    pub(in crate::analyse) keys: Vec<String>,
    pub(in crate::analyse) title: Option<String>,
    pub(in crate::analyse) detail: String,
    pub(in crate::analyse) follow_up: String,
    /// The keys whose absence this finding reports; a generic finding about one of them gives way to it.
    pub(in crate::analyse) absent: Vec<String>,
    /// Whether this is a generic finding that gives way to a specific one about the same absence.
    pub(in crate::analyse) defers: bool,
}

impl Finding {
    pub(super) fn new<K: AsRef<str>>(keys: impl IntoIterator<Item = K>, detail: String, follow_up: String) -> Finding {
        Finding {
            keys: keys.into_iter().map(|k| k.as_ref().to_owned()).collect(),
            title: None,
            detail,
            follow_up,
            absent: Vec::new(),
            defers: false,
        }
    }

    /// The finding with a title of its own, in place of the rule's.
    pub(super) fn titled(mut self, title: String) -> Finding {
        self.title = Some(title);
        self
    }

    /// The finding as the report of these keys' absence.
    pub(super) fn about_absent<K: AsRef<str>>(mut self, keys: impl IntoIterator<Item = K>) -> Finding {
        self.absent = keys.into_iter().map(|k| k.as_ref().to_owned()).collect();
        self
    }

    /// The finding as a generic one, which gives way to a specific finding about the same absence.
    pub(super) fn deferring(mut self) -> Finding {
        self.defers = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::rules::testing::{one, source};
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::CloudExperience;

    #[test]
    fn a_table_key_is_located_at_its_first_recorded_cell() {
        let mut profile = fabrikam();
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        source(&mut profile, "engagements[0].priority", "Engagements!C2");
        source(&mut profile, "engagements[0].type", "Engagements!A2");
        source(&mut profile, TEAM_EXPERIENCE, "Profile!D55");
        let gap = one(&profile, RuleId::FirstCloudWithoutDesignSession);
        assert_eq!(gap.locations, ["Profile!D55", "Engagements!A2"]);
    }
}
