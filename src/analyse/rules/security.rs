//! Security and governance: regulated data without stated security controls
//! (`regulated-without-security`), and GDPR without data residency (`gdpr-without-residency`).

use super::context::{AUTHENTICATION, DATA_RESIDENCY, NETWORK_SECURITY, REGULATIONS};
use super::{Context, Finding};
use crate::profile::{and_list, Choice, Regulation};

/// `regulated-without-security`: regulated data without stated security controls.
pub(super) fn regulated_without_security(context: &Context<'_>) -> Vec<Finding> {
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

/// `gdpr-without-residency`: GDPR without data residency.
pub(super) fn gdpr_without_residency(context: &Context<'_>) -> Vec<Finding> {
    let profile = context.profile;
    let regulations = profile.requirements.governance.regulations.as_deref().unwrap_or_default();
    if !regulations.contains(&Regulation::Gdpr) || !context.unnamed(DATA_RESIDENCY) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{keys, one, quiet, record};
    use super::*;
    use crate::analyse::samples::fabrikam;
    use crate::analyse::RuleId;
    use crate::profile::RecordedState;

    #[test]
    fn regulated_without_security_fires_for_hipaa_without_network_security() {
        let mut profile = fabrikam();
        profile.requirements.governance.regulations = Some(vec![Regulation::Gdpr, Regulation::Hipaa]);
        profile.requirements.security.network = None;
        let gap = one(&profile, RuleId::RegulatedWithoutSecurity);
        assert_eq!(keys(&gap), [REGULATIONS, NETWORK_SECURITY]);
        assert_eq!(gap.detail, "HIPAA applies, but network security is missing.");
        assert!(
            gap.follow_up.starts_with("For the data under HIPAA: how is the network protected"),
            "{}",
            gap.follow_up
        );
        quiet(&profile, RuleId::MissingRecommended);
    }

    #[test]
    fn regulated_without_security_is_quiet_for_gdpr_alone() {
        let mut profile = fabrikam();
        profile.requirements.security.network = None;
        quiet(&profile, RuleId::RegulatedWithoutSecurity);
        assert_eq!(one(&profile, RuleId::MissingRecommended).keys, [NETWORK_SECURITY]);
    }

    #[test]
    fn gdpr_without_residency_fires_and_names_the_regions() {
        let mut profile = fabrikam();
        profile.requirements.governance.data_residency = None;
        let gap = one(&profile, RuleId::GdprWithoutResidency);
        assert_eq!(keys(&gap), [REGULATIONS, DATA_RESIDENCY]);
        assert_eq!(gap.detail, "GDPR applies, but data residency is missing.");
        assert!(gap.follow_up.contains("(UK South, West Europe, North Europe)"), "{}", gap.follow_up);
    }

    #[test]
    fn gdpr_without_residency_fires_when_residency_is_not_applicable_or_none() {
        for (state, raw, described) in [
            (RecordedState::NotApplicable, "N/A", "not applicable (\"N/A\")"),
            (RecordedState::NotApplicable, "N/A - not yet", "not applicable (\"N/A - not yet\")"),
            (RecordedState::None, "None", "answered \"None\""),
            (RecordedState::None, "No constraints yet", "answered \"No constraints yet\""),
        ] {
            let mut profile = fabrikam();
            profile.requirements.governance.data_residency = None;
            record(&mut profile, DATA_RESIDENCY, state, raw);
            let gap = one(&profile, RuleId::GdprWithoutResidency);
            assert_eq!(gap.detail, format!("GDPR applies, but data residency is {described}."));
        }
    }

    #[test]
    fn gdpr_without_residency_is_quiet_when_residency_is_stated_or_gdpr_does_not_apply() {
        let mut profile = fabrikam();
        quiet(&profile, RuleId::GdprWithoutResidency);
        profile.requirements.governance.regulations = Some(vec![Regulation::Hipaa]);
        profile.requirements.governance.data_residency = None;
        record(&mut profile, DATA_RESIDENCY, RecordedState::None, "None");
        quiet(&profile, RuleId::GdprWithoutResidency);
    }

    #[test]
    fn regulated_without_security_quotes_a_none_answer() {
        let mut profile = fabrikam();
        profile.requirements.governance.regulations = Some(vec![Regulation::Hipaa]);
        profile.requirements.security.authentication = None;
        profile.requirements.security.network = None;
        record(&mut profile, AUTHENTICATION, RecordedState::None, "None yet");
        record(&mut profile, NETWORK_SECURITY, RecordedState::None, "not used");
        let gap = one(&profile, RuleId::RegulatedWithoutSecurity);
        assert_eq!(keys(&gap), [REGULATIONS, AUTHENTICATION, NETWORK_SECURITY]);
        assert_eq!(
            gap.detail,
            "HIPAA applies, but authentication is answered \"None yet\" and network security is answered \"not used\"."
        );
        // A none answer is answered: the generic missing gaps do not fire for it.
        quiet(&profile, RuleId::MissingRequired);
        quiet(&profile, RuleId::MissingRecommended);
    }
}
