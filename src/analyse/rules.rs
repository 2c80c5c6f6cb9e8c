//! The gap rules: one table, [`RULES`], with each rule's id, severity, documentation and check.
//!
//! A rule is data: adding one means adding an entry here (and its check function below it), nothing else.
//! Every rule of the contract's "Gap rules" table is here with its id and severity. Where the contract is
//! silent, each rule's `fires_when` says what it decided, in particular whether an answer of N/A silences
//! it: N/A is a deliberate answer, so it silences a rule that asks for a value to be stated (an N/A data
//! residency says there is no constraint), but not a rule about absent tooling or controls (an N/A
//! monitoring answer on a 24x7 service is the very risk the rule is about).
//!
//! A check sees the profile through a [`Context`] and returns findings; [`analyse`](super::analyse) turns
//! them into [`Gap`](super::Gap)s, adding the rule's id, severity and title and the cells of the keys.

use std::fmt;

use chrono::Days;

use super::{applies, GapSeverity};
use crate::profile::catalogue::{describe_key, split_key};
use crate::profile::catalogue::{question, AnswerKind, Importance, Question, TABLES};
use crate::profile::{and_list, lower_first};
use crate::profile::{
    Answers, ApplicationStatus, Choice, CloudExperience, ComputeApproach, DataStoreKind, Date, DrStrategy, Engagement,
    EngagementType, FocusArea, IsoDuration, Priority, Profile, Regulation, State, UsagePattern, YesNo, QUESTIONS,
};

/// One gap rule: what it finds, how serious it is, and the check that finds it.
pub struct Rule {
    /// The stable kebab-case id, as gaps carry it (`sla-without-zones`).
    pub id: &'static str,
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
    pub(super) check: fn(&Context<'_>) -> Vec<Finding>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).field("severity", &self.severity).finish_non_exhaustive()
    }
}

/// The rule whose id is `id`.
///
/// ```
/// use discovery::analyse::{rule, GapSeverity};
/// assert_eq!(rule("sla-without-zones").unwrap().severity, GapSeverity::High);
/// assert!(rule("sla-without-zone").is_none());
/// ```
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

use GapSeverity::{High, Low, Medium};

/// Every gap rule, in the order gaps of the same severity are listed.
pub static RULES: &[Rule] = &[
    Rule {
        id: "missing-required",
        severity: High,
        title: "Required answer missing",
        fires_when: "A required question or table is missing or unknown (an N/A answer is never a gap). It gives way \
            to a more specific rule of the same severity that reports the same absence (no-engagements, \
            regulated-without-security, multi-region-without-objectives).",
        example: "\"Recovery time objective (RTO)\" is answered as unknown: \"TBD\".",
        fix: "Answer the question, or write N/A where it does not apply.",
        check: missing_required,
    },
    Rule {
        id: "invalid-answer",
        severity: High,
        title: "Unreadable answer",
        fires_when: "An answer, or a table cell, did not parse as its question's type; the raw text is quoted. Rules \
            that need the value do not fire on it.",
        example: "\"fast enough\" is not a number of ms; the text is kept as written.",
        fix: "Write the answer in the question's format (the template's guidance column says which).",
        check: invalid_answer,
    },
    Rule {
        id: "sla-without-zones",
        severity: High,
        title: "High SLA target on a single availability zone",
        fires_when: "The SLA target is 99.95 % or more and multi_zone is \"no\" (\"planned\" does not fire).",
        example: "SLA target 99.95 % but multi-zone is \"no\": one availability zone rarely sustains 99.95 %.",
        fix: "Design for availability zones, or agree a lower SLA target.",
        check: sla_without_zones,
    },
    Rule {
        id: "multi-region-without-objectives",
        severity: High,
        title: "Multi-region without recovery objectives",
        fires_when: "multi_region is \"yes\" or \"planned\", and the RPO or the RTO is missing or unknown (N/A is a \
            deliberate answer and does not fire).",
        example: "Multi-region is \"yes\" but the RTO is unknown (\"TBD\").",
        fix: "State the RPO and RTO the second region must meet.",
        check: multi_region_without_objectives,
    },
    Rule {
        id: "objectives-vs-strategy",
        severity: High,
        title: "Recovery objectives tighter than the DR strategy",
        fires_when: "The RPO or the RTO is under 1 hour and the disaster recovery strategy is none or backup and \
            restore.",
        example: "RPO PT30M (30 minutes) with a disaster recovery strategy of \"Backup and restore\": restoring from \
            backups rarely meets objectives under 1 hour.",
        fix: "Choose a strategy that meets the objectives (pilot light, warm standby, active-active), or relax them.",
        check: objectives_vs_strategy,
    },
    Rule {
        id: "zero-downtime-without-replication",
        severity: High,
        title: "Zero-downtime migration without replication",
        fires_when: "zero_downtime is \"yes\" and no replication option is named: replication is missing, unknown or \
            N/A (a zero-downtime migration cannot do without one).",
        example: "Zero downtime is required during the migration, but no replication option is named (replication \
            is missing).",
        fix: "Name how data is kept in sync during cut-over (database replication, change data capture).",
        check: zero_downtime_without_replication,
    },
    Rule {
        id: "always-on-without-monitoring",
        severity: High,
        title: "Always-on service without monitoring",
        fires_when: "The usage pattern is consumer_24x7 or mixed and no monitoring tooling is named: monitoring is \
            missing, unknown or N/A (no monitoring is the risk itself).",
        example: "Usage pattern is \"Consumers, 24x7\", but no monitoring tooling is named (monitoring is missing).",
        fix: "Name the monitoring and alerting tooling, or plan Azure Monitor.",
        check: always_on_without_monitoring,
    },
    Rule {
        id: "regulated-without-security",
        severity: High,
        title: "Regulated data without stated security controls",
        fires_when: "The regulations include HIPAA, PCI DSS or FedRAMP, and authentication or network security is \
            missing, unknown or N/A (regulated data needs both stated).",
        example: "HIPAA applies, but authentication is unknown (\"?\") and network security is missing.",
        fix: "Describe authentication and network security for the regulated data.",
        check: regulated_without_security,
    },
    Rule {
        id: "engagement-without-criteria",
        severity: High,
        title: "Engagement without success criteria",
        fires_when: "An engagement row's success criteria are missing, unknown or N/A; one gap per row, located at \
            the row's Success criteria cell (or the row's first cell when that one was not recorded).",
        example: "Engagement 2 (Deep dive on security, priority High) has no success criteria (the cell is missing).",
        fix: "Write what the engagement must deliver to count as a success.",
        check: engagement_without_criteria,
    },
    Rule {
        id: "no-engagements",
        severity: High,
        title: "No engagement requested",
        fires_when: "The Engagements table has no rows, whatever its state (missing, unknown or N/A): the program \
            needs at least one requested engagement.",
        example: "The Engagements sheet has no rows: no engagement is requested.",
        fix: "Request at least one engagement with its priority and success criteria.",
        check: no_engagements,
    },
    Rule {
        id: "missing-recommended",
        severity: Medium,
        title: "Recommended answer missing",
        fires_when: "A recommended question or table is missing or unknown (an N/A answer is never a gap; the \
            migration questions are not asked of a greenfield application). It gives way to a more specific rule \
            of at least medium severity that reports the same absence.",
        example: "\"Where are your users?\" has no answer.",
        fix: "Answer the question, or write N/A where it does not apply.",
        check: missing_recommended,
    },
    Rule {
        id: "sla-without-regions",
        severity: Medium,
        title: "Very high SLA target in a single region",
        fires_when: "The SLA target is 99.99 % or more and multi_region is \"no\" (\"planned\" does not fire).",
        example: "SLA target 99.99 % but multi-region is \"no\": one region cannot ride out a regional outage.",
        fix: "Plan a second region, or agree a lower SLA target.",
        check: sla_without_regions,
    },
    Rule {
        id: "migration-without-volume",
        severity: Medium,
        title: "Migration without a data volume",
        fires_when: "The application status is a migration (from another cloud or from on premises) and the data \
            volume is missing or unknown (N/A, nothing to move, does not fire).",
        example: "Application status is \"Migrating from on premises\", but the volume of data to migrate is missing.",
        fix: "Estimate the volume of data to migrate.",
        check: migration_without_volume,
    },
    Rule {
        id: "always-on-without-apm",
        severity: Medium,
        title: "24x7 consumer service without APM",
        fires_when: "The usage pattern is consumer_24x7 and no APM tooling is named: apm is missing, unknown or N/A.",
        example: "Usage pattern is \"Consumers, 24x7\", but no application performance management tooling is named \
            (APM is missing).",
        fix: "Name the APM tooling, or plan Application Insights.",
        check: always_on_without_apm,
    },
    Rule {
        id: "kubernetes-without-tooling",
        severity: Medium,
        title: "Kubernetes without named tooling",
        fires_when: "The compute approach includes kubernetes and no Kubernetes or CNCF tooling is named: \
            kubernetes_cncf is missing, unknown or N/A.",
        example: "The compute approach includes Kubernetes, but no Kubernetes or CNCF tooling is named (it is \
            missing).",
        fix: "Name the packaging, deployment and ingress tooling (Helm, GitOps, ingress controller, mesh).",
        check: kubernetes_without_tooling,
    },
    Rule {
        id: "gdpr-without-residency",
        severity: Medium,
        title: "GDPR without data residency",
        fires_when: "The regulations include GDPR and data residency is missing or unknown (N/A, no residency \
            constraint, is a deliberate answer and does not fire).",
        example: "GDPR applies, but data residency is missing.",
        fix: "State where personal data must stay, or N/A when there is no constraint.",
        check: gdpr_without_residency,
    },
    Rule {
        id: "diagram-late",
        severity: Medium,
        title: "Architecture diagram late for the session",
        fires_when: "A session date is set and the diagram was shared less than 2 days before it (or after it), or \
            its shared date is missing, unknown or N/A (not shared).",
        example: "The session is planned for 2026-11-24, but the architecture diagram has not been shared (the date \
            it was shared is missing).",
        fix: "Share the diagram at least 2 days before the session and note the date.",
        check: diagram_late,
    },
    Rule {
        id: "first-cloud-without-design-session",
        severity: Medium,
        title: "First cloud project without a design session",
        fires_when: "The team experience includes first_cloud_project, engagements are requested, and none is an \
            architecture design session (with no engagement at all, no-engagements speaks instead).",
        example: "This is the team's first cloud project, but the requested engagements (architecture review, deep \
            dive) include no architecture design session.",
        fix: "Consider requesting an architecture design session.",
        check: first_cloud_without_design_session,
    },
    Rule {
        id: "greenfield-with-migration",
        severity: Low,
        title: "Greenfield application with migration answers",
        fires_when: "The application status is greenfield and a migration question is answered (a zero-downtime \
            answer of \"no\" says nothing about migrating and does not count; N/A does not count).",
        example: "The application is new (greenfield), yet 1 migration answer is given: \"Volume of data to \
            migrate\".",
        fix: "Correct the application status, or clear the migration answers.",
        check: greenfield_with_migration,
    },
    Rule {
        id: "all-high-priority",
        severity: Low,
        title: "Every engagement has priority high",
        fires_when: "More than two engagements are requested and every one has priority high.",
        example: "All 3 requested engagements have priority high, so the priority says nothing about their order.",
        fix: "Rank the engagements.",
        check: all_high_priority,
    },
    Rule {
        id: "milestone-before-completion",
        severity: Low,
        title: "Milestone dated before the questionnaire",
        fires_when: "A milestone's date lies before the date the questionnaire was completed; one gap per milestone.",
        example: "Milestone \"Landing zone ready\" is dated 2026-10-01, 32 days before the questionnaire was \
            completed on 2026-11-02.",
        fix: "Update the milestone's date, or note that it was reached.",
        check: milestone_before_completion,
    },
];

// The keys the consistency rules read, named once.
const SLA: &str = "requirements.availability.sla_target_percent";
const MULTI_ZONE: &str = "requirements.availability.multi_zone";
const MULTI_REGION: &str = "requirements.availability.multi_region";
const RPO: &str = "requirements.disaster_recovery.rpo";
const RTO: &str = "requirements.disaster_recovery.rto";
const DR_STRATEGY: &str = "requirements.disaster_recovery.strategy";
const ZERO_DOWNTIME: &str = "requirements.migration.zero_downtime";
const DATA_VOLUME: &str = "requirements.migration.data_volume_gb";
const REPLICATION: &str = "requirements.migration.replication";
const AUTHENTICATION: &str = "requirements.security.authentication";
const NETWORK_SECURITY: &str = "requirements.security.network";
const REGULATIONS: &str = "requirements.governance.regulations";
const DATA_RESIDENCY: &str = "requirements.governance.data_residency";
const USAGE_PATTERN: &str = "requirements.usage.pattern";
const TEAM_EXPERIENCE: &str = "readiness.team_experience";
const APPLICATION_STATUS: &str = "readiness.application_status";
const COMPUTE_APPROACH: &str = "technology.compute_approach";
const KUBERNETES_TOOLING: &str = "technology.operations.kubernetes_cncf";
const MONITORING: &str = "technology.operations.monitoring";
const APM: &str = "technology.operations.apm";
const ENGAGEMENTS: &str = "engagements";
const SESSION_DATE: &str = "meta.session_date";
const DIAGRAM_SHARED_ON: &str = "meta.diagram_shared_on";
const COMPLETED_ON: &str = "meta.completed_on";

/// What a check sees: the profile, its answers by key, and helpers to describe them.
pub(super) struct Context<'p> {
    profile: &'p Profile,
    answers: Answers<'p>,
}

impl<'p> Context<'p> {
    pub(super) fn new(profile: &'p Profile) -> Context<'p> {
        Context { profile, answers: Answers::new(profile) }
    }

    pub(super) fn answers(&self) -> &Answers<'p> {
        &self.answers
    }

    /// The state of a question, or of a table cell (`engagements[1].success_criteria`).
    fn state(&self, key: &str) -> State {
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
    fn raw(&self, key: &str) -> &str {
        self.profile.answer_states.get(key).map_or("", |s| s.raw.as_str())
    }

    /// Missing or unknown: what the contract calls missing in a rule's condition.
    fn absent(&self, key: &str) -> bool {
        matches!(self.state(key), State::Missing | State::Unknown)
    }

    /// Missing, unknown or N/A: nothing is named.
    fn unnamed(&self, key: &str) -> bool {
        matches!(self.state(key), State::Missing | State::Unknown | State::NotApplicable)
    }

    /// The state of an answer that has no usable value, for a gap's detail: `missing`, `unknown ("TBD")`.
    fn describe(&self, key: &str) -> String {
        match self.state(key) {
            State::Missing => "missing".to_owned(),
            State::Unknown => format!("unknown (\"{}\")", self.raw(key)),
            State::NotApplicable => format!("not applicable (\"{}\")", self.raw(key)),
            State::Invalid => format!("unreadable (\"{}\")", self.raw(key)),
            State::Answered => "answered".to_owned(),
        }
    }

    /// The cells the keys stand in, in key order and without repeats.
    pub(super) fn locations(&self, keys: &[String]) -> Vec<String> {
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

    /// How a follow-up names the main database: `the PostgreSQL 14 tier`, or `the database tier`.
    fn database_tier(&self) -> String {
        let stores = &self.profile.architecture.data_stores;
        let engine = stores
            .iter()
            .filter(|s| s.kind == Some(DataStoreKind::Relational))
            .chain(stores.iter())
            .find_map(|s| s.engine.clone())
            .or_else(|| self.profile.technology.data.relational.as_ref().and_then(|r| r.first().cloned()));
        match engine {
            Some(engine) => format!("the {engine} tier"),
            None => "the database tier".to_owned(),
        }
    }
}

/// What a check found, before [`analyse`](super::analyse) adds the rule's id, severity and the cells.
pub(super) struct Finding {
    pub(super) keys: Vec<String>,
    pub(super) title: Option<String>,
    pub(super) detail: String,
    pub(super) follow_up: String,
    /// The keys whose absence this finding reports; a generic finding about one of them gives way to it.
    pub(super) absent: Vec<String>,
    /// Whether this is a generic finding that gives way to a specific one about the same absence.
    pub(super) defers: bool,
}

impl Finding {
    fn new<K: AsRef<str>>(keys: impl IntoIterator<Item = K>, detail: String, follow_up: String) -> Finding {
        Finding {
            keys: keys.into_iter().map(|k| k.as_ref().to_owned()).collect(),
            title: None,
            detail,
            follow_up,
            absent: Vec::new(),
            defers: false,
        }
    }

    fn titled(mut self, title: String) -> Finding {
        self.title = Some(title);
        self
    }

    fn about_absent<K: AsRef<str>>(mut self, keys: impl IntoIterator<Item = K>) -> Finding {
        self.absent = keys.into_iter().map(|k| k.as_ref().to_owned()).collect();
        self
    }

    fn deferring(mut self) -> Finding {
        self.defers = true;
        self
    }
}

/// The follow-up question for each required and recommended question, in the words a lead engineer would
/// use. A question without an entry is asked in the catalogue's own words (see [`ask`]).
static FOLLOW_UPS: &[(&str, &str)] = &[
    ("meta.company_name", "What is the company's name, as it should appear in the report?"),
    ("meta.solution_name", "Which solution or product is this discovery about?"),
    ("meta.completed_by", "Who filled in the questionnaire, and in which role?"),
    ("meta.contact_email", "Which e-mail address should the lead engineer use for follow-up questions?"),
    ("meta.completed_on", "On which date was the questionnaire completed?"),
    ("meta.architecture_diagram", "Can you share an architecture diagram (a file or a link) before the session?"),
    ("meta.diagram_shared_on", "When was the architecture diagram shared with the lead engineer?"),
    ("solution.overview", "In a few sentences, what does the solution do for your customers?"),
    ("solution.customers", "Who uses the solution: which customer segments, and how large is a typical customer?"),
    (
        "solution.commercial_model",
        "How is the solution sold and deployed: as SaaS, hosted by the customer, as a managed application, or \
         through a marketplace?",
    ),
    (
        "solution.multi_tenancy",
        "Does each customer get its own deployment, or do tenants share one, and how is each tenant's data kept apart?",
    ),
    ("architecture.current_hosting", "Where does the solution run today: which cloud, on premises, or not yet hosted?"),
    (
        "architecture.network_topology",
        "How is the network laid out: virtual networks, segmentation, ingress and egress, connections to customers \
         or on-premises sites?",
    ),
    ("architecture.compute_tier", "What runs where in the compute tier, and how does it scale?"),
    ("architecture.storage", "Which databases and storage services does the solution use, and how large are they?"),
    ("architecture.regions", "Which regions or geographies does the solution run in today, or have to run in?"),
    (
        "architecture.components",
        "What are the solution's main components, and what technology and hosting does each use?",
    ),
    ("architecture.data_stores", "Which data stores does the solution use: their kind, engine and size?"),
    (
        "requirements.availability.sla_target_percent",
        "Which availability (SLA) do you promise your customers, in percent?",
    ),
    (
        "requirements.availability.multi_zone",
        "Is the application designed to run across availability zones, and which tiers would span them?",
    ),
    (
        "requirements.availability.multi_region",
        "Does the application need to run in more than one Azure region, for resilience or for customers' locations?",
    ),
    ("requirements.disaster_recovery.rpo", "How much data may be lost in a disaster (the recovery point objective)?"),
    (
        "requirements.disaster_recovery.rto",
        "How long may the solution be down after a disaster before it must be back (the recovery time objective)?",
    ),
    (
        "requirements.disaster_recovery.strategy",
        "How would the solution recover from losing a whole site or region: from backups, with a pilot light, a warm \
         standby, or active-active?",
    ),
    (
        "requirements.portability.strategy",
        "Must the solution run unchanged on several clouds, or may it use Azure's managed PaaS services?",
    ),
    ("requirements.performance.min_throughput_rps", "How many requests per second must the solution handle at least?"),
    ("requirements.performance.max_latency_ms", "Which response time, in milliseconds, must requests stay under?"),
    (
        "requirements.performance.transactions_per_second",
        "How many transactions per second does the solution handle at peak?",
    ),
    (
        "requirements.migration.zero_downtime",
        "Must the migration happen without downtime, or is a maintenance window acceptable?",
    ),
    ("requirements.migration.data_volume_gb", "How much data has to be migrated (databases, files, backups)?"),
    (
        "requirements.security.data_classification",
        "Which kinds of data does the solution hold: personal, confidential, regulated?",
    ),
    ("requirements.security.authentication", "How do users and services authenticate, today and on Azure?"),
    (
        "requirements.security.authorization",
        "Once a user is signed in, how is access controlled: roles, tenants, permissions per resource?",
    ),
    (
        "requirements.security.network",
        "How is the network protected: private endpoints, firewalls, a WAF, DDoS protection?",
    ),
    (
        "requirements.governance.regulations",
        "Which regulations and standards apply to the solution (GDPR, HIPAA, PCI DSS, SOC 2, ISO 27001, FedRAMP)?",
    ),
    ("requirements.usage.pattern", "When is the solution used: office hours, around the clock by consumers, or both?"),
    ("requirements.usage.geographies", "In which countries or regions are your users?"),
    (
        "readiness.team_experience",
        "Which clouds has the technical team worked with, or is this its first cloud project?",
    ),
    (
        "readiness.application_status",
        "Is this a new application, or is it moving from another cloud or from on premises?",
    ),
    (
        "readiness.advisory_areas",
        "In which Azure areas do you most need advice: architecture, networking, security, resilience, data \
         migration, DevOps, Kubernetes, cost?",
    ),
    ("readiness.pain_points", "What has been hardest in your cloud journey so far?"),
    ("readiness.expectations", "What must this project deliver for you to call it a success?"),
    ("schedule.go_live", "What is the target go-live date, or the most important deadline?"),
    ("schedule.milestones", "Which milestones lie between now and go-live, and when?"),
    ("technology.azure_services", "Which Azure services do you already use, if any?"),
    ("technology.languages", "Which programming languages and frameworks is the solution built with?"),
    (
        "technology.compute_approach",
        "How will the solution's compute run on Azure: virtual machines, web apps, functions, Kubernetes or other \
         containers?",
    ),
    (
        "technology.operating_systems",
        "Which operating systems do the workloads run on (Linux distributions, Windows versions)?",
    ),
    (
        "technology.operations.iac",
        "How is infrastructure provisioned today: ARM, Bicep, Terraform, scripts, or by hand?",
    ),
    (
        "technology.operations.ci_cd",
        "How are builds and deployments automated (Azure DevOps, GitHub Actions, Jenkins)?",
    ),
    (
        "technology.operations.monitoring",
        "Which monitoring tooling do you use (Azure Monitor, Log Analytics, Prometheus)?",
    ),
    (
        "technology.operations.apm",
        "Which application performance management tool do you use (Application Insights, New Relic, Datadog)?",
    ),
    (
        "technology.authentication",
        "How do users sign in: Entra ID or Azure AD B2C, Okta or Auth0, social sign-in, or a self-implemented login?",
    ),
    (
        "engagements",
        "Which engagement do you want from the program (an architecture design session, a review, a focused review \
         or a deep dive), on which topic, and what would make it a success?",
    ),
];

/// The question to put to the vendor about `q`.
fn ask(q: &Question) -> String {
    if let Some((_, follow_up)) = FOLLOW_UPS.iter().find(|(key, _)| *key == q.key) {
        return (*follow_up).to_owned();
    }
    if q.text.ends_with('?') {
        q.text.to_owned()
    } else {
        format!("Can you fill in \"{}\"?", q.text)
    }
}

/// The answer type of a key, for a question or a table cell.
fn kind(key: &str) -> Option<AnswerKind> {
    let (base, row, field) = split_key(key);
    match (row, field) {
        (Some(_), Some(field)) => Some(TABLES.iter().find(|t| t.key == base)?.column(field)?.kind),
        _ => Some(question(key)?.kind),
    }
}

/// What an answer of `kind` should look like, completing "... is not ___".
fn expected(kind: AnswerKind) -> String {
    let labels =
        |options: &[crate::profile::ChoiceOption]| options.iter().map(|o| o.label).collect::<Vec<_>>().join(", ");
    match kind {
        AnswerKind::Text | AnswerKind::List => "text".to_owned(),
        AnswerKind::YesNo => "yes, no or planned".to_owned(),
        AnswerKind::Choice(options) => format!("one of: {}", labels(options)),
        AnswerKind::Choices(options) => format!("a list of: {}", labels(options)),
        AnswerKind::Number { unit: "" } => "a number".to_owned(),
        AnswerKind::Number { unit } => format!("a number of {unit}"),
        AnswerKind::Percent => "a percentage from 0 to 100".to_owned(),
        AnswerKind::Duration => "a duration such as 15 min, 4 h or PT4H".to_owned(),
        AnswerKind::SizeGb => "a size such as 500 GB or 2 TB".to_owned(),
        AnswerKind::Date => "a date such as 2026-03-15".to_owned(),
        AnswerKind::Email => "one e-mail address".to_owned(),
        AnswerKind::Table(table) => format!("rows of the {} sheet", table.sheet),
    }
}

/// `n unit`, with the unit in the plural when `n` is not 1.
fn plural(n: i64, unit: &str) -> String {
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// How an engagement is named in a sentence: `deep dive on security`.
fn engagement_phrase(engagement: &Engagement) -> String {
    let kind = engagement.kind.map_or_else(|| "engagement".to_owned(), |k| lower_first(k.label()));
    match engagement.focus_area {
        Some(focus) if focus != FocusArea::Other => format!("{kind} on {}", lower_first(focus.label())),
        _ => kind,
    }
}

fn missing_required(context: &Context<'_>) -> Vec<Finding> {
    missing(context, Importance::Required, "Required")
}

fn missing_recommended(context: &Context<'_>) -> Vec<Finding> {
    missing(context, Importance::Recommended, "Recommended")
}

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
            let mut follow_up = ask(q);
            if unknown {
                follow_up.push_str(" Who can find out, and by when?");
            }
            Some(Finding::new([q.key], detail, follow_up).titled(title).deferring())
        })
        .collect()
}

fn invalid_answer(context: &Context<'_>) -> Vec<Finding> {
    context
        .profile
        .answer_states
        .iter()
        .filter(|(_, state)| state.state == crate::profile::RecordedState::Invalid)
        .map(|(key, state)| {
            let (name, raw) = (describe_key(key), &state.raw);
            let question = question(key).map_or_else(|| format!("What is the intended answer to \"{name}\"?"), ask);
            let (detail, follow_up) = match kind(key).map(expected) {
                Some(expected) => (
                    format!("\"{raw}\" is not {expected}; the text is kept as written."),
                    format!("{question} The answer \"{raw}\" could not be read as {expected}."),
                ),
                None => (
                    format!("\"{raw}\" could not be read; the text is kept as written."),
                    format!("{question} The answer \"{raw}\" could not be read."),
                ),
            };
            Finding::new([key], detail, follow_up).titled(format!("Unreadable answer: {name}"))
        })
        .collect()
}

fn sla_without_zones(context: &Context<'_>) -> Vec<Finding> {
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

fn sla_without_regions(context: &Context<'_>) -> Vec<Finding> {
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

fn multi_region_without_objectives(context: &Context<'_>) -> Vec<Finding> {
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

fn objectives_vs_strategy(context: &Context<'_>) -> Vec<Finding> {
    let recovery = &context.profile.requirements.disaster_recovery;
    let (strategy, consequence) = match recovery.strategy {
        Some(DrStrategy::None) => (DrStrategy::None, "without a strategy, nothing"),
        Some(DrStrategy::BackupRestore) => (DrStrategy::BackupRestore, "restoring from backups rarely"),
        _ => return Vec::new(),
    };
    let short: Vec<(&str, &str, &IsoDuration)> = [(RPO, "RPO", &recovery.rpo), (RTO, "RTO", &recovery.rto)]
        .into_iter()
        .filter_map(|(key, name, value)| Some((key, name, value.as_ref()?)))
        .filter(|(_, _, value)| value.seconds() < 3600.0)
        .collect();
    let Some(tightest) = short.iter().map(|(_, _, v)| *v).min_by(|a, b| a.seconds().total_cmp(&b.seconds())) else {
        return Vec::new();
    };
    let objectives: Vec<String> = short.iter().map(|(_, n, v)| format!("{n} {v} ({})", v.human())).collect();
    let keys: Vec<&str> = short.iter().map(|(k, _, _)| *k).chain([DR_STRATEGY]).collect();
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

fn zero_downtime_without_replication(context: &Context<'_>) -> Vec<Finding> {
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

fn migration_without_volume(context: &Context<'_>) -> Vec<Finding> {
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

fn greenfield_with_migration(context: &Context<'_>) -> Vec<Finding> {
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

fn always_on_without_monitoring(context: &Context<'_>) -> Vec<Finding> {
    let pattern = match context.profile.requirements.usage.pattern {
        Some(pattern @ (UsagePattern::Consumer24x7 | UsagePattern::Mixed)) => pattern,
        _ => return Vec::new(),
    };
    if !context.unnamed(MONITORING) {
        return Vec::new();
    }
    vec![Finding::new(
        [USAGE_PATTERN, MONITORING],
        format!(
            "Usage pattern is \"{}\", but no monitoring tooling is named (monitoring is {}).",
            pattern.label(),
            context.describe(MONITORING)
        ),
        "How do you find out that the solution is down outside office hours, and which tooling raises the alert \
         (Azure Monitor, Log Analytics, Prometheus)?"
            .to_owned(),
    )
    .about_absent([MONITORING])]
}

fn always_on_without_apm(context: &Context<'_>) -> Vec<Finding> {
    if context.profile.requirements.usage.pattern != Some(UsagePattern::Consumer24x7) || !context.unnamed(APM) {
        return Vec::new();
    }
    vec![Finding::new(
        [USAGE_PATTERN, APM],
        format!(
            "Usage pattern is \"{}\", but no application performance management tooling is named (APM is {}).",
            UsagePattern::Consumer24x7.label(),
            context.describe(APM)
        ),
        "How do you trace a slow or failing request through the solution, and would Application Insights or another \
         APM tool fit?"
            .to_owned(),
    )
    .about_absent([APM])]
}

fn kubernetes_without_tooling(context: &Context<'_>) -> Vec<Finding> {
    let approach = context.profile.technology.compute_approach.as_deref().unwrap_or_default();
    if !approach.contains(&ComputeApproach::Kubernetes) || !context.unnamed(KUBERNETES_TOOLING) {
        return Vec::new();
    }
    vec![Finding::new(
        [COMPUTE_APPROACH, KUBERNETES_TOOLING],
        format!(
            "The compute approach includes Kubernetes, but no Kubernetes or CNCF tooling is named (it is {}).",
            context.describe(KUBERNETES_TOOLING)
        ),
        "How do you package, deploy and expose workloads on Kubernetes: Helm, GitOps (Flux, Argo CD), which ingress \
         controller, a service mesh?"
            .to_owned(),
    )
    .about_absent([KUBERNETES_TOOLING])]
}

fn regulated_without_security(context: &Context<'_>) -> Vec<Finding> {
    let regulations = context.profile.requirements.governance.regulations.as_deref().unwrap_or_default();
    let strict: Vec<String> = regulations
        .iter()
        .filter(|r| matches!(r, Regulation::Hipaa | Regulation::PciDss | Regulation::Fedramp))
        .map(|r| r.label().to_owned())
        .collect();
    let lacking: Vec<(&str, &str)> = [(AUTHENTICATION, "authentication"), (NETWORK_SECURITY, "network security")]
        .into_iter()
        .filter(|(key, _)| context.unnamed(key))
        .collect();
    if strict.is_empty() || lacking.is_empty() {
        return Vec::new();
    }
    let described: Vec<String> = lacking.iter().map(|(k, n)| format!("{n} is {}", context.describe(k))).collect();
    let verb = if strict.len() == 1 { "applies" } else { "apply" };
    let question = match lacking.as_slice() {
        [_, _] => {
            "how are users and services authenticated, and how is the network protected (private endpoints, \
             firewalls, WAF, DDoS protection)?"
        }
        [(AUTHENTICATION, _)] => "how are users and services authenticated, and how is access audited?",
        _ => "how is the network protected (private endpoints, firewalls, WAF, DDoS protection)?",
    };
    let keys: Vec<&str> = std::iter::once(REGULATIONS).chain(lacking.iter().map(|(k, _)| *k)).collect();
    vec![Finding::new(
        &keys,
        format!("{} {verb}, but {}.", and_list(&strict), and_list(&described)),
        format!("For the data under {}: {question}", and_list(&strict)),
    )
    .about_absent(lacking.iter().map(|(k, _)| *k))]
}

fn gdpr_without_residency(context: &Context<'_>) -> Vec<Finding> {
    let profile = context.profile;
    let regulations = profile.requirements.governance.regulations.as_deref().unwrap_or_default();
    if !regulations.contains(&Regulation::Gdpr) || !context.absent(DATA_RESIDENCY) {
        return Vec::new();
    }
    let mut follow_up = "Must personal data stay in the EU or another geography, and which Azure regions does that \
                         allow?"
        .to_owned();
    if let Some(regions) = profile.architecture.regions.as_ref().filter(|r| !r.is_empty()) {
        follow_up.push_str(&format!(" Do the regions named ({}) satisfy it?", regions.join(", ")));
    }
    vec![Finding::new(
        [REGULATIONS, DATA_RESIDENCY],
        format!("GDPR applies, but data residency is {}.", context.describe(DATA_RESIDENCY)),
        follow_up,
    )
    .about_absent([DATA_RESIDENCY])]
}

fn engagement_without_criteria(context: &Context<'_>) -> Vec<Finding> {
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

fn no_engagements(context: &Context<'_>) -> Vec<Finding> {
    if !context.profile.engagements.is_empty() {
        return Vec::new();
    }
    let detail = match context.state(ENGAGEMENTS) {
        State::Missing => "The Engagements sheet has no rows: no engagement is requested.".to_owned(),
        _ => format!("The Engagements sheet has no rows; it is answered as {}.", context.describe(ENGAGEMENTS)),
    };
    let follow_up = ask(question(ENGAGEMENTS).expect("engagements is a question"));
    vec![Finding::new([ENGAGEMENTS], detail, follow_up).about_absent([ENGAGEMENTS])]
}

fn all_high_priority(context: &Context<'_>) -> Vec<Finding> {
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

fn diagram_late(context: &Context<'_>) -> Vec<Finding> {
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

fn first_cloud_without_design_session(context: &Context<'_>) -> Vec<Finding> {
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

fn milestone_before_completion(context: &Context<'_>) -> Vec<Finding> {
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
    use super::*;
    use crate::analyse::{analyse, Gap};
    use crate::profile::{AnswerState, Milestone, Percent, RecordedState, SizeGb};
    use std::collections::BTreeSet;

    use crate::analyse::samples::{fabrikam, mueller};

    /// The gaps of rule `id`.
    fn gaps(profile: &Profile, id: &str) -> Vec<Gap> {
        assert!(rule(id).is_some(), "no rule {id}");
        analyse(profile).gaps.into_iter().filter(|g| g.id == id).collect()
    }

    fn one(profile: &Profile, id: &str) -> Gap {
        let mut found = gaps(profile, id);
        assert_eq!(found.len(), 1, "{id}: {found:#?}");
        found.remove(0)
    }

    fn quiet(profile: &Profile, id: &str) {
        let found = gaps(profile, id);
        assert!(found.is_empty(), "{id} fired: {found:#?}");
    }

    /// Records a state for `key` as import would, with the value cleared.
    fn record(profile: &mut Profile, key: &str, state: RecordedState, raw: &str) {
        profile.answer_states.insert(key.to_owned(), AnswerState { state, raw: raw.to_owned() });
    }

    fn source(profile: &mut Profile, key: &str, cell: &str) {
        profile.sources.insert(key.to_owned(), cell.to_owned());
    }

    fn keys(gap: &Gap) -> Vec<&str> {
        gap.keys.iter().map(String::as_str).collect()
    }

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

    #[test]
    fn rule_ids_are_unique_kebab_case_and_cover_the_contract() {
        let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len(), "a rule id is listed twice");
        for rule in RULES {
            let id = rule.id;
            let kebab = !id.starts_with('-')
                && !id.ends_with('-')
                && !id.contains("--")
                && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab, "{id} is not kebab-case");
            assert!(!rule.title.is_empty() && !rule.fires_when.is_empty() && !rule.fix.is_empty(), "{id}");
            assert!(!rule.example.is_empty(), "{id}");
        }
        for (id, severity) in CONTRACT {
            let rule = rule(id).unwrap_or_else(|| panic!("the contract's rule {id} is not in RULES"));
            assert_eq!(rule.severity, *severity, "{id}");
        }
    }

    #[test]
    fn follow_ups_are_for_catalogue_questions_and_are_questions() {
        let keys: BTreeSet<&str> = FOLLOW_UPS.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys.len(), FOLLOW_UPS.len(), "a key has two follow-ups");
        for (key, follow_up) in FOLLOW_UPS {
            assert!(question(key).is_some(), "{key} is not a question");
            assert!(follow_up.ends_with('?'), "{key}: {follow_up}");
        }
        // A question without its own follow-up is asked in the catalogue's words.
        assert_eq!(ask(question("solution.demo_available").unwrap()), "Can you show a (quick) demo in the session?");
        assert_eq!(
            ask(question("requirements.migration.plan").unwrap()),
            "Can you fill in \"Migration plan summary\"?"
        );
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
        let found: Vec<(&str, &str)> = gaps.iter().map(|g| (g.id, g.keys[0].as_str())).collect();
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

    #[test]
    fn missing_required_fires_for_a_missing_and_an_unknown_answer() {
        let mut profile = fabrikam();
        profile.architecture.network_topology = None;
        source(&mut profile, "architecture.network_topology", "Profile!D18");
        let gap = one(&profile, "missing-required");
        assert_eq!(keys(&gap), ["architecture.network_topology"]);
        assert_eq!(gap.locations, ["Profile!D18"]);
        assert!(gap.title.starts_with("Required answer missing: Network topology"), "{}", gap.title);
        assert!(gap.detail.contains("has no answer"), "{}", gap.detail);
        assert!(gap.follow_up.contains("virtual networks"), "{}", gap.follow_up);

        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.rto = None;
        record(&mut profile, RTO, RecordedState::Unknown, "TBD");
        let gap = one(&profile, "missing-required");
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
        quiet(&profile, "missing-required");
    }

    #[test]
    fn missing_required_reports_an_empty_components_table_with_its_sheet() {
        let mut profile = fabrikam();
        profile.architecture.components.clear();
        let gap = one(&profile, "missing-required");
        assert_eq!(keys(&gap), ["architecture.components"]);
        assert_eq!(gap.detail, "The Components sheet has no rows.");
        assert!(gap.locations.is_empty());
    }

    #[test]
    fn missing_recommended_fires_for_a_recommended_answer() {
        let mut profile = fabrikam();
        profile.requirements.usage.geographies = None;
        source(&mut profile, "requirements.usage.geographies", "Profile!D52");
        let gap = one(&profile, "missing-recommended");
        assert_eq!(keys(&gap), ["requirements.usage.geographies"]);
        assert_eq!(gap.locations, ["Profile!D52"]);
        assert_eq!(gap.detail, "\"Where are your users?\" has no answer.");
        assert_eq!(gap.follow_up, "In which countries or regions are your users?");
        quiet(&profile, "missing-required");
    }

    #[test]
    fn missing_recommended_is_quiet_on_optional_questions() {
        let mut profile = fabrikam();
        profile.meta.session_date = None;
        profile.technology.data = Default::default();
        quiet(&profile, "missing-recommended");
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
        let found = gaps(&profile, "invalid-answer");
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
        assert!(gaps(&profile, "missing-recommended").is_empty());
    }

    #[test]
    fn invalid_answer_is_quiet_on_unknown_and_not_applicable_states() {
        let mut profile = fabrikam();
        record(&mut profile, "technology.data.nosql", RecordedState::NotApplicable, "none");
        profile.technology.data.nosql = None;
        quiet(&profile, "invalid-answer");
    }

    #[test]
    fn sla_without_zones_fires_at_99_95_on_a_single_zone() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.95));
        profile.requirements.availability.multi_zone = Some(YesNo::No);
        source(&mut profile, SLA, "Profile!D25");
        source(&mut profile, MULTI_ZONE, "Profile!D26");
        let gap = one(&profile, "sla-without-zones");
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
        quiet(&profile, "sla-without-zones");
        profile.requirements.availability.sla_target_percent = Some(Percent(99.99));
        profile.requirements.availability.multi_zone = Some(YesNo::Planned);
        quiet(&profile, "sla-without-zones");
    }

    #[test]
    fn sla_without_regions_fires_at_99_99_in_one_region() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.99));
        let gap = one(&profile, "sla-without-regions");
        assert_eq!(keys(&gap), [SLA, MULTI_REGION]);
        assert!(gap.detail.starts_with("SLA target 99.99 % but multi-region is \"no\""), "{}", gap.detail);
        assert!(gap.follow_up.contains("99.99 %"), "{}", gap.follow_up);
    }

    #[test]
    fn sla_without_regions_is_quiet_at_99_95_or_with_a_second_region() {
        let mut profile = fabrikam();
        profile.requirements.availability.sla_target_percent = Some(Percent(99.95));
        quiet(&profile, "sla-without-regions");
        profile.requirements.availability.sla_target_percent = Some(Percent(99.99));
        profile.requirements.availability.multi_region = Some(YesNo::Yes);
        quiet(&profile, "sla-without-regions");
    }

    #[test]
    fn multi_region_without_objectives_fires_beside_the_missing_answer() {
        let mut profile = fabrikam();
        profile.requirements.availability.multi_region = Some(YesNo::Planned);
        profile.requirements.disaster_recovery.rto = None;
        record(&mut profile, RTO, RecordedState::Unknown, "TBD");
        source(&mut profile, MULTI_REGION, "Profile!D27");
        source(&mut profile, RTO, "Profile!D30");
        let gap = one(&profile, "multi-region-without-objectives");
        assert_eq!(keys(&gap), [MULTI_REGION, RTO]);
        assert_eq!(gap.locations, ["Profile!D27", "Profile!D30"]);
        assert_eq!(gap.detail, "Multi-region is \"planned\" but the RTO is unknown (\"TBD\").");
        assert!(gap.follow_up.contains("(RTO)") && !gap.follow_up.contains("(RPO)"), "{}", gap.follow_up);
        // It is as severe as missing-required and reports the same absence, so the RTO is reported once.
        quiet(&profile, "missing-required");
    }

    #[test]
    fn multi_region_without_objectives_is_quiet_for_one_region_or_with_objectives() {
        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.rto = None;
        quiet(&profile, "multi-region-without-objectives");
        assert_eq!(one(&profile, "missing-required").keys, [RTO]);
        profile.requirements.availability.multi_region = Some(YesNo::Yes);
        profile.requirements.disaster_recovery.rto = Some("PT1H".parse().unwrap());
        quiet(&profile, "multi-region-without-objectives");
    }

    #[test]
    fn objectives_vs_strategy_fires_for_a_short_rpo_with_backup_restore() {
        let mut profile = fabrikam();
        profile.requirements.disaster_recovery.strategy = Some(DrStrategy::BackupRestore);
        let gap = one(&profile, "objectives-vs-strategy");
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
        quiet(&profile, "objectives-vs-strategy");
        profile.requirements.disaster_recovery.strategy = Some(DrStrategy::None);
        profile.requirements.disaster_recovery.rpo = Some("PT1H".parse().unwrap());
        quiet(&profile, "objectives-vs-strategy");
    }

    #[test]
    fn zero_downtime_without_replication_fires_when_no_replication_is_named() {
        let mut profile = fabrikam();
        profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
        profile.requirements.migration.replication = None;
        record(&mut profile, REPLICATION, RecordedState::NotApplicable, "n/a");
        let gap = one(&profile, "zero-downtime-without-replication");
        assert_eq!(keys(&gap), [ZERO_DOWNTIME, REPLICATION]);
        assert!(gap.detail.contains("replication is not applicable (\"n/a\")"), "{}", gap.detail);
        assert!(gap.follow_up.contains("PostgreSQL 14"), "{}", gap.follow_up);
    }

    #[test]
    fn zero_downtime_without_replication_is_quiet_with_replication_or_downtime_allowed() {
        let mut profile = fabrikam();
        profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
        quiet(&profile, "zero-downtime-without-replication");
        profile.requirements.migration.zero_downtime = Some(YesNo::No);
        profile.requirements.migration.replication = None;
        quiet(&profile, "zero-downtime-without-replication");
    }

    #[test]
    fn migration_without_volume_fires_for_a_migration_and_takes_over_the_generic_gap() {
        let mut profile = fabrikam();
        profile.requirements.migration.data_volume_gb = None;
        let gap = one(&profile, "migration-without-volume");
        assert_eq!(keys(&gap), [APPLICATION_STATUS, DATA_VOLUME]);
        assert_eq!(
            gap.detail,
            "Application status is \"Migrating from on premises\", but the volume of data to migrate is missing."
        );
        quiet(&profile, "missing-recommended");
    }

    #[test]
    fn migration_without_volume_is_quiet_with_a_volume_or_nothing_to_move() {
        let mut profile = fabrikam();
        quiet(&profile, "migration-without-volume");
        profile.requirements.migration.data_volume_gb = None;
        record(&mut profile, DATA_VOLUME, RecordedState::NotApplicable, "N/A");
        quiet(&profile, "migration-without-volume");
        profile.answer_states.clear();
        profile.readiness.application_status = Some(ApplicationStatus::AlreadyOnAzure);
        quiet(&profile, "migration-without-volume");
    }

    #[test]
    fn greenfield_with_migration_fires_and_names_the_answers() {
        let mut profile = fabrikam();
        profile.readiness.application_status = Some(ApplicationStatus::Greenfield);
        profile.requirements.migration = Default::default();
        profile.requirements.migration.data_volume_gb = Some(SizeGb(500.0));
        let gap = one(&profile, "greenfield-with-migration");
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
        quiet(&profile, "greenfield-with-migration");
        assert!(analyse(&profile).gaps.is_empty());
    }

    #[test]
    fn always_on_without_monitoring_fires_even_when_monitoring_is_not_applicable() {
        let mut profile = fabrikam();
        profile.technology.operations.monitoring = None;
        record(&mut profile, MONITORING, RecordedState::NotApplicable, "none");
        source(&mut profile, USAGE_PATTERN, "Profile!D51");
        source(&mut profile, MONITORING, "Profile!D73");
        let gap = one(&profile, "always-on-without-monitoring");
        assert_eq!(keys(&gap), [USAGE_PATTERN, MONITORING]);
        assert_eq!(gap.locations, ["Profile!D51", "Profile!D73"]);
        assert_eq!(
            gap.detail,
            "Usage pattern is \"Mixed\", but no monitoring tooling is named (monitoring is not applicable (\"none\"))."
        );
    }

    #[test]
    fn always_on_without_monitoring_is_quiet_in_office_hours() {
        let mut profile = fabrikam();
        profile.requirements.usage.pattern = Some(UsagePattern::OfficeHours);
        profile.technology.operations.monitoring = None;
        quiet(&profile, "always-on-without-monitoring");
        // The missing list is still a recommended answer.
        assert_eq!(one(&profile, "missing-recommended").keys, [MONITORING]);
    }

    #[test]
    fn always_on_without_apm_fires_for_a_24x7_consumer_service() {
        let mut profile = fabrikam();
        profile.requirements.usage.pattern = Some(UsagePattern::Consumer24x7);
        profile.technology.operations.apm = None;
        let gap = one(&profile, "always-on-without-apm");
        assert_eq!(keys(&gap), [USAGE_PATTERN, APM]);
        assert!(gap.detail.contains("(APM is missing)"), "{}", gap.detail);
        quiet(&profile, "missing-recommended");
    }

    #[test]
    fn always_on_without_apm_is_quiet_for_a_mixed_pattern() {
        let mut profile = fabrikam();
        profile.technology.operations.apm = None;
        quiet(&profile, "always-on-without-apm");
    }

    #[test]
    fn kubernetes_without_tooling_fires_when_no_tooling_is_named() {
        let mut profile = fabrikam();
        profile.technology.operations.kubernetes_cncf = None;
        let gap = one(&profile, "kubernetes-without-tooling");
        assert_eq!(keys(&gap), [COMPUTE_APPROACH, KUBERNETES_TOOLING]);
        assert!(gap.detail.contains("(it is missing)"), "{}", gap.detail);
        assert!(gap.follow_up.contains("Helm"), "{}", gap.follow_up);
    }

    #[test]
    fn kubernetes_without_tooling_is_quiet_without_kubernetes() {
        let mut profile = fabrikam();
        profile.technology.compute_approach = Some(vec![ComputeApproach::PaasWeb]);
        profile.technology.operations.kubernetes_cncf = None;
        quiet(&profile, "kubernetes-without-tooling");
    }

    #[test]
    fn regulated_without_security_fires_for_hipaa_without_network_security() {
        let mut profile = fabrikam();
        profile.requirements.governance.regulations = Some(vec![Regulation::Gdpr, Regulation::Hipaa]);
        profile.requirements.security.network = None;
        let gap = one(&profile, "regulated-without-security");
        assert_eq!(keys(&gap), [REGULATIONS, NETWORK_SECURITY]);
        assert_eq!(gap.detail, "HIPAA applies, but network security is missing.");
        assert!(
            gap.follow_up.starts_with("For the data under HIPAA: how is the network protected"),
            "{}",
            gap.follow_up
        );
        quiet(&profile, "missing-recommended");
    }

    #[test]
    fn regulated_without_security_is_quiet_for_gdpr_alone() {
        let mut profile = fabrikam();
        profile.requirements.security.network = None;
        quiet(&profile, "regulated-without-security");
        assert_eq!(one(&profile, "missing-recommended").keys, [NETWORK_SECURITY]);
    }

    #[test]
    fn gdpr_without_residency_fires_and_names_the_regions() {
        let mut profile = fabrikam();
        profile.requirements.governance.data_residency = None;
        let gap = one(&profile, "gdpr-without-residency");
        assert_eq!(keys(&gap), [REGULATIONS, DATA_RESIDENCY]);
        assert_eq!(gap.detail, "GDPR applies, but data residency is missing.");
        assert!(gap.follow_up.contains("(UK South, West Europe, North Europe)"), "{}", gap.follow_up);
    }

    #[test]
    fn gdpr_without_residency_is_quiet_when_residency_is_not_applicable() {
        let mut profile = fabrikam();
        profile.requirements.governance.data_residency = None;
        record(&mut profile, DATA_RESIDENCY, RecordedState::NotApplicable, "N/A");
        quiet(&profile, "gdpr-without-residency");
    }

    #[test]
    fn engagement_without_criteria_fires_once_per_row_at_its_cell() {
        let mut profile = fabrikam();
        profile.engagements[0].success_criteria = None;
        profile.engagements[2].success_criteria = None;
        source(&mut profile, "engagements[0].type", "Engagements!A2");
        source(&mut profile, "engagements[0].success_criteria", "Engagements!D2");
        source(&mut profile, "engagements[2].type", "Engagements!A4");
        let found = gaps(&profile, "engagement-without-criteria");
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
        quiet(&fabrikam(), "engagement-without-criteria");
    }

    #[test]
    fn no_engagements_fires_for_an_empty_table() {
        let mut profile = fabrikam();
        profile.engagements.clear();
        let gap = one(&profile, "no-engagements");
        assert_eq!(keys(&gap), [ENGAGEMENTS]);
        assert_eq!(gap.detail, "The Engagements sheet has no rows: no engagement is requested.");
        assert!(gap.follow_up.contains("architecture design session"), "{}", gap.follow_up);
        // Nor does first-cloud-without-design-session speak over it.
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        quiet(&profile, "first-cloud-without-design-session");
    }

    #[test]
    fn no_engagements_is_quiet_with_one_engagement() {
        let mut profile = fabrikam();
        profile.engagements.truncate(1);
        quiet(&profile, "no-engagements");
    }

    #[test]
    fn all_high_priority_fires_for_three_high_engagements() {
        let mut profile = fabrikam();
        profile.engagements[2].priority = Some(Priority::High);
        let gap = one(&profile, "all-high-priority");
        assert_eq!(keys(&gap), ["engagements[0].priority", "engagements[1].priority", "engagements[2].priority"]);
        assert!(gap.detail.starts_with("All 3 requested engagements have priority high"), "{}", gap.detail);
        assert!(gap.follow_up.contains("before go-live on 2027-04-30"), "{}", gap.follow_up);
    }

    #[test]
    fn all_high_priority_is_quiet_for_two_engagements_or_a_ranked_list() {
        let mut profile = fabrikam();
        quiet(&profile, "all-high-priority");
        profile.engagements.truncate(2);
        quiet(&profile, "all-high-priority");
    }

    #[test]
    fn diagram_late_fires_for_a_diagram_shared_the_day_before() {
        let mut profile = fabrikam();
        profile.meta.diagram_shared_on = Date::from_ymd(2026, 11, 17);
        let gap = one(&profile, "diagram-late");
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
        let gap = one(&profile, "diagram-late");
        assert!(gap.detail.contains("has not been shared (the date it was shared is missing)"), "{}", gap.detail);
        assert!(gap.follow_up.contains("by 2026-11-16"), "{}", gap.follow_up);
        quiet(&profile, "missing-recommended");
    }

    #[test]
    fn diagram_late_is_quiet_two_days_ahead_or_without_a_session_date() {
        let mut profile = fabrikam();
        profile.meta.diagram_shared_on = Date::from_ymd(2026, 11, 16);
        quiet(&profile, "diagram-late");
        profile.meta.diagram_shared_on = None;
        profile.meta.session_date = None;
        quiet(&profile, "diagram-late");
    }

    #[test]
    fn first_cloud_without_design_session_fires_and_lists_the_requests() {
        let mut profile = fabrikam();
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        let gap = one(&profile, "first-cloud-without-design-session");
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
        quiet(&profile, "first-cloud-without-design-session");
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
        let found = gaps(&profile, "milestone-before-completion");
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
        quiet(&profile, "milestone-before-completion");
    }

    #[test]
    fn a_table_key_is_located_at_its_first_recorded_cell() {
        let mut profile = fabrikam();
        profile.readiness.team_experience = Some(vec![CloudExperience::FirstCloudProject]);
        source(&mut profile, "engagements[0].priority", "Engagements!C2");
        source(&mut profile, "engagements[0].type", "Engagements!A2");
        source(&mut profile, TEAM_EXPERIENCE, "Profile!D55");
        let gap = one(&profile, "first-cloud-without-design-session");
        assert_eq!(gap.locations, ["Profile!D55", "Engagements!A2"]);
    }
}
