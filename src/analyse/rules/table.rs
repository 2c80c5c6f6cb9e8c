//! The rule table: every gap rule, with its id, severity, documentation and check, in one macro invocation.
//!
//! The `rules!` macro turns the table into the typed [`RuleId`] (one variant per rule, serialised as its
//! kebab-case id) and into [`RULES`], the rules in the order gaps of one severity are listed. Adding a rule
//! means adding an entry here and its check function in the topic file it belongs to; the reference in
//! `docs/reference.md` is generated from this table.

use serde::{Deserialize, Serialize};

use super::{availability, engagements, generic, migration, operations, schedule, security, Rule};
use crate::analyse::GapSeverity::{High, Low, Medium};

/// Generates [`RuleId`] and [`RULES`] from one list of rules, so that an id, its variant and its rule
/// cannot drift apart.
macro_rules! rules {
    ($(
        $variant:ident {
            id: $id:literal,
            severity: $severity:ident,
            title: $title:literal,
            fires_when: $fires_when:literal,
            example: $example:literal,
            fix: $fix:literal,
            check: $check:path $(,)?
        }
    ),+ $(,)?) => {
        /// The id of a gap rule, as a [`Gap`](crate::analyse::Gap) carries it; in JSON and in print it is
        /// the rule's kebab-case id (`sla-without-zones`).
        ///
        /// ```
        /// use discovery::analyse::{GapSeverity, RuleId};
        /// let id: RuleId = "sla-without-zones".parse()?;
        /// assert_eq!(id, RuleId::SlaWithoutZones);
        /// assert_eq!(id.to_string(), "sla-without-zones");
        /// assert_eq!(id.rule().severity, GapSeverity::High);
        /// assert_eq!(serde_json::to_string(&id)?, "\"sla-without-zones\"");
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum RuleId {
            $(#[doc = concat!("`", $id, "`: ", $title, ".")] #[serde(rename = $id)] $variant),+
        }

        impl RuleId {
            /// Every rule id, in the order of [`RULES`].
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),+];

            /// The kebab-case id, as gaps print it (`sla-without-zones`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id),+
                }
            }

            /// The rule with this id.
            pub fn rule(self) -> &'static Rule {
                match self {
                    $(RuleId::$variant => &Entry::$variant),+
                }
            }
        }

        /// Each rule as a constant named like its variant, so that [`RuleId::rule`] is a plain match and
        /// [`RULES`] lists the same entries.
        struct Entry;

        #[allow(non_upper_case_globals)]
        impl Entry {
            $(const $variant: Rule = Rule {
                id: RuleId::$variant,
                severity: $severity,
                title: $title,
                fires_when: $fires_when,
                example: $example,
                fix: $fix,
                check: $check,
            };)+
        }

        /// Every gap rule, in the order gaps of the same severity are listed (and the reference documents
        /// them): the order of [`RuleId::ALL`].
        pub static RULES: &[Rule] = &[$(Entry::$variant),+];
    };
}

rules! {
    MissingRequired {
        id: "missing-required",
        severity: High,
        title: "Required answer missing",
        fires_when: "A required question or table is missing or unknown (an N/A or none answer is never a gap). It \
            gives way to a more specific rule of the same severity that reports the same absence (no-engagements, \
            regulated-without-security, multi-region-without-objectives).",
        example: "\"Recovery time objective (RTO)\" is answered as unknown: \"TBD\".",
        fix: "Answer the question: None where there is nothing, N/A where it does not apply.",
        check: generic::missing_required,
    },
    InvalidAnswer {
        id: "invalid-answer",
        severity: High,
        title: "Unreadable answer",
        fires_when: "An answer, or a table cell, did not parse as its question's type; the raw text is quoted, and a \
            spreadsheet error value (#N/A, #SPILL!) is named as such. Rules that need the value do not fire on it.",
        example: "\"fast enough\" is not a number of ms; the text is kept as written.",
        fix: "Write the answer in the question's format (the template's guidance column says which).",
        check: generic::invalid_answer,
    },
    SlaWithoutZones {
        id: "sla-without-zones",
        severity: High,
        title: "High SLA target on a single availability zone",
        fires_when: "The SLA target is 99.95 % or more and multi_zone is \"no\" (\"planned\" does not fire).",
        example: "SLA target 99.95 % but multi-zone is \"no\": one availability zone rarely sustains 99.95 %.",
        fix: "Design for availability zones, or agree a lower SLA target.",
        check: availability::sla_without_zones,
    },
    MultiRegionWithoutObjectives {
        id: "multi-region-without-objectives",
        severity: High,
        title: "Multi-region without recovery objectives",
        fires_when: "multi_region is \"yes\" or \"planned\", and the RPO or the RTO is missing or unknown (N/A is a \
            deliberate answer and does not fire).",
        example: "Multi-region is \"yes\" but the RTO is unknown (\"TBD\").",
        fix: "State the RPO and RTO the second region must meet.",
        check: availability::multi_region_without_objectives,
    },
    ObjectivesVsStrategy {
        id: "objectives-vs-strategy",
        severity: High,
        title: "Recovery objectives tighter than the DR strategy",
        fires_when: "The RPO or the RTO is under 1 hour and the disaster recovery strategy is none or backup and \
            restore.",
        example: "RPO PT30M (30 minutes) with a disaster recovery strategy of \"Backup and restore\": restoring from \
            backups rarely meets objectives under 1 hour.",
        fix: "Choose a strategy that meets the objectives (pilot light, warm standby, active-active), or relax them.",
        check: availability::objectives_vs_strategy,
    },
    ZeroDowntimeWithoutReplication {
        id: "zero-downtime-without-replication",
        severity: High,
        title: "Zero-downtime migration without replication",
        fires_when: "zero_downtime is \"yes\" and no replication option is named: replication is missing, unknown, N/A \
            or none (\"None\", \"not yet\"): a zero-downtime migration cannot do without one. The detail quotes the \
            answer.",
        example: "Zero downtime is required during the migration, but no replication option is named (replication \
            is missing).",
        fix: "Name how data is kept in sync during cut-over (database replication, change data capture).",
        check: migration::zero_downtime_without_replication,
    },
    AlwaysOnWithoutMonitoring {
        id: "always-on-without-monitoring",
        severity: High,
        title: "Always-on service without monitoring",
        fires_when: "The usage pattern is consumer_24x7 or mixed and no monitoring tooling is named: monitoring is \
            missing, unknown, N/A or none (\"None yet\", \"not used\"): no monitoring is the risk itself. The detail \
            quotes the answer.",
        example: "Usage pattern is \"Consumers, 24x7\", but no monitoring tooling is named (monitoring is answered \
            \"None yet\").",
        fix: "Name the monitoring and alerting tooling, or plan Azure Monitor.",
        check: operations::always_on_without_monitoring,
    },
    RegulatedWithoutSecurity {
        id: "regulated-without-security",
        severity: High,
        title: "Regulated data without stated security controls",
        fires_when: "The regulations include HIPAA, PCI DSS or FedRAMP, and authentication or network security is \
            missing, unknown, N/A or none (regulated data needs both stated). The detail quotes the answers.",
        example: "HIPAA applies, but authentication is unknown (\"?\") and network security is missing.",
        fix: "Describe authentication and network security for the regulated data.",
        check: security::regulated_without_security,
    },
    EngagementWithoutCriteria {
        id: "engagement-without-criteria",
        severity: High,
        title: "Engagement without success criteria",
        fires_when: "An engagement row's success criteria are missing, unknown, N/A or none; one gap per row, located \
            at the row's Success criteria cell (or the row's first cell when that one was not recorded).",
        example: "Engagement 2 (Deep dive on security, priority High) has no success criteria (the cell is missing).",
        fix: "Write what the engagement must deliver to count as a success.",
        check: engagements::engagement_without_criteria,
    },
    NoEngagements {
        id: "no-engagements",
        severity: High,
        title: "No engagement requested",
        fires_when: "The Engagements table has no rows, whatever its state (missing, unknown, N/A or none): the \
            program needs at least one requested engagement.",
        example: "The Engagements sheet has no rows: no engagement is requested.",
        fix: "Request at least one engagement with its priority and success criteria.",
        check: engagements::no_engagements,
    },
    MissingRecommended {
        id: "missing-recommended",
        severity: Medium,
        title: "Recommended answer missing",
        fires_when: "A recommended question or table is missing or unknown (an N/A or none answer is never a gap; the \
            migration questions are not asked of a greenfield application). It gives way to a more specific rule \
            of at least medium severity that reports the same absence.",
        example: "\"Where are your users?\" has no answer.",
        fix: "Answer the question: None where there is nothing, N/A where it does not apply.",
        check: generic::missing_recommended,
    },
    SlaWithoutRegions {
        id: "sla-without-regions",
        severity: Medium,
        title: "Very high SLA target in a single region",
        fires_when: "The SLA target is 99.99 % or more and multi_region is \"no\" (\"planned\" does not fire).",
        example: "SLA target 99.99 % but multi-region is \"no\": one region cannot ride out a regional outage.",
        fix: "Plan a second region, or agree a lower SLA target.",
        check: availability::sla_without_regions,
    },
    MigrationWithoutVolume {
        id: "migration-without-volume",
        severity: Medium,
        title: "Migration without a data volume",
        fires_when: "The application status is a migration (from another cloud or from on premises) and the data \
            volume is missing or unknown (N/A, nothing to move, does not fire).",
        example: "Application status is \"Migrating from on premises\", but the volume of data to migrate is missing.",
        fix: "Estimate the volume of data to migrate.",
        check: migration::migration_without_volume,
    },
    AlwaysOnWithoutApm {
        id: "always-on-without-apm",
        severity: Medium,
        title: "24x7 consumer service without APM",
        fires_when: "The usage pattern is consumer_24x7 and no APM tooling is named: apm is missing, unknown, N/A or \
            none (\"None yet\", \"not used\"). The detail quotes the answer.",
        example: "Usage pattern is \"Consumers, 24x7\", but no application performance management tooling is named \
            (APM is missing).",
        fix: "Name the APM tooling, or plan Application Insights.",
        check: operations::always_on_without_apm,
    },
    KubernetesWithoutTooling {
        id: "kubernetes-without-tooling",
        severity: Medium,
        title: "Kubernetes without named tooling",
        fires_when: "The compute approach includes kubernetes and no Kubernetes or CNCF tooling is named: \
            kubernetes_cncf is missing, unknown, N/A or none. The detail quotes the answer.",
        example: "The compute approach includes Kubernetes, but no Kubernetes or CNCF tooling is named (it is \
            missing).",
        fix: "Name the packaging, deployment and ingress tooling (Helm, GitOps, ingress controller, mesh).",
        check: operations::kubernetes_without_tooling,
    },
    GdprWithoutResidency {
        id: "gdpr-without-residency",
        severity: Medium,
        title: "GDPR without data residency",
        fires_when: "The regulations include GDPR and data residency is missing, unknown, N/A or none: under GDPR \
            where personal data may be stored is worth settling in the session, so an answer that names no \
            constraint fires too, quoted in the detail.",
        example: "GDPR applies, but data residency is not applicable (\"N/A\").",
        fix: "State where personal data must stay (for example in the EU), or that it may be stored anywhere and \
            why.",
        check: security::gdpr_without_residency,
    },
    DiagramLate {
        id: "diagram-late",
        severity: Medium,
        title: "Architecture diagram late for the session",
        fires_when: "A session date is set and the diagram was shared less than 2 days before it (or after it), or \
            its shared date is missing, unknown or N/A (not shared).",
        example: "The session is planned for 2026-11-24, but the architecture diagram has not been shared (the date \
            it was shared is missing).",
        fix: "Share the diagram at least 2 days before the session and note the date.",
        check: schedule::diagram_late,
    },
    FirstCloudWithoutDesignSession {
        id: "first-cloud-without-design-session",
        severity: Medium,
        title: "First cloud project without a design session",
        fires_when: "The team experience includes first_cloud_project, engagements are requested, and none is an \
            architecture design session (with no engagement at all, no-engagements speaks instead).",
        example: "This is the team's first cloud project, but the requested engagements (architecture review, deep \
            dive) include no architecture design session.",
        fix: "Consider requesting an architecture design session.",
        check: engagements::first_cloud_without_design_session,
    },
    GreenfieldWithMigration {
        id: "greenfield-with-migration",
        severity: Low,
        title: "Greenfield application with migration answers",
        fires_when: "The application status is greenfield and a migration question is answered with a value (a \
            zero-downtime answer of \"no\" says nothing about migrating and does not count; N/A and none do not \
            count).",
        example: "The application is new (greenfield), yet 1 migration answer is given: \"Volume of data to \
            migrate\".",
        fix: "Correct the application status, or clear the migration answers.",
        check: migration::greenfield_with_migration,
    },
    AllHighPriority {
        id: "all-high-priority",
        severity: Low,
        title: "Every engagement has priority high",
        fires_when: "More than two engagements are requested and every one has priority high.",
        example: "All 3 requested engagements have priority high, so the priority says nothing about their order.",
        fix: "Rank the engagements.",
        check: engagements::all_high_priority,
    },
    MilestoneBeforeCompletion {
        id: "milestone-before-completion",
        severity: Low,
        title: "Milestone dated before the questionnaire",
        fires_when: "A milestone's date lies before the date the questionnaire was completed; one gap per milestone.",
        example: "Milestone \"Landing zone ready\" is dated 2026-10-01, 32 days before the questionnaire was \
            completed on 2026-11-02.",
        fix: "Update the milestone's date, or note that it was reached.",
        check: schedule::milestone_before_completion,
    },
}
