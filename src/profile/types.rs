//! The discovery profile as Rust types: one struct per section of the questionnaire.
//!
//! Every answer is optional at the type level, because a returned questionnaire is partial; which answers
//! are required is the [catalogue](super::catalogue)'s business. Field names are the last segment of the
//! question's dotted key, so `requirements.availability.multi_zone` is
//! `profile.requirements.availability.multi_zone`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::choices::*;
use super::values::*;

/// The version of the profile JSON and its schema. It changes when a key changes.
pub const SCHEMA_VERSION: &str = "1.0.0";

fn schema_version() -> String {
    SCHEMA_VERSION.to_owned()
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// One vendor's answers to the technical discovery questionnaire.
///
/// Beside the answers it keeps, for every question that is not simply answered or empty, the answer's
/// state and the text as written ([`Profile::answer_states`]), the vendor's notes per question, where each
/// answer came from in the spreadsheet, and whatever the vendor wrote that matched no question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Technical discovery profile")]
#[non_exhaustive]
pub struct Profile {
    /// The version of the profile format; see [`SCHEMA_VERSION`].
    #[serde(default = "schema_version")]
    pub schema_version: String,
    /// About this questionnaire.
    #[serde(default, skip_serializing_if = "is_default")]
    pub meta: Meta,
    /// The solution from the customer's perspective.
    #[serde(default, skip_serializing_if = "is_default")]
    pub solution: Solution,
    /// Solution architecture.
    #[serde(default, skip_serializing_if = "is_default")]
    pub architecture: Architecture,
    /// Functional and non-functional requirements.
    #[serde(default, skip_serializing_if = "is_default")]
    pub requirements: Requirements,
    /// Cloud readiness, pain points and expectations.
    #[serde(default, skip_serializing_if = "is_default")]
    pub readiness: Readiness,
    /// Schedule and milestones.
    #[serde(default, skip_serializing_if = "is_default")]
    pub schedule: Schedule,
    /// Technology stack overview.
    #[serde(default, skip_serializing_if = "is_default")]
    pub technology: Technology,
    /// The engagements the vendor requests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engagements: Vec<Engagement>,
    /// For every question that is not simply answered or empty: its state and the text as written, keyed
    /// by dotted key (`requirements.disaster_recovery.rpo`, or `engagements[1].priority` in a table).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answer_states: BTreeMap<String, AnswerState>,
    /// The vendor's comment on a question (the Notes column), keyed by dotted key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    /// Where each answer came from (`Profile!D14`), keyed by dotted key or table cell
    /// (`engagements[2].success_criteria`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, String>,
    /// Text the vendor wrote that belongs to no question: a row with an unknown key, a second row for a key
    /// already answered, an answer in a row with no key and no known question. Kept so nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<Unmatched>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            schema_version: schema_version(),
            meta: Meta::default(),
            solution: Solution::default(),
            architecture: Architecture::default(),
            requirements: Requirements::default(),
            readiness: Readiness::default(),
            schedule: Schedule::default(),
            technology: Technology::default(),
            engagements: Vec::new(),
            answer_states: BTreeMap::new(),
            notes: BTreeMap::new(),
            sources: BTreeMap::new(),
            unmatched: Vec::new(),
        }
    }
}

/// The state of an answer that is not simply a parsed value or an empty cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AnswerState {
    /// Which state.
    pub state: RecordedState,
    /// The text as the vendor wrote it.
    pub raw: String,
}

/// The states [`Profile::answer_states`] records: those the answer's value alone cannot show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordedState {
    /// `N/A`, `not applicable`, or `none` for a list. Never a gap.
    NotApplicable,
    /// `TBD`, `unknown`, `?` and the like: a gap, reported as unknown so the lead engineer knows to ask.
    Unknown,
    /// The text does not parse as the question's type; the raw text is kept.
    Invalid,
}

impl AnswerState {
    /// The state `state` of an answer written as `raw`.
    pub fn new(state: RecordedState, raw: impl Into<String>) -> AnswerState {
        AnswerState { state, raw: raw.into() }
    }
}

impl From<RecordedState> for State {
    fn from(state: RecordedState) -> State {
        match state {
            RecordedState::NotApplicable => State::NotApplicable,
            RecordedState::Unknown => State::Unknown,
            RecordedState::Invalid => State::Invalid,
        }
    }
}

/// How a question was answered: exactly one of these for every question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum State {
    /// A value that parsed.
    Answered,
    /// `N/A`, `not applicable`, or `none` for a list. Never a gap.
    NotApplicable,
    /// `TBD`, `unknown`, `?` and the like: a gap, reported as unknown so the lead engineer knows to ask.
    Unknown,
    /// The cell is empty.
    Missing,
    /// The text does not parse as the question's type; the raw text is kept.
    Invalid,
}

impl State {
    /// The snake_case name used in JSON and diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Answered => "answered",
            State::NotApplicable => "not_applicable",
            State::Unknown => "unknown",
            State::Missing => "missing",
            State::Invalid => "invalid",
        }
    }
}

/// Text from the workbook that belongs to no known question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Unmatched {
    /// Why it matched no question.
    pub reason: UnmatchedReason,
    /// The row's Key cell, as written (empty when there was none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// The row's Question cell, as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// The row's Answer cell, as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answer: String,
    /// The row's Notes cell, as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Where it stands (`Profile!D80`).
    pub location: String,
}

/// Why text matched no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnmatchedReason {
    /// The Key cell names a key the questionnaire does not have.
    UnknownKey,
    /// The key was already answered in an earlier row; the first row wins.
    DuplicateKey,
    /// The row has an answer but neither a key nor a question that matches one.
    NoQuestion,
}

/// About this questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Meta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture_diagram: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram_shared_on: Option<Date>,
}

/// The solution from the customer's perspective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Solution {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_available: Option<YesNo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commercial_model: Option<Vec<CommercialModel>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_tenancy: Option<String>,
}

/// Solution architecture.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Architecture {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_hosting: Option<Hosting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_topology: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_stores: Vec<DataStore>,
}

/// One application-level component (a row of the Components sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Component {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One database or storage service (a row of the Data stores sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataStore {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DataStoreKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeGb>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Functional and non-functional requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Requirements {
    #[serde(default, skip_serializing_if = "is_default")]
    pub availability: Availability,
    #[serde(default, skip_serializing_if = "is_default")]
    pub disaster_recovery: DisasterRecovery,
    #[serde(default, skip_serializing_if = "is_default")]
    pub portability: Portability,
    #[serde(default, skip_serializing_if = "is_default")]
    pub performance: Performance,
    #[serde(default, skip_serializing_if = "is_default")]
    pub migration: Migration,
    #[serde(default, skip_serializing_if = "is_default")]
    pub security: Security,
    #[serde(default, skip_serializing_if = "is_default")]
    pub governance: Governance,
    #[serde(default, skip_serializing_if = "is_default")]
    pub usage: Usage,
}

/// High availability and resiliency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Availability {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_target_percent: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_zone: Option<YesNo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<YesNo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_windows: Option<String>,
}

/// Disaster recovery and business continuity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DisasterRecovery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<IsoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<IsoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<DrStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_continuity: Option<String>,
}

/// Cross-cloud portability.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Portability {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<PortabilityStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Performance numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Performance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_throughput_rps: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_latency_ms: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_per_second: Option<Quantity>,
}

/// The migration plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Migration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_downtime: Option<YesNo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_volume_gb: Option<SizeGb>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_shape: Option<Vec<DataShape>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

/// Security requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Security {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_classification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// Governance and compliance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Governance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulations: Option<Vec<Regulation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_residency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The solution's usage pattern.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Usage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<UsagePattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geographies: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_concurrent_users: Option<Quantity>,
}

/// Cloud readiness, pain points and expectations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Readiness {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_experience: Option<Vec<CloudExperience>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_status: Option<ApplicationStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory_areas: Option<Vec<AdvisoryArea>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_points: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expectations: Option<String>,
}

/// Schedule and milestones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Schedule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_meeting: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
}

/// One project milestone (a row of the Milestones sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Milestone {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One requested engagement (a row of the Engagements sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Engagement {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<EngagementType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_area: Option<FocusArea>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_criteria: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Engagement {
    /// The engagement as a list names it: its type's label and its priority, `Architecture review (high)`;
    /// `Engagement` when the type is not given. The report and the batch index both show it so.
    ///
    /// ```
    /// use discovery::profile::{Engagement, EngagementType, Priority};
    /// let mut engagement = Engagement::default();
    /// assert_eq!(engagement.label(), "Engagement");
    /// engagement.kind = Some(EngagementType::ArchitectureReview);
    /// engagement.priority = Some(Priority::High);
    /// assert_eq!(engagement.label(), "Architecture review (high)");
    /// ```
    pub fn label(&self) -> String {
        let kind = self.kind.map_or("Engagement", |k| k.label());
        match self.priority {
            Some(priority) => format!("{kind} ({})", priority.value()),
            None => kind.to_owned(),
        }
    }
}

/// Technology stack overview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Technology {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_services: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_approach: Option<Vec<ComputeApproach>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_systems: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub operations: Operations,
    #[serde(default, skip_serializing_if = "is_default")]
    pub data: DataTechnology,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Vec<String>>,
}

/// Operations tooling.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Operations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iac: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_management: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_cd: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes_cncf: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apm: Option<Vec<String>>,
}

/// Data technology.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataTechnology {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relational: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nosql: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub big_data: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_streaming: Option<Vec<String>>,
}
