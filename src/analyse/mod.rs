//! Gap analysis and completeness: what the lead engineer must chase before or in the discovery session.
//!
//! [`analyse`] runs every rule of the [rule table](RULES) over a [`Profile`] and scores how complete the
//! questionnaire is ([`Completeness`]). A [`Gap`] names the rule that found it (its [`RuleId`]), its
//! severity, the keys and spreadsheet cells it rests on, what is wrong (quoting the values involved) and the
//! follow-up question to ask. Analysis is pure computation over the profile: no I/O, no clock, the same
//! gaps in the same order for the same profile, whether it was read from a workbook or from its JSON. An
//! [`Analysis`] serialises to the JSON `discovery check --format json` prints and reads back from it.
//!
//! A key's missing or unknown answer is reported once. The generic rules (`missing-required`,
//! `missing-recommended`) step back when a more specific rule of at least the same severity reports the
//! same absence with more context: an unknown authentication answer under HIPAA is one
//! `regulated-without-security` gap, not two gaps.

mod completeness;
mod rules;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::profile::catalogue::{split_key, TABLES};
use crate::profile::{ApplicationStatus, Profile, QUESTIONS};

pub use completeness::{completeness, Completeness, SectionCompleteness, Tally, RECOMMENDED_WEIGHT, REQUIRED_WEIGHT};
pub use rules::{rule, Rule, RuleId, UnknownRuleId, RULES};

/// How urgently a gap needs chasing. Ordered most urgent first: `High < Medium < Low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GapSeverity {
    /// The session cannot be prepared properly without it.
    High,
    /// Worth settling before the session.
    Medium,
    /// Worth a question in the session.
    Low,
}

impl GapSeverity {
    /// Every severity, most urgent first.
    pub const ALL: [GapSeverity; 3] = [GapSeverity::High, GapSeverity::Medium, GapSeverity::Low];

    /// The lowercase name used in JSON and reports (`high`).
    pub fn as_str(self) -> &'static str {
        match self {
            GapSeverity::High => "high",
            GapSeverity::Medium => "medium",
            GapSeverity::Low => "low",
        }
    }
}

impl fmt::Display for GapSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the lead engineer must chase before or in the session.
///
/// Its JSON is `{"id", "severity", "keys", "locations", "title", "detail", "follow_up"}`, the id as the
/// rule's kebab-case string (`"sla-without-zones"`); it reads back with `serde_json` to an equal gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Gap {
    /// The id of the [`Rule`] that found it (`sla-without-zones`).
    pub id: RuleId,
    /// How urgent it is: the rule's severity.
    pub severity: GapSeverity,
    /// The dotted keys (or table cells, `engagements[1].success_criteria`) the gap rests on.
    pub keys: Vec<String>,
    /// The cells of those keys as `Sheet!Cell`, taken from the profile's `sources`; empty for a profile
    /// that did not come from a spreadsheet.
    pub locations: Vec<String>,
    /// A one-line summary.
    pub title: String,
    /// What is wrong, naming the values involved.
    pub detail: String,
    /// The question to ask the vendor.
    pub follow_up: String,
}

impl Gap {
    /// The rule that found this gap.
    pub fn rule(&self) -> &'static Rule {
        self.id.rule()
    }
}

/// The result of analysing one profile: its gaps, most urgent first, and its completeness.
///
/// It reads back from its JSON (`serde_json`) to an equal value, so a program can keep an analysis and load
/// it later with the crate's own types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Analysis {
    /// The gaps, ordered by severity (high first), then by the rule's place in [`RULES`], then by the
    /// questionnaire order of the first key.
    pub gaps: Vec<Gap>,
    /// How complete the questionnaire is, overall and per section.
    pub completeness: Completeness,
}

impl Analysis {
    /// How many gaps have `severity`.
    pub fn count(&self, severity: GapSeverity) -> usize {
        self.gaps.iter().filter(|g| g.severity == severity).count()
    }
}

/// Analyses a profile: every gap the [rules](RULES) find, and its completeness.
///
/// ```
/// use discovery::analyse::{analyse, GapSeverity, RuleId};
/// let json = std::fs::read_to_string("samples/mueller-soen-partial.json")?;
/// let profile: discovery::profile::Profile = serde_json::from_str(&json)?;
/// let analysis = analyse(&profile);
/// let zones = analysis.gaps.iter().find(|g| g.id == RuleId::SlaWithoutZones).unwrap();
/// assert_eq!(zones.severity, GapSeverity::High);
/// assert!(zones.detail.contains("99.95 %"));
/// assert!(analysis.completeness.overall < 100.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyse(profile: &Profile) -> Analysis {
    let context = rules::Context::new(profile);
    Analysis { gaps: gaps_in(&context), completeness: completeness::tally(context.answers()) }
}

/// Only the gaps of a profile, as [`analyse`] finds them.
pub fn gaps(profile: &Profile) -> Vec<Gap> {
    gaps_in(&rules::Context::new(profile))
}

/// Whether question `key` is asked of this profile at all. The migration questions are not asked of a
/// greenfield application (it migrates nothing): leaving them empty is then no gap and costs no
/// completeness, while answering them raises completeness like an optional answer does.
///
/// ```
/// use discovery::analyse::applies;
/// use discovery::profile::{ApplicationStatus, Profile};
/// let mut profile = Profile::default();
/// assert!(applies(&profile, "requirements.migration.data_volume_gb"));
/// profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
/// assert!(!applies(&profile, "requirements.migration.data_volume_gb"));
/// assert!(applies(&profile, "requirements.disaster_recovery.rpo"));
/// ```
pub fn applies(profile: &Profile, key: &str) -> bool {
    let greenfield = profile.readiness.application_status == Some(ApplicationStatus::Greenfield);
    !(greenfield && key.starts_with("requirements.migration."))
}

fn gaps_in(context: &rules::Context<'_>) -> Vec<Gap> {
    let findings: Vec<(usize, rules::Finding)> = RULES
        .iter()
        .enumerate()
        .flat_map(|(index, rule)| (rule.check)(context).into_iter().map(move |finding| (index, finding)))
        .collect();
    let superseded = |index: usize, finding: &rules::Finding| {
        finding.defers
            && findings.iter().any(|(other, specific)| {
                !specific.defers
                    && RULES[*other].severity <= RULES[index].severity
                    && finding.keys.iter().all(|key| specific.absent.contains(key))
            })
    };
    let mut gaps: Vec<(usize, Gap)> = findings
        .iter()
        .filter(|(index, finding)| !superseded(*index, finding))
        .map(|(index, finding)| {
            let rule = &RULES[*index];
            let gap = Gap {
                id: rule.id,
                severity: rule.severity,
                keys: finding.keys.clone(),
                locations: context.locations(&finding.keys),
                title: finding.title.clone().unwrap_or_else(|| rule.title.to_owned()),
                detail: finding.detail.clone(),
                follow_up: finding.follow_up.clone(),
            };
            (*index, gap)
        })
        .collect();
    gaps.sort_by(|(a_rule, a), (b_rule, b)| {
        fn order(gap: &Gap) -> Option<(usize, usize, usize, &str)> {
            gap.keys.first().map(|key| key_order(key))
        }
        (a.severity, a_rule, order(a)).cmp(&(b.severity, b_rule, order(b)))
    });
    gaps.into_iter().map(|(_, gap)| gap).collect()
}

/// Where a key stands in the questionnaire: the question's place in the catalogue, then (for a table
/// cell) the row and the column, then the key itself for keys the catalogue does not know.
fn key_order(key: &str) -> (usize, usize, usize, &str) {
    let (base, row, field) = split_key(key);
    let Some(position) = QUESTIONS.iter().position(|q| q.key == base) else {
        return (usize::MAX, 0, 0, key);
    };
    let column = field
        .and_then(|field| TABLES.iter().find(|t| t.key == base)?.columns.iter().position(|c| c.field == field))
        .map_or(0, |c| c + 1);
    (position, row.map_or(0, |r| r + 1), column, key)
}

/// The shipped sample profiles, for the tests of every analyse module.
#[cfg(test)]
pub(crate) mod samples {
    use crate::profile::Profile;

    /// The complete sample: every required and recommended answer given, and consistent.
    pub fn fabrikam() -> Profile {
        serde_json::from_str(include_str!("../../samples/fabrikam-routewise.json")).unwrap()
    }

    /// The partial sample, rich in gaps.
    pub fn mueller() -> Profile {
        serde_json::from_str(include_str!("../../samples/mueller-soen-partial.json")).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Engagement, EngagementType, Priority};

    use super::samples::{fabrikam, mueller};

    #[test]
    fn severities_serialise_lowercase_and_sort_high_first() {
        assert_eq!(serde_json::to_value(GapSeverity::Medium).unwrap(), "medium");
        let mut severities = vec![GapSeverity::Low, GapSeverity::High, GapSeverity::Medium];
        severities.sort();
        assert_eq!(severities, GapSeverity::ALL);
    }

    #[test]
    fn a_gap_serialises_to_exactly_the_contract_fields() {
        let analysis = analyse(&mueller());
        let json = serde_json::to_value(&analysis.gaps[0]).unwrap();
        let fields: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["id", "severity", "keys", "locations", "title", "detail", "follow_up"]);
        assert_eq!(json["severity"], "high");
    }

    #[test]
    fn a_gap_id_serialises_as_the_rule_id_string() {
        let analysis = analyse(&mueller());
        let gap = &analysis.gaps[0];
        assert_eq!(gap.id, RuleId::MissingRequired);
        assert_eq!(serde_json::to_value(gap).unwrap()["id"], "missing-required");
        assert_eq!(gap.rule().id, gap.id);
    }

    #[test]
    fn the_analysis_of_each_sample_reads_back_from_its_json_to_an_equal_value() {
        for profile in [fabrikam(), mueller()] {
            let analysis = analyse(&profile);
            let json = serde_json::to_string_pretty(&analysis).unwrap();
            let read: Analysis = serde_json::from_str(&json).unwrap();
            // The percentages are rounded to one decimal and printed in their shortest form, which reads
            // back to the same f64.
            assert_eq!(read, analysis);
            assert_eq!(serde_json::to_string_pretty(&read).unwrap(), json);
        }
    }

    #[test]
    fn gaps_are_ordered_by_severity_then_rule_then_questionnaire_order() {
        let gaps = analyse(&mueller()).gaps;
        let rule_index = |id: RuleId| RULES.iter().position(|r| r.id == id).unwrap();
        for pair in gaps.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let a_key = (a.severity, rule_index(a.id), key_order(&a.keys[0]));
            let b_key = (b.severity, rule_index(b.id), key_order(&b.keys[0]));
            assert!(a_key <= b_key, "{} {:?} comes before {} {:?}", a.id, a.keys, b.id, b.keys);
        }
        let missing: Vec<&str> =
            gaps.iter().filter(|g| g.id == RuleId::MissingRequired).map(|g| g.keys[0].as_str()).collect();
        assert_eq!(missing[0], "meta.architecture_diagram");
    }

    #[test]
    fn the_same_profile_gives_the_same_gaps() {
        assert_eq!(analyse(&mueller()), analyse(&mueller()));
    }

    #[test]
    fn table_rows_order_by_number_not_by_text() {
        assert!(key_order("engagements[2].priority") < key_order("engagements[10].priority"));
        assert!(key_order("engagements[2].type") < key_order("engagements[2].priority"));
        assert!(key_order("meta.company_name") < key_order("engagements[0].type"));
        assert_eq!(split_key("schedule.milestones[3].date"), ("schedule.milestones", Some(3), Some("date")));
        assert_eq!(split_key("meta.company_name"), ("meta.company_name", None, None));
    }

    #[test]
    fn a_generic_gap_gives_way_to_a_specific_one_about_the_same_absence() {
        let gaps = analyse(&mueller()).gaps;
        let about = |id: RuleId, key: &str| gaps.iter().any(|g| g.id == id && g.keys.iter().any(|k| k == key));
        // HIPAA applies and authentication is unknown: one high gap that says why it matters.
        assert!(about(RuleId::RegulatedWithoutSecurity, "requirements.security.authentication"));
        assert!(!about(RuleId::MissingRequired, "requirements.security.authentication"));
        // The session is set and the diagram's date is missing: diagram-late says it.
        assert!(about(RuleId::DiagramLate, "meta.diagram_shared_on"));
        assert!(!about(RuleId::MissingRecommended, "meta.diagram_shared_on"));
        // Nothing more specific covers the unknown RTO.
        assert!(about(RuleId::MissingRequired, "requirements.disaster_recovery.rto"));
    }

    #[test]
    fn a_specific_gap_of_lower_severity_does_not_hide_a_required_answer() {
        let mut profile = fabrikam();
        profile.engagements.clear();
        let gaps = gaps(&profile);
        let ids: Vec<RuleId> = gaps.iter().map(|g| g.id).collect();
        assert!(ids.contains(&RuleId::NoEngagements));
        assert!(!ids.contains(&RuleId::MissingRequired), "no-engagements is as severe and covers the table: {ids:?}");
    }

    #[test]
    fn migration_questions_are_not_asked_of_a_greenfield_application() {
        let mut profile = fabrikam();
        profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
        profile.requirements.migration = Default::default();
        assert!(gaps(&profile).is_empty(), "{:#?}", gaps(&profile));
        profile.readiness.application_status = Some(ApplicationStatus::AlreadyOnAzure);
        let keys: Vec<String> = gaps(&profile).into_iter().flat_map(|g| g.keys).collect();
        assert!(keys.contains(&"requirements.migration.data_volume_gb".to_owned()));
    }

    #[test]
    fn analysis_counts_gaps_by_severity() {
        let mut profile = fabrikam();
        profile.engagements = vec![
            Engagement {
                kind: Some(EngagementType::DeepDive),
                priority: Some(Priority::High),
                success_criteria: Some("A runbook".into()),
                ..Default::default()
            };
            3
        ];
        let analysis = analyse(&profile);
        assert_eq!(analysis.count(GapSeverity::Low), 1);
        assert_eq!(analysis.count(GapSeverity::High), 0);
    }
}
