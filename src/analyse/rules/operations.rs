//! Operations and tooling: a service used around the clock without monitoring
//! (`always-on-without-monitoring`) or, for consumers 24x7, without APM (`always-on-without-apm`), and
//! Kubernetes without named tooling (`kubernetes-without-tooling`).

use super::context::{APM, COMPUTE_APPROACH, KUBERNETES_TOOLING, MONITORING, USAGE_PATTERN};
use super::{Context, Finding};
use crate::profile::{Choice, ComputeApproach, UsagePattern};

/// `always-on-without-monitoring`: always-on service without monitoring.
pub(super) fn always_on_without_monitoring(context: &Context<'_>) -> Vec<Finding> {
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

/// `always-on-without-apm`: 24x7 consumer service without APM.
pub(super) fn always_on_without_apm(context: &Context<'_>) -> Vec<Finding> {
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

/// `kubernetes-without-tooling`: Kubernetes without named tooling.
pub(super) fn kubernetes_without_tooling(context: &Context<'_>) -> Vec<Finding> {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{keys, one, quiet, record, source};
    use super::*;
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::RecordedState;

    #[test]
    fn always_on_without_monitoring_fires_even_when_monitoring_is_not_applicable() {
        let mut profile = fabrikam();
        profile.technology.operations.monitoring = None;
        record(&mut profile, MONITORING, RecordedState::NotApplicable, "none");
        source(&mut profile, USAGE_PATTERN, "Profile!D51");
        source(&mut profile, MONITORING, "Profile!D73");
        let gap = one(&profile, RuleId::AlwaysOnWithoutMonitoring);
        assert_eq!(keys(&gap), [USAGE_PATTERN, MONITORING]);
        assert_eq!(gap.locations, ["Profile!D51", "Profile!D73"]);
        assert_eq!(
            gap.detail,
            "Usage pattern is \"Mixed\", but no monitoring tooling is named (monitoring is not applicable (\"none\"))."
        );
    }

    #[test]
    fn always_on_rules_fire_when_monitoring_and_apm_are_answered_none() {
        let mut profile = fabrikam();
        profile.requirements.usage.pattern = Some(UsagePattern::Consumer24x7);
        profile.technology.operations.monitoring = None;
        profile.technology.operations.apm = None;
        record(&mut profile, MONITORING, RecordedState::None, "None yet");
        record(&mut profile, APM, RecordedState::None, "None yet, planned for Q3");
        let gap = one(&profile, RuleId::AlwaysOnWithoutMonitoring);
        assert_eq!(
            gap.detail,
            "Usage pattern is \"Consumers, 24x7\", but no monitoring tooling is named (monitoring is answered \"None yet\")."
        );
        let gap = one(&profile, RuleId::AlwaysOnWithoutApm);
        assert!(gap.detail.ends_with("(APM is answered \"None yet, planned for Q3\")."), "{}", gap.detail);
        quiet(&profile, RuleId::MissingRecommended);
    }

    #[test]
    fn kubernetes_without_tooling_fires_when_tooling_is_answered_none() {
        let mut profile = fabrikam();
        profile.technology.operations.kubernetes_cncf = None;
        record(&mut profile, KUBERNETES_TOOLING, RecordedState::None, "not used");
        let gap = one(&profile, RuleId::KubernetesWithoutTooling);
        assert!(gap.detail.contains("(it is answered \"not used\")"), "{}", gap.detail);
    }

    #[test]
    fn always_on_without_monitoring_is_quiet_in_office_hours() {
        let mut profile = fabrikam();
        profile.requirements.usage.pattern = Some(UsagePattern::OfficeHours);
        profile.technology.operations.monitoring = None;
        quiet(&profile, RuleId::AlwaysOnWithoutMonitoring);
        // The missing list is still a recommended answer.
        assert_eq!(one(&profile, RuleId::MissingRecommended).keys, [MONITORING]);
    }

    #[test]
    fn always_on_without_apm_fires_for_a_24x7_consumer_service() {
        let mut profile = fabrikam();
        profile.requirements.usage.pattern = Some(UsagePattern::Consumer24x7);
        profile.technology.operations.apm = None;
        let gap = one(&profile, RuleId::AlwaysOnWithoutApm);
        assert_eq!(keys(&gap), [USAGE_PATTERN, APM]);
        assert!(gap.detail.contains("(APM is missing)"), "{}", gap.detail);
        quiet(&profile, RuleId::MissingRecommended);
    }

    #[test]
    fn always_on_without_apm_is_quiet_for_a_mixed_pattern() {
        let mut profile = fabrikam();
        profile.technology.operations.apm = None;
        quiet(&profile, RuleId::AlwaysOnWithoutApm);
    }

    #[test]
    fn kubernetes_without_tooling_fires_when_no_tooling_is_named() {
        let mut profile = fabrikam();
        profile.technology.operations.kubernetes_cncf = None;
        let gap = one(&profile, RuleId::KubernetesWithoutTooling);
        assert_eq!(keys(&gap), [COMPUTE_APPROACH, KUBERNETES_TOOLING]);
        assert!(gap.detail.contains("(it is missing)"), "{}", gap.detail);
        assert!(gap.follow_up.contains("Helm"), "{}", gap.follow_up);
    }

    #[test]
    fn kubernetes_without_tooling_is_quiet_without_kubernetes() {
        let mut profile = fabrikam();
        profile.technology.compute_approach = Some(vec![ComputeApproach::PaasWeb]);
        profile.technology.operations.kubernetes_cncf = None;
        quiet(&profile, RuleId::KubernetesWithoutTooling);
    }
}
