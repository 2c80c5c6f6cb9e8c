//! The gap rules: what each rule finds, how serious it is, and the check that finds it.
//!
//! The rules are data: one [table](RULES) lists every rule with its typed [`RuleId`], severity and
//! documentation, and names its check. Every rule of the contract's "Gap rules" table is there with its id
//! and severity. Each rule's `fires_when` says which answer states fire it. A rule that asks whether
//! something is named (monitoring, APM, Kubernetes tooling, replication, authentication, network security,
//! data residency) fires on missing, unknown, N/A and none alike, as the contract says: a 24x7 service whose
//! monitoring is `None yet` or `N/A` has the very risk the rule is about, and the gap quotes what the vendor
//! wrote. A rule that asks for a value (the RPO and RTO, the data volume) treats N/A as a deliberate answer
//! that silences it; those questions have no none state.
//!
//! A check sees the profile through a [`Context`] and returns findings; [`analyse`](super::analyse) turns
//! them into [`Gap`](super::Gap)s, adding the rule's id, severity and title and the cells of the keys. The
//! files: `table` (the rule table and [`RuleId`]), `context` (the [`Context`], the [`Finding`] and the keys
//! the checks read), `phrasing` (how values and keys are worded in details and follow-ups), and the checks
//! by topic: `availability` (availability and recovery), `migration`, `operations` (operations and
//! tooling), `security` (security and governance), `engagements`, `schedule` (schedule and session) and
//! `generic` (the missing and invalid answers of any question).

mod availability;
mod context;
mod engagements;
mod generic;
mod migration;
mod operations;
mod phrasing;
mod schedule;
mod security;
mod table;
#[cfg(test)]
mod testing;

use std::fmt;
use std::str::FromStr;

use super::GapSeverity;

pub(super) use context::{Context, Finding};
pub use table::{RuleId, RULES};

/// One gap rule: what it finds, how serious it is, and the check that finds it.
pub struct Rule {
    /// The stable id, as gaps carry it (`sla-without-zones`).
    pub id: RuleId,
    /// The severity of every gap it finds.
    pub severity: GapSeverity,
    /// A one-line summary; the title of its gaps unless a gap names its question.
    pub title: &'static str,
    /// When it fires, precisely, for the reference.
    pub fires_when: &'static str,
    /// An example of a gap's detail.
    pub example: &'static str,
    /// What resolves it.
    pub fix: &'static str,
    /// The check: what the rule finds in a profile, one finding per gap.
    pub(super) check: fn(&Context<'_>) -> Vec<Finding>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).field("severity", &self.severity).finish_non_exhaustive()
    }
}

/// The rule whose kebab-case id is `id`; `None` when no rule has it.
///
/// ```
/// use discovery::analyse::{rule, GapSeverity};
/// assert_eq!(rule("sla-without-zones").unwrap().severity, GapSeverity::High);
/// assert!(rule("sla-without-zone").is_none());
/// ```
pub fn rule(id: &str) -> Option<&'static Rule> {
    id.parse::<RuleId>().ok().map(RuleId::rule)
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = UnknownRuleId;

    /// Reads a kebab-case rule id (`sla-without-zones`), exactly as printed.
    fn from_str(id: &str) -> Result<RuleId, UnknownRuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id).ok_or_else(|| UnknownRuleId(id.to_owned()))
    }
}

/// A rule id compares equal to its printed form, so `gap.id == "sla-without-zones"` reads as it did
/// when ids were strings.
impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// See [`PartialEq<str>`](#impl-PartialEq<str>-for-RuleId).
impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A text that is not the id of any gap rule, from [`RuleId::from_str`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRuleId(String);

impl UnknownRuleId {
    /// The text as given.
    pub fn id(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownRuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not the id of a gap rule", self.0)
    }
}

impl std::error::Error for UnknownRuleId {}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::context::{COMPUTE_APPROACH, REGULATIONS, RPO, SESSION_DATE, SLA, TEAM_EXPERIENCE, USAGE_PATTERN};
    use super::*;
    use crate::analyse::analyse;
    use crate::analyse::samples::{fabrikam, mueller};
    use crate::profile::{Importance, QUESTIONS};
    use GapSeverity::{High, Low, Medium};

    /// Every id of the contract's "Gap rules" table, with its severity.
    const CONTRACT: &[(&str, GapSeverity)] = &[
        ("missing-required", High),
        ("missing-recommended", Medium),
        ("invalid-answer", High),
        ("sla-without-zones", High),
        ("sla-without-regions", Medium),
        ("multi-region-without-objectives", High),
        ("objectives-vs-strategy", High),
        ("zero-downtime-without-replication", High),
        ("migration-without-volume", Medium),
        ("greenfield-with-migration", Low),
        ("always-on-without-monitoring", High),
        ("always-on-without-apm", Medium),
        ("kubernetes-without-tooling", Medium),
        ("regulated-without-security", High),
        ("gdpr-without-residency", Medium),
        ("engagement-without-criteria", High),
        ("no-engagements", High),
        ("all-high-priority", Low),
        ("diagram-late", Medium),
        ("first-cloud-without-design-session", Medium),
        ("milestone-before-completion", Low),
    ];

    fn is_kebab(id: &str) -> bool {
        !id.starts_with('-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    #[test]
    fn rule_ids_are_unique_kebab_case_and_cover_the_contract() {
        let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), RULES.len(), "a rule id is listed twice");
        for rule in RULES {
            let id = rule.id.as_str();
            assert!(is_kebab(id), "{id} is not kebab-case");
            assert!(!rule.title.is_empty() && !rule.fires_when.is_empty() && !rule.fix.is_empty(), "{id}");
            assert!(!rule.example.is_empty(), "{id}");
        }
        for (id, severity) in CONTRACT {
            let rule = rule(id).unwrap_or_else(|| panic!("the contract's rule {id} is not in RULES"));
            assert_eq!(rule.severity, *severity, "{id}");
        }
        assert_eq!(CONTRACT.len(), RULES.len(), "a rule that the contract does not list");
    }

    #[test]
    fn the_table_the_enum_and_the_lookup_agree() {
        assert_eq!(RuleId::ALL.len(), RULES.len());
        for (id, rule) in RuleId::ALL.iter().zip(RULES) {
            assert_eq!(rule.id, *id);
            assert_eq!(id.rule().id, *id, "{id} looks up another rule");
            assert_eq!(super::rule(id.as_str()).map(|r| r.id), Some(*id));
        }
    }

    #[test]
    fn rule_ids_serialise_and_parse_as_printed() {
        for &id in RuleId::ALL {
            let printed = id.to_string();
            assert_eq!(printed, id.as_str());
            assert_eq!(serde_json::to_value(id).unwrap(), printed.as_str(), "{id}");
            assert_eq!(serde_json::from_value::<RuleId>(printed.as_str().into()).unwrap(), id);
            assert_eq!(printed.parse::<RuleId>(), Ok(id));
            assert!(id == printed.as_str());
        }
        let error = "sla-without-zone".parse::<RuleId>().unwrap_err();
        assert_eq!(error.id(), "sla-without-zone");
        assert_eq!(error.to_string(), "\"sla-without-zone\" is not the id of a gap rule");
        assert!(serde_json::from_str::<RuleId>("\"SlaWithoutZones\"").is_err());
    }

    /// The Levenshtein distance of two short texts.
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut previous = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let substituted = previous + usize::from(ca != *cb);
                previous = row[j + 1];
                row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
            }
        }
        row[b.len()]
    }

    /// The quoted phrases of a text: `"TBD"` in `answered as unknown: "TBD"`.
    fn quoted(text: &str) -> Vec<&str> {
        text.split('"').skip(1).step_by(2).collect()
    }

    #[test]
    fn each_rules_documentation_is_consistent_with_the_table_and_the_catalogue() {
        for rule in RULES {
            let id = rule.id;
            let prose = [rule.title, rule.fires_when, rule.example, rule.fix];
            for text in prose {
                // A placeholder left from a format string, or a sentence left open.
                assert!(!text.contains('{') && !text.contains('}'), "{id}: {text}");
                assert!(text == rule.title || text.ends_with('.'), "{id}: {text}");
                // A rule named in the prose is named by its current id, not by a misspelt or former one.
                for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                    if !is_kebab(word) || !word.contains('-') || word.parse::<RuleId>().is_ok() {
                        continue;
                    }
                    let near = RuleId::ALL.iter().find(|r| distance(r.as_str(), word) <= 3);
                    assert!(near.is_none(), "{id} names {word:?}; is {} meant?", near.unwrap());
                }
            }
            // A question quoted in the example of a rule about missing answers has that importance.
            let importance = match id {
                RuleId::MissingRequired => Importance::Required,
                RuleId::MissingRecommended => Importance::Recommended,
                _ => continue,
            };
            let questions: Vec<_> =
                quoted(rule.example).into_iter().filter_map(|t| QUESTIONS.iter().find(|q| q.text == t)).collect();
            assert!(!questions.is_empty(), "{id}: the example quotes no question");
            for q in questions {
                assert_eq!(q.importance, importance, "{id}: {}", q.key);
            }
        }
    }

    #[test]
    fn the_rules_missing_required_names_as_giving_way_to_are_as_severe() {
        // missing-required gives way to specific rules "of the same severity": the ones it names must be.
        let generic = RuleId::MissingRequired.rule();
        let named: Vec<RuleId> = generic
            .fires_when
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(!named.is_empty());
        for id in named {
            assert_eq!(id.rule().severity, generic.severity, "{id}");
        }
    }

    #[test]
    fn rules_of_one_severity_stand_together_high_first() {
        let severities: Vec<GapSeverity> = RULES.iter().map(|r| r.severity).collect();
        let mut sorted = severities.clone();
        sorted.sort();
        assert_eq!(severities, sorted);
    }

    #[test]
    fn the_complete_sample_has_no_gaps() {
        let gaps = analyse(&fabrikam()).gaps;
        assert!(gaps.is_empty(), "{gaps:#?}");
    }

    #[test]
    fn the_partial_sample_has_a_rich_set_of_gaps() {
        let gaps = analyse(&mueller()).gaps;
        let found: Vec<(&str, &str)> = gaps.iter().map(|g| (g.id.as_str(), g.keys[0].as_str())).collect();
        let expected = [
            ("missing-required", "meta.architecture_diagram"),
            ("missing-required", "architecture.network_topology"),
            ("missing-required", "architecture.components"),
            ("missing-required", "requirements.availability.multi_region"),
            ("missing-required", "requirements.disaster_recovery.rto"),
            ("missing-required", "requirements.portability.strategy"),
            ("missing-required", "readiness.expectations"),
            ("invalid-answer", "meta.contact_email"),
            ("invalid-answer", "requirements.performance.max_latency_ms"),
            ("sla-without-zones", SLA),
            ("objectives-vs-strategy", RPO),
            ("always-on-without-monitoring", USAGE_PATTERN),
            ("regulated-without-security", REGULATIONS),
            ("engagement-without-criteria", "engagements[1].success_criteria"),
            ("missing-recommended", "solution.customers"),
            ("missing-recommended", "solution.multi_tenancy"),
            ("missing-recommended", "architecture.storage"),
            ("missing-recommended", "architecture.regions"),
            ("missing-recommended", "architecture.data_stores"),
            ("missing-recommended", "requirements.performance.min_throughput_rps"),
            ("missing-recommended", "requirements.performance.transactions_per_second"),
            ("missing-recommended", "requirements.security.authorization"),
            ("missing-recommended", "requirements.usage.geographies"),
            ("missing-recommended", "readiness.pain_points"),
            ("missing-recommended", "schedule.go_live"),
            ("missing-recommended", "schedule.milestones"),
            ("missing-recommended", "technology.azure_services"),
            ("missing-recommended", "technology.operating_systems"),
            ("missing-recommended", "technology.operations.iac"),
            ("missing-recommended", "technology.operations.ci_cd"),
            ("missing-recommended", "technology.authentication"),
            ("always-on-without-apm", USAGE_PATTERN),
            ("kubernetes-without-tooling", COMPUTE_APPROACH),
            ("gdpr-without-residency", REGULATIONS),
            ("diagram-late", SESSION_DATE),
            ("first-cloud-without-design-session", TEAM_EXPERIENCE),
            ("all-high-priority", "engagements[0].priority"),
        ];
        assert_eq!(found, expected);
    }
}
