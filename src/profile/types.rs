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

/// What the questionnaire workbook writes before its version, in a hidden cell of the Profile sheet and as
/// a custom document property: `Questionnaire version 1.0.0`. The questionnaire's version is the
/// [`SCHEMA_VERSION`] of the tool that wrote it.
#[cfg(any(feature = "template", feature = "import"))]
pub(crate) const QUESTIONNAIRE_VERSION_LABEL: &str = "Questionnaire version";

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
    /// The version of the questionnaire the workbook was made from, as the questionnaire records it (in a
    /// hidden cell of its Profile sheet): the [`SCHEMA_VERSION`] of the tool that wrote it. Import reports
    /// it, and warns (`newer-questionnaire`) when it is newer than this tool's. Absent for a workbook that
    /// records none (made before versions were recorded, or by hand) and for a profile no workbook was read
    /// into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire_version: Option<String>,
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
    /// Other text the vendor wrote about a question or a table row, beside its answer and notes: text in a
    /// column the questionnaire does not read (`Owner`, `Target state (Azure)`, a second comments column),
    /// cell comments and notes, and the target of a hyperlink whose cell shows other text. Keyed by the
    /// question's dotted key (`meta.architecture_diagram`) or the table row (`engagements[1]`, rows counted
    /// from 0), each in sheet order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extras: BTreeMap<String, Vec<ExtraText>>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            schema_version: schema_version(),
            questionnaire_version: None,
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
            extras: BTreeMap::new(),
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
    /// `N/A`, `not applicable`, `does not apply`, alone or with a reason: the question does not apply.
    /// Never a gap.
    NotApplicable,
    /// `None`, `No`, `None yet`, `not used`, `-` and the like for a text, list or multiple-choice question:
    /// the vendor answered that there is nothing. Counts as answered; a rule that asks whether something is
    /// named (monitoring, authentication) sees nothing named.
    None,
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
            RecordedState::None => State::None,
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
    /// `N/A`, `not applicable`, `does not apply`, alone or with a reason: the question does not apply.
    /// Never a gap.
    NotApplicable,
    /// `None`, `No`, `None yet`, `not used`, `-` and the like for a text, list or multiple-choice question:
    /// the vendor answered that there is nothing. Counts as answered; a rule that asks whether something is
    /// named (monitoring, authentication) sees nothing named.
    None,
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
            State::None => "none",
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

/// One piece of other text the vendor wrote about a question or a table row: an entry of a profile's
/// `extras`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExtraText {
    /// Where the text came from.
    pub from: ExtraSource,
    /// The header of the column it stands in, as written, when it comes from a column that has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Who wrote a comment, when the file names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The cell it stands in or is attached to (`Profile!F14`).
    pub cell: String,
    /// The text as written: the cell's text, the comment, or the link's target.
    pub text: String,
}

impl ExtraText {
    /// Text from `from` at `cell` (`Profile!F14`), without a column header or an author.
    pub fn new(from: ExtraSource, cell: impl Into<String>, text: impl Into<String>) -> ExtraText {
        ExtraText { from, column: None, author: None, cell: cell.into(), text: text.into() }
    }
}

/// Where a piece of [`ExtraText`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExtraSource {
    /// A cell in a column the questionnaire does not read; the column's header names it.
    Column,
    /// A cell comment or note.
    Comment,
    /// The target of a hyperlink whose cell shows other text.
    Link,
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
    /// Company (ISV) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Solution or product name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_name: Option<String>,
    /// Completed by (name and role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<String>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<Email>,
    /// Date completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    /// Planned date of the technical discovery session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_date: Option<Date>,
    /// Architecture diagram: file name or link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture_diagram: Option<String>,
    /// Date the architecture diagram was shared with the lead engineer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram_shared_on: Option<Date>,
}

/// The solution from the customer's perspective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Solution {
    /// Short overview of your solution from your customer's perspective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// Who uses it (customer segments, typical customer size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<String>,
    /// Can you show a (quick) demo in the session?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_available: Option<YesNo>,
    /// How is the solution sold and deployed?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commercial_model: Option<Vec<CommercialModel>>,
    /// Tenancy model (one deployment per customer, shared, how tenant data is separated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_tenancy: Option<String>,
}

/// Solution architecture.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Architecture {
    /// Where is the solution hosted today?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_hosting: Option<Hosting>,
    /// Network topology (virtual networks, segmentation, ingress and egress, hybrid connectivity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_topology: Option<String>,
    /// Compute tier (what runs where, how it scales).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_tier: Option<String>,
    /// Databases and storage overview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// Regions or geographies the solution runs in, or must run in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// Application-level components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// Databases and storage services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_stores: Vec<DataStore>,
}

/// One application-level component (a row of the Components sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Component {
    /// The Components sheet's Name column (every row needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The Components sheet's Purpose column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The Components sheet's Technology column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    /// The Components sheet's Hosting column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting: Option<String>,
    /// The Components sheet's Notes column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One database or storage service (a row of the Data stores sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataStore {
    /// The Data stores sheet's Name column (every row needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The Data stores sheet's Kind column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DataStoreKind>,
    /// The Data stores sheet's Engine column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// The Data stores sheet's Size column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeGb>,
    /// The Data stores sheet's Notes column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Functional and non-functional requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Requirements {
    /// High availability and resiliency.
    #[serde(default, skip_serializing_if = "is_default")]
    pub availability: Availability,
    /// Disaster recovery and business continuity.
    #[serde(default, skip_serializing_if = "is_default")]
    pub disaster_recovery: DisasterRecovery,
    /// Cross-cloud portability.
    #[serde(default, skip_serializing_if = "is_default")]
    pub portability: Portability,
    /// Performance numbers.
    #[serde(default, skip_serializing_if = "is_default")]
    pub performance: Performance,
    /// The migration plan.
    #[serde(default, skip_serializing_if = "is_default")]
    pub migration: Migration,
    /// Security requirements.
    #[serde(default, skip_serializing_if = "is_default")]
    pub security: Security,
    /// Governance and compliance.
    #[serde(default, skip_serializing_if = "is_default")]
    pub governance: Governance,
    /// The solution's usage pattern.
    #[serde(default, skip_serializing_if = "is_default")]
    pub usage: Usage,
}

/// High availability and resiliency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Availability {
    /// Target availability (SLA), in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_target_percent: Option<Percent>,
    /// Is the application designed to run distributed across multiple availability zones?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_zone: Option<YesNo>,
    /// Do you need to run the application across multiple Azure regions?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<YesNo>,
    /// Maintenance windows and deployment strategy (blue-green, rolling, downtime allowed?).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_windows: Option<String>,
}

/// Disaster recovery and business continuity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DisasterRecovery {
    /// Recovery point objective (RPO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<IsoDuration>,
    /// Recovery time objective (RTO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<IsoDuration>,
    /// Disaster recovery strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<DrStrategy>,
    /// Business continuity arrangements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_continuity: Option<String>,
}

/// Cross-cloud portability.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Portability {
    /// Cross-cloud portability: run unchanged on several clouds, or use each platform's best-of-breed PaaS services?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<PortabilityStrategy>,
    /// Portability notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Performance numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Performance {
    /// Minimum throughput, requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_throughput_rps: Option<Quantity>,
    /// Maximum latency, milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_latency_ms: Option<Quantity>,
    /// Transactions per second at peak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_per_second: Option<Quantity>,
}

/// The migration plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Migration {
    /// Is zero downtime required during migration?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_downtime: Option<YesNo>,
    /// Volume of data to migrate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_volume_gb: Option<SizeGb>,
    /// Shape of the data to migrate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_shape: Option<Vec<DataShape>>,
    /// Replication options considered for the migration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication: Option<String>,
    /// Migration plan summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

/// Security requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Security {
    /// Data classification (personal, confidential, regulated data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_classification: Option<String>,
    /// Authentication (users and services).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<String>,
    /// Authorization model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    /// Network security (private endpoints, firewalls, WAF, DDoS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// Governance and compliance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Governance {
    /// Regulations and standards that apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulations: Option<Vec<Regulation>>,
    /// Data residency constraints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_residency: Option<String>,
    /// Governance and compliance notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The solution's usage pattern.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Usage {
    /// Usage pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<UsagePattern>,
    /// Where are your users?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geographies: Option<Vec<String>>,
    /// Peak concurrent users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_concurrent_users: Option<Quantity>,
}

/// Cloud readiness, pain points and expectations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Readiness {
    /// Does your technical team already have cloud experience?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_experience: Option<Vec<CloudExperience>>,
    /// Is the application new (greenfield), or migrating from another cloud or from on-premises?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_status: Option<ApplicationStatus>,
    /// In which Azure areas do you specifically need advisory?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory_areas: Option<Vec<AdvisoryArea>>,
    /// Pain points, challenges and issues in your cloud journey so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_points: Option<Vec<String>>,
    /// Expectations for this project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expectations: Option<String>,
}

/// Schedule and milestones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Schedule {
    /// Target go-live or most important deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live: Option<Date>,
    /// Proposed date of the next meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_meeting: Option<Date>,
    /// Project milestones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
}

/// One project milestone (a row of the Milestones sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Milestone {
    /// The Milestones sheet's Milestone column (every row needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The Milestones sheet's Date column (every row needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The Milestones sheet's Notes column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One requested engagement (a row of the Engagements sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Engagement {
    /// The Engagements sheet's Type column (every row needs it).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<EngagementType>,
    /// The Engagements sheet's Focus area column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_area: Option<FocusArea>,
    /// The Engagements sheet's Priority column (every row needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The Engagements sheet's Success criteria column (every row needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_criteria: Option<String>,
    /// The Engagements sheet's Notes column.
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
    /// Azure services already in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_services: Option<Vec<String>>,
    /// Programming languages and frameworks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    /// Compute approach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_approach: Option<Vec<ComputeApproach>>,
    /// Operating systems (Linux distributions, Windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_systems: Option<Vec<String>>,
    /// Operations tooling.
    #[serde(default, skip_serializing_if = "is_default")]
    pub operations: Operations,
    /// Data technology.
    #[serde(default, skip_serializing_if = "is_default")]
    pub data: DataTechnology,
    /// Authentication and sign-in (Entra ID / Azure AD B2C, Okta/Auth0, social sign-in, self-implemented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Vec<String>>,
}

/// Operations tooling.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Operations {
    /// Infrastructure as code (ARM, Bicep, Terraform, imperative scripts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iac: Option<Vec<String>>,
    /// Configuration and image tooling (Chef, Puppet, Ansible, Packer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_management: Option<Vec<String>>,
    /// CI/CD (Azure DevOps, GitHub Actions, Jenkins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_cd: Option<Vec<String>>,
    /// Kubernetes and CNCF tooling (NGINX, service mesh, Linkerd, Helm, GitOps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes_cncf: Option<Vec<String>>,
    /// Monitoring (Log Analytics, Prometheus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<Vec<String>>,
    /// Application performance management (Application Insights, New Relic, Datadog).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apm: Option<Vec<String>>,
}

/// Data technology.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataTechnology {
    /// Relational databases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relational: Option<Vec<String>>,
    /// NoSQL databases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nosql: Option<Vec<String>>,
    /// Big data (data lake, data warehouse, ETL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub big_data: Option<Vec<String>>,
    /// Messaging and eventing (Service Bus, RabbitMQ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging: Option<Vec<String>>,
    /// Event streaming (Event Hubs, Kafka).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_streaming: Option<Vec<String>>,
}
