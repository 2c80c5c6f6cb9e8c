//! The question catalogue: every key of the profile with its question text, section, answer type and
//! importance, in the order the questionnaire asks them.
//!
//! This table is the one place a question is defined. Import matches rows against it, the template prints
//! it, the schema carries it as `x-question`, `x-section` and `x-importance`, gap analysis weighs answers by
//! it and the report walks it. A test checks that it and the Rust types list the same keys.

use std::borrow::Cow;

use super::choices::*;

/// How much a question matters for the discovery session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Importance {
    /// Missing or unknown is a high-severity gap.
    Required,
    /// Missing or unknown is a medium-severity gap.
    Recommended,
    /// Never a gap; counts towards completeness only when answered.
    Optional,
}

impl Importance {
    /// The lowercase name used in the schema and the template.
    pub fn as_str(self) -> &'static str {
        match self {
            Importance::Required => "required",
            Importance::Recommended => "recommended",
            Importance::Optional => "optional",
        }
    }
}

/// A part of the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Section {
    /// About this questionnaire.
    Meta,
    /// The solution from the customer's perspective.
    Solution,
    /// Solution architecture.
    Architecture,
    /// Functional and non-functional requirements.
    Requirements,
    /// Cloud readiness, pain points and expectations.
    Readiness,
    /// Schedule and milestones.
    Schedule,
    /// Technology stack overview.
    Technology,
    /// The engagements requested.
    Engagements,
}

impl Section {
    /// Every section, in questionnaire order.
    pub const ALL: [Section; 8] = [
        Section::Meta,
        Section::Solution,
        Section::Architecture,
        Section::Requirements,
        Section::Readiness,
        Section::Schedule,
        Section::Technology,
        Section::Engagements,
    ];

    /// The section's id: the first segment of its keys (`requirements`).
    pub fn id(self) -> &'static str {
        match self {
            Section::Meta => "meta",
            Section::Solution => "solution",
            Section::Architecture => "architecture",
            Section::Requirements => "requirements",
            Section::Readiness => "readiness",
            Section::Schedule => "schedule",
            Section::Technology => "technology",
            Section::Engagements => "engagements",
        }
    }

    /// The section's heading in the template and the report.
    pub fn title(self) -> &'static str {
        match self {
            Section::Meta => "About this questionnaire",
            Section::Solution => "The solution",
            Section::Architecture => "Solution architecture",
            Section::Requirements => "Requirements",
            Section::Readiness => "Cloud readiness",
            Section::Schedule => "Schedule",
            Section::Technology => "Technology stack",
            Section::Engagements => "Engagements",
        }
    }
}

/// The type of an answer, which decides how a cell is read and how the value is written to JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum AnswerKind {
    /// Free text; newlines kept.
    Text,
    /// A list of strings: one item per line, or separated by `;` or `,`.
    List,
    /// `yes`, `no` or `planned`.
    YesNo,
    /// One of the options.
    Choice(&'static ChoiceSet),
    /// Several of the options.
    Choices(&'static ChoiceSet),
    /// A non-negative number, optionally followed by the unit the question names.
    Number {
        /// The unit the question is asked in (`rps`, `ms`), accepted after the number.
        unit: &'static str,
    },
    /// A percentage from 0 to 100.
    Percent,
    /// An ISO 8601 duration.
    Duration,
    /// A size in GB.
    SizeGb,
    /// A calendar date.
    Date,
    /// One e-mail address.
    Email,
    /// A table sheet of its own.
    Table(&'static Table),
}

impl AnswerKind {
    /// A short name of the type, as the schema's `x-type` and the reference use it.
    pub fn name(self) -> &'static str {
        match self {
            AnswerKind::Text => "text",
            AnswerKind::List => "list",
            AnswerKind::YesNo => "yesno",
            AnswerKind::Choice(_) => "choice",
            AnswerKind::Choices(_) => "choices",
            AnswerKind::Number { .. } => "number",
            AnswerKind::Percent => "percent",
            AnswerKind::Duration => "duration",
            AnswerKind::SizeGb => "size_gb",
            AnswerKind::Date => "date",
            AnswerKind::Email => "email",
            AnswerKind::Table(_) => "table",
        }
    }

    /// What a vendor may type, as printed beside the question in the template.
    pub fn guidance(self) -> String {
        match self {
            AnswerKind::Text => "Free text".to_owned(),
            AnswerKind::List => "One item per line (or separated by ;)".to_owned(),
            AnswerKind::YesNo => "Yes, No or Planned".to_owned(),
            AnswerKind::Choice(_) => "Pick one from the list".to_owned(),
            AnswerKind::Choices(set) => {
                let labels: Vec<&str> = set.options.iter().map(|o| o.label).collect();
                format!("One or more, one per line: {}", labels.join("; "))
            }
            AnswerKind::Number { unit: "" } => "A number".to_owned(),
            AnswerKind::Number { unit } => format!("A number, in {unit}"),
            AnswerKind::Percent => "A percentage, e.g. 99.95".to_owned(),
            AnswerKind::Duration => "A duration, e.g. 15 min, 4 h, 1 day".to_owned(),
            AnswerKind::SizeGb => "A size, e.g. 500 GB or 2 TB".to_owned(),
            AnswerKind::Date => "A date, e.g. 2026-03-15".to_owned(),
            AnswerKind::Email => "One e-mail address".to_owned(),
            AnswerKind::Table(table) => format!("Fill in the {} sheet", table.sheet),
        }
    }
}

/// A table sheet: one row per item.
#[derive(Debug, PartialEq)]
#[non_exhaustive]
pub struct Table {
    /// The sheet's name in the workbook.
    pub sheet: &'static str,
    /// The profile key the rows go to.
    pub key: &'static str,
    /// The columns, in template order.
    pub columns: &'static [Column],
}

impl Table {
    /// The column whose field is `field`.
    pub fn column(&self, field: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.field == field)
    }
}

/// A column of a table sheet.
#[derive(Debug, PartialEq)]
#[non_exhaustive]
pub struct Column {
    /// The header as the template prints it and import looks for it.
    pub header: &'static str,
    /// The field in the profile JSON.
    pub field: &'static str,
    /// The cell's type.
    pub kind: AnswerKind,
    /// Whether a row needs this cell.
    pub required: bool,
}

/// One question of the questionnaire.
#[derive(Debug, PartialEq)]
#[non_exhaustive]
pub struct Question {
    /// The dotted key, stable across versions of a schema (`requirements.availability.multi_zone`).
    pub key: &'static str,
    /// The section it belongs to.
    pub section: Section,
    /// The question as the template prints it.
    pub text: &'static str,
    /// The answer's type.
    pub kind: AnswerKind,
    /// How much it matters.
    pub importance: Importance,
    /// The follow-up question a gap about this question puts to the vendor, in the words a lead engineer
    /// would use; `None` to ask in the catalogue's own words (see [`Question::ask`]). Every required and
    /// recommended question has one, since those are the questions gaps are about.
    pub follow_up: Option<&'static str>,
}

impl Question {
    /// The question to put to the vendor about this question: its [follow-up](Question::follow_up), else
    /// its text when that is a question, else a request to fill it in.
    ///
    /// ```
    /// use discovery::profile::catalogue::question;
    /// let ask = |key| question(key).unwrap().ask();
    /// assert_eq!(ask("requirements.usage.geographies"), "In which countries or regions are your users?");
    /// assert_eq!(ask("solution.demo_available"), "Can you show a (quick) demo in the session?");
    /// assert_eq!(ask("requirements.migration.plan"), "Can you fill in \"Migration plan summary\"?");
    /// ```
    pub fn ask(&self) -> Cow<'static, str> {
        match self.follow_up {
            Some(follow_up) => Cow::Borrowed(follow_up),
            None if self.text.ends_with('?') => Cow::Borrowed(self.text),
            None => Cow::Owned(format!("Can you fill in \"{}\"?", self.text)),
        }
    }

    /// The question with its follow-up, for the table below.
    const fn asking(mut self, follow_up: &'static str) -> Question {
        self.follow_up = Some(follow_up);
        self
    }
}

/// A question without a follow-up; required and recommended ones take theirs with [`Question::asking`].
const fn q(
    key: &'static str,
    section: Section,
    text: &'static str,
    kind: AnswerKind,
    importance: Importance,
) -> Question {
    Question { key, section, text, kind, importance, follow_up: None }
}

const fn col(header: &'static str, field: &'static str, kind: AnswerKind, required: bool) -> Column {
    Column { header, field, kind, required }
}

use AnswerKind as K;
use Importance::{Optional as Opt, Recommended as Rec, Required as Req};
use Section as S;

/// The Components sheet.
pub static COMPONENTS: Table = Table {
    sheet: "Components",
    key: "architecture.components",
    columns: &[
        col("Name", "name", K::Text, true),
        col("Purpose", "purpose", K::Text, false),
        col("Technology", "technology", K::Text, false),
        col("Hosting", "hosting", K::Text, false),
        col("Notes", "notes", K::Text, false),
    ],
};

/// The Data stores sheet.
pub static DATA_STORES: Table = Table {
    sheet: "Data stores",
    key: "architecture.data_stores",
    columns: &[
        col("Name", "name", K::Text, true),
        col("Kind", "kind", K::Choice(&DataStoreKind::SET), false),
        col("Engine", "engine", K::Text, false),
        col("Size", "size", K::SizeGb, false),
        col("Notes", "notes", K::Text, false),
    ],
};

/// The Engagements sheet.
pub static ENGAGEMENTS: Table = Table {
    sheet: "Engagements",
    key: "engagements",
    columns: &[
        col("Type", "type", K::Choice(&EngagementType::SET), true),
        col("Focus area", "focus_area", K::Choice(&FocusArea::SET), false),
        col("Priority", "priority", K::Choice(&Priority::SET), true),
        col("Success criteria", "success_criteria", K::Text, true),
        col("Notes", "notes", K::Text, false),
    ],
};

/// The Milestones sheet.
pub static MILESTONES: Table = Table {
    sheet: "Milestones",
    key: "schedule.milestones",
    columns: &[
        col("Milestone", "milestone", K::Text, true),
        col("Date", "date", K::Date, true),
        col("Notes", "notes", K::Text, false),
    ],
};

/// Every table sheet, in workbook order.
pub static TABLES: [&Table; 4] = [&COMPONENTS, &DATA_STORES, &ENGAGEMENTS, &MILESTONES];

/// Every question, in questionnaire order: the questions of the Profile sheet (see
/// [`profile_sheet_questions`]) and, each in its place, the [tables](TABLES).
///
/// Adding a question means adding its field to the types and its entry here (with its follow-up when it is
/// required or recommended), then regenerating the committed schema: the template, the import, the
/// completeness, the gap rules and the report all walk this table.
pub static QUESTIONS: &[Question] = &[
    q("meta.company_name", S::Meta, "Company (ISV) name", K::Text, Req)
        .asking("What is the company's name, as it should appear in the report?"),
    q("meta.solution_name", S::Meta, "Solution or product name", K::Text, Req)
        .asking("Which solution or product is this discovery about?"),
    q("meta.completed_by", S::Meta, "Completed by (name and role)", K::Text, Rec)
        .asking("Who filled in the questionnaire, and in which role?"),
    q("meta.contact_email", S::Meta, "Contact e-mail", K::Email, Rec)
        .asking("Which e-mail address should the lead engineer use for follow-up questions?"),
    q("meta.completed_on", S::Meta, "Date completed", K::Date, Rec)
        .asking("On which date was the questionnaire completed?"),
    q("meta.session_date", S::Meta, "Planned date of the technical discovery session", K::Date, Opt),
    q("meta.architecture_diagram", S::Meta, "Architecture diagram: file name or link", K::Text, Req)
        .asking("Can you share an architecture diagram (a file or a link) before the session?"),
    q(
        "meta.diagram_shared_on",
        S::Meta,
        "Date the architecture diagram was shared with the lead engineer",
        K::Date,
        Rec,
    )
    .asking("When was the architecture diagram shared with the lead engineer?"),
    q(
        "solution.overview",
        S::Solution,
        "Short overview of your solution from your customer's perspective",
        K::Text,
        Req,
    )
    .asking("In a few sentences, what does the solution do for your customers?"),
    q("solution.customers", S::Solution, "Who uses it (customer segments, typical customer size)", K::Text, Rec)
        .asking("Who uses the solution: which customer segments, and how large is a typical customer?"),
    q("solution.demo_available", S::Solution, "Can you show a (quick) demo in the session?", K::YesNo, Opt),
    q(
        "solution.commercial_model",
        S::Solution,
        "How is the solution sold and deployed?",
        K::Choices(&CommercialModel::SET),
        Rec,
    )
    .asking(
        "How is the solution sold and deployed: as SaaS, hosted by the customer, as a managed application, or \
         through a marketplace?",
    ),
    q(
        "solution.multi_tenancy",
        S::Solution,
        "Tenancy model (one deployment per customer, shared, how tenant data is separated)",
        K::Text,
        Rec,
    )
    .asking(
        "Does each customer get its own deployment, or do tenants share one, and how is each tenant's data kept \
         apart?",
    ),
    q(
        "architecture.current_hosting",
        S::Architecture,
        "Where is the solution hosted today?",
        K::Choice(&Hosting::SET),
        Req,
    )
    .asking("Where does the solution run today: which cloud, on premises, or not yet hosted?"),
    q(
        "architecture.network_topology",
        S::Architecture,
        "Network topology (virtual networks, segmentation, ingress and egress, hybrid connectivity)",
        K::Text,
        Req,
    )
    .asking(
        "How is the network laid out: virtual networks, segmentation, ingress and egress, connections to customers \
         or on-premises sites?",
    ),
    q("architecture.compute_tier", S::Architecture, "Compute tier (what runs where, how it scales)", K::Text, Req)
        .asking("What runs where in the compute tier, and how does it scale?"),
    q("architecture.storage", S::Architecture, "Databases and storage overview", K::Text, Rec)
        .asking("Which databases and storage services does the solution use, and how large are they?"),
    q(
        "architecture.regions",
        S::Architecture,
        "Regions or geographies the solution runs in, or must run in",
        K::List,
        Rec,
    )
    .asking("Which regions or geographies does the solution run in today, or have to run in?"),
    q("architecture.components", S::Architecture, "Application-level components", K::Table(&COMPONENTS), Req)
        .asking("What are the solution's main components, and what technology and hosting does each use?"),
    q("architecture.data_stores", S::Architecture, "Databases and storage services", K::Table(&DATA_STORES), Rec)
        .asking("Which data stores does the solution use: their kind, engine and size?"),
    q(
        "requirements.availability.sla_target_percent",
        S::Requirements,
        "Target availability (SLA), in percent",
        K::Percent,
        Rec,
    )
    .asking("Which availability (SLA) do you promise your customers, in percent?"),
    q(
        "requirements.availability.multi_zone",
        S::Requirements,
        "Is the application designed to run distributed across multiple availability zones?",
        K::YesNo,
        Req,
    )
    .asking("Is the application designed to run across availability zones, and which tiers would span them?"),
    q(
        "requirements.availability.multi_region",
        S::Requirements,
        "Do you need to run the application across multiple Azure regions?",
        K::YesNo,
        Req,
    )
    .asking(
        "Does the application need to run in more than one Azure region, for resilience or for customers' \
         locations?",
    ),
    q(
        "requirements.availability.maintenance_windows",
        S::Requirements,
        "Maintenance windows and deployment strategy (blue-green, rolling, downtime allowed?)",
        K::Text,
        Opt,
    ),
    q("requirements.disaster_recovery.rpo", S::Requirements, "Recovery point objective (RPO)", K::Duration, Req)
        .asking("How much data may be lost in a disaster (the recovery point objective)?"),
    q("requirements.disaster_recovery.rto", S::Requirements, "Recovery time objective (RTO)", K::Duration, Req).asking(
        "How long may the solution be down after a disaster before it must be back (the recovery time \
             objective)?",
    ),
    q(
        "requirements.disaster_recovery.strategy",
        S::Requirements,
        "Disaster recovery strategy",
        K::Choice(&DrStrategy::SET),
        Rec,
    )
    .asking(
        "How would the solution recover from losing a whole site or region: from backups, with a pilot light, a \
         warm standby, or active-active?",
    ),
    q(
        "requirements.disaster_recovery.business_continuity",
        S::Requirements,
        "Business continuity arrangements",
        K::Text,
        Opt,
    ),
    q(
        "requirements.portability.strategy",
        S::Requirements,
        "Cross-cloud portability: run unchanged on several clouds, or use each platform's best-of-breed PaaS services?",
        K::Choice(&PortabilityStrategy::SET),
        Req,
    )
    .asking("Must the solution run unchanged on several clouds, or may it use Azure's managed PaaS services?"),
    q("requirements.portability.notes", S::Requirements, "Portability notes", K::Text, Opt),
    q(
        "requirements.performance.min_throughput_rps",
        S::Requirements,
        "Minimum throughput, requests per second",
        K::Number { unit: "rps" },
        Rec,
    )
    .asking("How many requests per second must the solution handle at least?"),
    q(
        "requirements.performance.max_latency_ms",
        S::Requirements,
        "Maximum latency, milliseconds",
        K::Number { unit: "ms" },
        Rec,
    )
    .asking("Which response time, in milliseconds, must requests stay under?"),
    q(
        "requirements.performance.transactions_per_second",
        S::Requirements,
        "Transactions per second at peak",
        K::Number { unit: "tps" },
        Rec,
    )
    .asking("How many transactions per second does the solution handle at peak?"),
    q(
        "requirements.migration.zero_downtime",
        S::Requirements,
        "Is zero downtime required during migration?",
        K::YesNo,
        Rec,
    )
    .asking("Must the migration happen without downtime, or is a maintenance window acceptable?"),
    q("requirements.migration.data_volume_gb", S::Requirements, "Volume of data to migrate", K::SizeGb, Rec)
        .asking("How much data has to be migrated (databases, files, backups)?"),
    q(
        "requirements.migration.data_shape",
        S::Requirements,
        "Shape of the data to migrate",
        K::Choices(&DataShape::SET),
        Opt,
    ),
    q(
        "requirements.migration.replication",
        S::Requirements,
        "Replication options considered for the migration",
        K::Text,
        Opt,
    ),
    q("requirements.migration.plan", S::Requirements, "Migration plan summary", K::Text, Opt),
    q(
        "requirements.security.data_classification",
        S::Requirements,
        "Data classification (personal, confidential, regulated data)",
        K::Text,
        Rec,
    )
    .asking("Which kinds of data does the solution hold: personal, confidential, regulated?"),
    q("requirements.security.authentication", S::Requirements, "Authentication (users and services)", K::Text, Req)
        .asking("How do users and services authenticate, today and on Azure?"),
    q("requirements.security.authorization", S::Requirements, "Authorization model", K::Text, Rec)
        .asking("Once a user is signed in, how is access controlled: roles, tenants, permissions per resource?"),
    q(
        "requirements.security.network",
        S::Requirements,
        "Network security (private endpoints, firewalls, WAF, DDoS)",
        K::Text,
        Rec,
    )
    .asking("How is the network protected: private endpoints, firewalls, a WAF, DDoS protection?"),
    q(
        "requirements.governance.regulations",
        S::Requirements,
        "Regulations and standards that apply",
        K::Choices(&Regulation::SET),
        Rec,
    )
    .asking("Which regulations and standards apply to the solution (GDPR, HIPAA, PCI DSS, SOC 2, ISO 27001, FedRAMP)?"),
    q("requirements.governance.data_residency", S::Requirements, "Data residency constraints", K::Text, Opt),
    q("requirements.governance.notes", S::Requirements, "Governance and compliance notes", K::Text, Opt),
    q("requirements.usage.pattern", S::Requirements, "Usage pattern", K::Choice(&UsagePattern::SET), Req)
        .asking("When is the solution used: office hours, around the clock by consumers, or both?"),
    q("requirements.usage.geographies", S::Requirements, "Where are your users?", K::List, Rec)
        .asking("In which countries or regions are your users?"),
    q(
        "requirements.usage.peak_concurrent_users",
        S::Requirements,
        "Peak concurrent users",
        K::Number { unit: "users" },
        Opt,
    ),
    q(
        "readiness.team_experience",
        S::Readiness,
        "Does your technical team already have cloud experience?",
        K::Choices(&CloudExperience::SET),
        Req,
    )
    .asking("Which clouds has the technical team worked with, or is this its first cloud project?"),
    q(
        "readiness.application_status",
        S::Readiness,
        "Is the application new (greenfield), or migrating from another cloud or from on-premises?",
        K::Choice(&ApplicationStatus::SET),
        Req,
    )
    .asking("Is this a new application, or is it moving from another cloud or from on premises?"),
    q(
        "readiness.advisory_areas",
        S::Readiness,
        "In which Azure areas do you specifically need advisory?",
        K::Choices(&AdvisoryArea::SET),
        Req,
    )
    .asking(
        "In which Azure areas do you most need advice: architecture, networking, security, resilience, data \
         migration, DevOps, Kubernetes, cost?",
    ),
    q(
        "readiness.pain_points",
        S::Readiness,
        "Pain points, challenges and issues in your cloud journey so far",
        K::List,
        Rec,
    )
    .asking("What has been hardest in your cloud journey so far?"),
    q("readiness.expectations", S::Readiness, "Expectations for this project", K::Text, Req)
        .asking("What must this project deliver for you to call it a success?"),
    q("schedule.go_live", S::Schedule, "Target go-live or most important deadline", K::Date, Rec)
        .asking("What is the target go-live date, or the most important deadline?"),
    q("schedule.next_meeting", S::Schedule, "Proposed date of the next meeting", K::Date, Opt),
    q("schedule.milestones", S::Schedule, "Project milestones", K::Table(&MILESTONES), Rec)
        .asking("Which milestones lie between now and go-live, and when?"),
    q("technology.azure_services", S::Technology, "Azure services already in use", K::List, Rec)
        .asking("Which Azure services do you already use, if any?"),
    q("technology.languages", S::Technology, "Programming languages and frameworks", K::List, Req)
        .asking("Which programming languages and frameworks is the solution built with?"),
    q("technology.compute_approach", S::Technology, "Compute approach", K::Choices(&ComputeApproach::SET), Req).asking(
        "How will the solution's compute run on Azure: virtual machines, web apps, functions, Kubernetes or \
             other containers?",
    ),
    q("technology.operating_systems", S::Technology, "Operating systems (Linux distributions, Windows)", K::List, Rec)
        .asking("Which operating systems do the workloads run on (Linux distributions, Windows versions)?"),
    q(
        "technology.operations.iac",
        S::Technology,
        "Infrastructure as code (ARM, Bicep, Terraform, imperative scripts)",
        K::List,
        Rec,
    )
    .asking("How is infrastructure provisioned today: ARM, Bicep, Terraform, scripts, or by hand?"),
    q(
        "technology.operations.config_management",
        S::Technology,
        "Configuration and image tooling (Chef, Puppet, Ansible, Packer)",
        K::List,
        Opt,
    ),
    q("technology.operations.ci_cd", S::Technology, "CI/CD (Azure DevOps, GitHub Actions, Jenkins)", K::List, Rec)
        .asking("How are builds and deployments automated (Azure DevOps, GitHub Actions, Jenkins)?"),
    q(
        "technology.operations.kubernetes_cncf",
        S::Technology,
        "Kubernetes and CNCF tooling (NGINX, service mesh, Linkerd, Helm, GitOps)",
        K::List,
        Opt,
    ),
    q("technology.operations.monitoring", S::Technology, "Monitoring (Log Analytics, Prometheus)", K::List, Rec)
        .asking("Which monitoring tooling do you use (Azure Monitor, Log Analytics, Prometheus)?"),
    q(
        "technology.operations.apm",
        S::Technology,
        "Application performance management (Application Insights, New Relic, Datadog)",
        K::List,
        Rec,
    )
    .asking("Which application performance management tool do you use (Application Insights, New Relic, Datadog)?"),
    q("technology.data.relational", S::Technology, "Relational databases", K::List, Opt),
    q("technology.data.nosql", S::Technology, "NoSQL databases", K::List, Opt),
    q("technology.data.big_data", S::Technology, "Big data (data lake, data warehouse, ETL)", K::List, Opt),
    q("technology.data.messaging", S::Technology, "Messaging and eventing (Service Bus, RabbitMQ)", K::List, Opt),
    q("technology.data.event_streaming", S::Technology, "Event streaming (Event Hubs, Kafka)", K::List, Opt),
    q(
        "technology.authentication",
        S::Technology,
        "Authentication and sign-in (Entra ID / Azure AD B2C, Okta/Auth0, social sign-in, self-implemented)",
        K::List,
        Rec,
    )
    .asking(
        "How do users sign in: Entra ID or Azure AD B2C, Okta or Auth0, social sign-in, or a self-implemented \
         login?",
    ),
    q(
        "engagements",
        S::Engagements,
        "Engagements you request: type, focus area, priority and success criteria",
        K::Table(&ENGAGEMENTS),
        Req,
    )
    .asking(
        "Which engagement do you want from the program (an architecture design session, a review, a focused review \
         or a deep dive), on which topic, and what would make it a success?",
    ),
];

/// The question whose dotted key is `key`.
///
/// ```
/// use discovery::profile::catalogue::{question, Importance};
/// let q = question("requirements.availability.multi_zone").unwrap();
/// assert_eq!(q.importance, Importance::Required);
/// assert!(question("requirements.availability.multizone").is_none());
/// ```
pub fn question(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

/// Splits a table cell's key `engagements[1].success_criteria` into the table's key, the row index and
/// the field; any other key comes back whole.
///
/// ```
/// use discovery::profile::catalogue::split_key;
/// assert_eq!(split_key("engagements[1].priority"), ("engagements", Some(1), Some("priority")));
/// assert_eq!(split_key("meta.company_name"), ("meta.company_name", None, None));
/// ```
pub fn split_key(key: &str) -> (&str, Option<usize>, Option<&str>) {
    let Some((base, rest)) = key.split_once('[') else {
        return (key, None, None);
    };
    let Some((index, rest)) = rest.split_once(']') else {
        return (key, None, None);
    };
    let Ok(index) = index.parse() else {
        return (key, None, None);
    };
    let field = rest.strip_prefix('.').filter(|f| !f.is_empty());
    if question(base).is_none() {
        return (key, None, None);
    }
    (base, Some(index), field)
}

/// The answer type behind a dotted key: a question's, or a table column's (`engagements[1].priority`).
pub fn kind_of(key: &str) -> Option<AnswerKind> {
    match split_key(key) {
        (base, None, None) => question(base).map(|q| q.kind),
        (base, Some(_), Some(field)) => TABLES.iter().find(|t| t.key == base)?.column(field).map(|c| c.kind),
        _ => None,
    }
}

/// The question key nearest to a misspelled one (`requirements.availability.multizone`), for a "did you
/// mean" hint; `None` when nothing is close.
///
/// ```
/// use discovery::profile::catalogue::closest_key;
/// assert_eq!(closest_key("requirements.availability.multizone"), Some("requirements.availability.multi_zone"));
/// assert_eq!(closest_key("colour"), None);
/// ```
pub fn closest_key(key: &str) -> Option<&'static str> {
    QUESTIONS
        .iter()
        .map(|q| (strsim::jaro_winkler(q.key, key), q.key))
        .filter(|(score, _)| *score > 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// What a reader calls a key: the question's text, or for a table cell the sheet, the item (counted from
/// 1) and the column: `Engagements sheet, item 2, Priority`. Unknown keys come back as they are.
///
/// ```
/// use discovery::profile::catalogue::describe_key;
/// assert_eq!(describe_key("engagements[1].priority"), "Engagements sheet, item 2, Priority");
/// assert_eq!(describe_key("engagements[1]"), "Engagements sheet, item 2");
/// assert_eq!(describe_key("meta.company_name"), "Company (ISV) name");
/// ```
pub fn describe_key(key: &str) -> String {
    if let (base, Some(row), field) = split_key(key) {
        if let Some(table) = TABLES.iter().find(|t| t.key == base) {
            return match field.and_then(|f| table.column(f)) {
                Some(column) => format!("{} sheet, item {}, {}", table.sheet, row + 1, column.header),
                None => format!("{} sheet, item {}", table.sheet, row + 1),
            };
        }
    }
    question(key).map_or_else(|| key.to_owned(), |q| q.text.to_owned())
}

/// The questions of the Profile sheet: every question that is not a table.
pub fn profile_sheet_questions() -> impl Iterator<Item = &'static Question> {
    QUESTIONS.iter().filter(|q| !matches!(q.kind, AnswerKind::Table(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_catalogue_has_unique_keys_and_every_table_once() {
        let tables = QUESTIONS.iter().filter(|q| matches!(q.kind, AnswerKind::Table(_))).count();
        assert_eq!(tables, TABLES.len());
        assert_eq!(profile_sheet_questions().count() + TABLES.len(), QUESTIONS.len());
        let keys: BTreeSet<&str> = QUESTIONS.iter().map(|q| q.key).collect();
        assert_eq!(keys.len(), QUESTIONS.len(), "a key is listed twice");
        let texts: BTreeSet<String> = QUESTIONS.iter().map(|q| q.text.to_lowercase()).collect();
        assert_eq!(texts.len(), QUESTIONS.len(), "two questions read the same");
    }

    #[test]
    fn every_key_starts_with_its_section() {
        for q in QUESTIONS {
            assert_eq!(q.key.split('.').next(), Some(q.section.id()), "{}", q.key);
        }
    }

    #[test]
    fn follow_ups_are_questions_and_asking_falls_back_to_the_catalogue_words() {
        for q in QUESTIONS {
            if let Some(follow_up) = q.follow_up {
                assert!(follow_up.ends_with('?'), "{}: {follow_up}", q.key);
                assert_eq!(q.ask(), follow_up, "{}", q.key);
            }
        }
        // A question without its own follow-up is asked in the catalogue's words.
        assert_eq!(question("solution.demo_available").unwrap().ask(), "Can you show a (quick) demo in the session?");
        assert_eq!(
            question("requirements.migration.plan").unwrap().ask(),
            "Can you fill in \"Migration plan summary\"?"
        );
    }

    #[test]
    fn every_table_is_a_question() {
        for table in TABLES {
            let q = question(table.key).unwrap();
            assert_eq!(q.kind, AnswerKind::Table(table));
        }
    }
}
