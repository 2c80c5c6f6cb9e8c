//! The closed answer sets of the questionnaire: yes/no/planned and every choice question's options.
//!
//! Each set is a snake_case enum whose variants carry the human label the template prints and the report
//! shows. The [`Choice`] trait gives generic code (import, template, report) the options as data, so a new
//! option is added in exactly one place: the `choice_enum!` invocation below.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One option of a choice question: the value stored in the profile and the label people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChoiceOption {
    /// The snake_case value written to the profile JSON (`azure`).
    pub value: &'static str,
    /// The label shown in the template's drop-down and in the report (`Microsoft Azure`).
    pub label: &'static str,
}

/// A closed set of options as a question's answer type holds it: the options, and how messages name one of
/// them and several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChoiceSet {
    /// One option, with its article, as a message names it: `a hosting option`.
    pub noun: &'static str,
    /// Several options: `hosting options`.
    pub plural: &'static str,
    /// The options, in the order the questionnaire lists them.
    pub options: &'static [ChoiceOption],
}

impl ChoiceSet {
    /// A set of `options` named `noun` (with its article) and `plural`.
    pub const fn new(noun: &'static str, plural: &'static str, options: &'static [ChoiceOption]) -> ChoiceSet {
        ChoiceSet { noun, plural, options }
    }
}

/// The label of the option whose value is `value` in `options`, or `value` itself when the set lacks it.
///
/// ```
/// use discovery::profile::{label_of, Choice, Hosting};
/// assert_eq!(label_of(Hosting::OPTIONS, "gcp"), "Google Cloud");
/// assert_eq!(label_of(Hosting::OPTIONS, "mainframe"), "mainframe");
/// ```
pub fn label_of<'a>(options: &'static [ChoiceOption], value: &'a str) -> &'a str {
    options.iter().find(|o| o.value == value).map_or(value, |o| o.label)
}

/// A closed set of answers with a stable snake_case value and a human label per option.
pub trait Choice: Sized + Copy + 'static {
    /// Every option, in the order the questionnaire lists them.
    const OPTIONS: &'static [ChoiceOption];
    /// Every variant, in the same order as [`Choice::OPTIONS`].
    const ALL: &'static [Self];
    /// The options with the nouns messages name them by.
    const SET: ChoiceSet;

    /// The position of this variant in [`Choice::ALL`].
    fn index(self) -> usize;

    /// The snake_case value, as written to the profile JSON.
    fn value(self) -> &'static str {
        Self::OPTIONS[self.index()].value
    }

    /// The human label.
    fn label(self) -> &'static str {
        Self::OPTIONS[self.index()].label
    }

    /// The variant whose snake_case value is `value`, exactly.
    fn from_value(value: &str) -> Option<Self> {
        Self::OPTIONS.iter().position(|o| o.value == value).map(|i| Self::ALL[i])
    }
}

macro_rules! choice_enum {
    ($(#[$meta:meta])* pub enum $name:ident ($noun:literal, $plural:literal) { $($variant:ident = ($value:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = $label] #[serde(rename = $value)] $variant),+
        }

        impl Choice for $name {
            const OPTIONS: &'static [ChoiceOption] = &[$(ChoiceOption { value: $value, label: $label }),+];
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const SET: ChoiceSet = ChoiceSet::new($noun, $plural, Self::OPTIONS);

            fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

choice_enum! {
    /// A yes/no question's answer, with "planned" for what is on the roadmap.
    pub enum YesNo ("an answer of yes, no or planned", "answers of yes, no or planned") {
        Yes = ("yes", "Yes"),
        No = ("no", "No"),
        Planned = ("planned", "Planned"),
    }
}

choice_enum! {
    /// How the solution is sold and deployed.
    pub enum CommercialModel ("a commercial model", "commercial models") {
        Saas = ("saas", "Software as a service"),
        CustomerHosted = ("customer_hosted", "Hosted by the customer"),
        ManagedInCustomerSubscription = ("managed_in_customer_subscription", "Managed application in the customer's subscription"),
        Marketplace = ("marketplace", "Sold through a marketplace"),
        Other = ("other", "Other"),
    }
}

choice_enum! {
    /// Where the solution is hosted today.
    pub enum Hosting ("a hosting option", "hosting options") {
        Azure = ("azure", "Azure"),
        Aws = ("aws", "AWS"),
        Gcp = ("gcp", "Google Cloud"),
        OtherCloud = ("other_cloud", "Another cloud"),
        OnPremises = ("on_premises", "On premises"),
        Hybrid = ("hybrid", "Hybrid"),
        NotYetHosted = ("not_yet_hosted", "Not yet hosted"),
    }
}

choice_enum! {
    /// The disaster recovery strategy.
    pub enum DrStrategy ("a disaster recovery strategy", "disaster recovery strategies") {
        None = ("none", "None"),
        BackupRestore = ("backup_restore", "Backup and restore"),
        PilotLight = ("pilot_light", "Pilot light"),
        WarmStandby = ("warm_standby", "Warm standby"),
        ActiveActive = ("active_active", "Active-active"),
    }
}

choice_enum! {
    /// Cross-cloud portability versus best-of-breed platform services.
    pub enum PortabilityStrategy ("a portability strategy", "portability strategies") {
        MultiCloudPortable = ("multi_cloud_portable", "Portable across clouds"),
        BestOfBreedPaas = ("best_of_breed_paas", "Best-of-breed PaaS services"),
        Mixed = ("mixed", "Mixed"),
    }
}

choice_enum! {
    /// The shape of data to migrate.
    pub enum DataShape ("a data shape", "data shapes") {
        Relational = ("relational", "Relational"),
        Documents = ("documents", "Documents"),
        KeyValue = ("key_value", "Key-value"),
        Files = ("files", "Files"),
        TimeSeries = ("time_series", "Time series"),
        Graph = ("graph", "Graph"),
        Other = ("other", "Other"),
    }
}

choice_enum! {
    /// A regulation or standard that applies.
    pub enum Regulation ("a listed regulation or standard", "listed regulations or standards") {
        Gdpr = ("gdpr", "GDPR"),
        Hipaa = ("hipaa", "HIPAA"),
        PciDss = ("pci_dss", "PCI DSS"),
        Soc2 = ("soc2", "SOC 2"),
        Iso27001 = ("iso27001", "ISO 27001"),
        Fedramp = ("fedramp", "FedRAMP"),
        Other = ("other", "Other"),
    }
}

choice_enum! {
    /// When users use the solution.
    pub enum UsagePattern ("a usage pattern", "usage patterns") {
        OfficeHours = ("office_hours", "Office hours"),
        Consumer24x7 = ("consumer_24x7", "Consumers, 24x7"),
        Mixed = ("mixed", "Mixed"),
    }
}

choice_enum! {
    /// The cloud experience a technical team already has.
    pub enum CloudExperience ("a cloud experience option", "cloud experience options") {
        Azure = ("azure", "Azure"),
        Aws = ("aws", "AWS"),
        Gcp = ("gcp", "Google Cloud"),
        OtherCloud = ("other_cloud", "Another cloud"),
        FirstCloudProject = ("first_cloud_project", "First cloud project"),
    }
}

choice_enum! {
    /// Whether the application is new or migrating, and from where.
    pub enum ApplicationStatus ("an application status", "application statuses") {
        Greenfield = ("greenfield", "New (greenfield)"),
        MigrateFromOtherCloud = ("migrate_from_other_cloud", "Migrating from another cloud"),
        MigrateFromOnPremises = ("migrate_from_on_premises", "Migrating from on premises"),
        AlreadyOnAzure = ("already_on_azure", "Already on Azure"),
    }
}

impl ApplicationStatus {
    /// Whether the application is moving from somewhere else.
    pub fn is_migration(self) -> bool {
        matches!(self, Self::MigrateFromOtherCloud | Self::MigrateFromOnPremises)
    }
}

choice_enum! {
    /// An Azure area in which the vendor wants advice.
    pub enum AdvisoryArea ("an advisory area", "advisory areas") {
        Architecture = ("architecture", "Architecture"),
        Networking = ("networking", "Networking"),
        Security = ("security", "Security"),
        Resilience = ("resilience", "Resilience and reliability"),
        DataMigration = ("data_migration", "Data migration"),
        Devops = ("devops", "Deployment automation, DevOps"),
        Kubernetes = ("kubernetes", "Kubernetes"),
        Cost = ("cost", "Cost"),
        Other = ("other", "Other"),
    }
}

choice_enum! {
    /// How the solution's compute runs.
    pub enum ComputeApproach ("a compute approach", "compute approaches") {
        IaasVms = ("iaas_vms", "IaaS, virtual machines"),
        PaasWeb = ("paas_web", "PaaS, web apps"),
        Faas = ("faas", "FaaS, functions"),
        Kubernetes = ("kubernetes", "Kubernetes"),
        OtherContainers = ("other_containers", "Other containers"),
    }
}

choice_enum! {
    /// The kind of a data store.
    pub enum DataStoreKind ("a data store kind", "data store kinds") {
        Relational = ("relational", "Relational database"),
        Nosql = ("nosql", "NoSQL database"),
        Cache = ("cache", "Cache"),
        ObjectStorage = ("object_storage", "Object storage"),
        FileStorage = ("file_storage", "File storage"),
        DataWarehouse = ("data_warehouse", "Data warehouse"),
        Search = ("search", "Search"),
        Other = ("other", "Other"),
    }
}

choice_enum! {
    /// The kind of engagement requested from the partner program's engineers.
    pub enum EngagementType ("an engagement type", "engagement types") {
        ArchitectureDesignSession = ("architecture_design_session", "Architecture design session"),
        ArchitectureReview = ("architecture_review", "Architecture review"),
        FocusedReview = ("focused_review", "Focused review"),
        DeepDive = ("deep_dive", "Deep dive"),
    }
}

choice_enum! {
    /// The focus area of an engagement.
    pub enum FocusArea ("a focus area", "focus areas") {
        Security = ("security", "Security"),
        Resilience = ("resilience", "Resilience and reliability"),
        Networking = ("networking", "Networking"),
        DataMigration = ("data_migration", "Data migration"),
        Devops = ("devops", "Deployment automation, DevOps"),
        Kubernetes = ("kubernetes", "Kubernetes"),
        Cost = ("cost", "Cost"),
        Other = ("other", "Other"),
    }
}

choice_enum! {
    /// How urgent an engagement is.
    pub enum Priority ("a priority", "priorities") {
        High = ("high", "High"),
        Medium = ("medium", "Medium"),
        Low = ("low", "Low"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_serde() {
        for (i, option) in Hosting::OPTIONS.iter().enumerate() {
            let json = serde_json::to_string(&Hosting::ALL[i]).unwrap();
            assert_eq!(json, format!("\"{}\"", option.value));
            assert_eq!(Hosting::from_value(option.value), Some(Hosting::ALL[i]));
        }
        assert_eq!(YesNo::Planned.label(), "Planned");
        assert_eq!(Hosting::from_value("Azure"), None);
        assert_eq!(serde_json::to_value(UsagePattern::Consumer24x7).unwrap(), "consumer_24x7");
    }
}
