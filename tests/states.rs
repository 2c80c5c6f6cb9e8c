//! Answers read the way vendors mean them, checked as a program office would: the sample questionnaire
//! changed the way vendors change it, written as a workbook, imported, and its profile JSON imported again.
//! "None yet" for a 24x7 service's monitoring is a gap that quotes those words, in the workbook and in its
//! JSON alike; the report shows the answer as "None"; the template tells vendors to write it.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use discovery::analyse::{Gap, RuleId};
use discovery::profile::{ComputeApproach, Profile, RecordedState, Regulation, UsagePattern, YesNo};
use discovery::template::{write_filled, write_template, TemplateOptions};
use discovery::{Checked, Code, Converter};
use serde_json::json;

use crate::crate_file;
use crate::render::{text, write_pdf};

fn sample() -> Profile {
    serde_json::from_str(&std::fs::read_to_string(crate_file("samples/fabrikam-routewise.json")).unwrap()).unwrap()
}

/// The sample with `typed` written into the answer cells of their keys, as a vendor types them: the value
/// is taken out and the text recorded, which `write_filled` writes into the cell verbatim. The state
/// recorded only steers the writer; the importer decides what the text means.
fn typed(profile: Profile, typed: &[(&str, &str)]) -> Profile {
    let mut json = serde_json::to_value(profile).unwrap();
    for (key, text) in typed {
        let (parents, last) = key.rsplit_once('.').unwrap();
        let parent = parents.split('.').fold(&mut json, |node, segment| &mut node[segment]);
        parent.as_object_mut().unwrap().remove(last);
        json["answer_states"][*key] = json!({ "state": "invalid", "raw": text });
    }
    serde_json::from_value(json).unwrap()
}

/// The profile written as a workbook and checked, and the profile JSON that import gives checked again:
/// both must report the same gaps.
fn check_both_ways(profile: &Profile) -> Checked {
    let converter = Converter::new();
    let workbook = write_filled(profile, &TemplateOptions::default()).unwrap();
    let from_workbook = converter.check_bytes(&workbook, "returned.xlsx").unwrap();
    let json = serde_json::to_vec_pretty(&from_workbook.imported.profile).unwrap();
    let from_json = converter.check_bytes(&json, "returned.json").unwrap();
    assert_eq!(from_json.analysis.gaps, from_workbook.analysis.gaps, "the workbook and its JSON differ");
    assert_eq!(from_json.analysis.completeness, from_workbook.analysis.completeness);
    from_workbook
}

fn gap(checked: &Checked, id: RuleId) -> &Gap {
    let found: Vec<&Gap> = checked.analysis.gaps.iter().filter(|g| g.id == id).collect();
    assert_eq!(found.len(), 1, "{id}: {:#?}", checked.analysis.gaps);
    found[0]
}

#[test]
fn a_24x7_service_with_monitoring_and_apm_none_yet_has_both_always_on_gaps_quoting_the_vendor() {
    let mut profile = sample();
    profile.requirements.usage.pattern = Some(UsagePattern::Consumer24x7);
    let profile = typed(
        profile,
        &[("technology.operations.monitoring", "None yet"), ("technology.operations.apm", "None yet, planned for Q3")],
    );
    let checked = check_both_ways(&profile);
    let monitoring = gap(&checked, RuleId::AlwaysOnWithoutMonitoring);
    assert_eq!(
        monitoring.detail,
        "Usage pattern is \"Consumers, 24x7\", but no monitoring tooling is named (monitoring is answered \"None yet\")."
    );
    assert_eq!(monitoring.keys, ["requirements.usage.pattern", "technology.operations.monitoring"]);
    let apm = gap(&checked, RuleId::AlwaysOnWithoutApm);
    assert!(apm.detail.ends_with("(APM is answered \"None yet, planned for Q3\")."), "{}", apm.detail);

    // The profile keeps the state with the text as written, and the explanation in the notes.
    let profile = &checked.imported.profile;
    let state = &profile.answer_states["technology.operations.monitoring"];
    assert_eq!((state.state, state.raw.as_str()), (RecordedState::None, "None yet"));
    assert_eq!(profile.technology.operations.monitoring, None, "\"None yet\" is no monitoring tool");
    assert_eq!(profile.notes["technology.operations.apm"], "planned for Q3");
    let json = serde_json::to_string(profile).unwrap();
    assert!(json.contains(r#""technology.operations.monitoring":{"state":"none","raw":"None yet"}"#), "{json}");

    // Answered, so no missing-recommended gap, and completeness is that of the sample.
    assert!(checked.analysis.gaps.iter().all(|g| g.id != RuleId::MissingRecommended), "{:#?}", checked.analysis.gaps);
    let original = Converter::new().check(crate_file("samples/fabrikam-routewise.json")).unwrap();
    assert_eq!(checked.analysis.completeness.overall, original.analysis.completeness.overall);
}

#[test]
fn no_monitoring_yet_in_the_vendors_own_words_fires_too() {
    let mut profile = sample();
    profile.requirements.usage.pattern = Some(UsagePattern::Consumer24x7);
    let profile = typed(
        profile,
        &[
            ("technology.operations.monitoring", "No monitoring yet"),
            ("technology.operations.apm", "No dedicated APM tool"),
        ],
    );
    let checked = check_both_ways(&profile);
    assert!(gap(&checked, RuleId::AlwaysOnWithoutMonitoring)
        .detail
        .ends_with("(monitoring is answered \"No monitoring yet\")."));
    assert!(gap(&checked, RuleId::AlwaysOnWithoutApm).detail.ends_with("(APM is answered \"No dedicated APM tool\")."));
}

/// How vendors write that there is nothing, each with the detail's quote of it.
const NOTHING: &[(&str, &str)] = &[
    ("None yet", "answered \"None yet\""),
    ("No", "answered \"No\""),
    ("None", "answered \"None\""),
    ("N/A - not yet", "not applicable (\"N/A - not yet\")"),
    ("not used", "answered \"not used\""),
];

#[test]
fn zero_downtime_without_replication_fires_for_every_way_of_writing_nothing() {
    for (text, quoted) in NOTHING {
        let mut profile = sample();
        profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
        let checked = check_both_ways(&typed(profile, &[("requirements.migration.replication", text)]));
        let gap = gap(&checked, RuleId::ZeroDowntimeWithoutReplication);
        assert!(gap.detail.contains(&format!("(replication is {quoted})")), "{text}: {}", gap.detail);
    }
}

#[test]
fn kubernetes_without_tooling_fires_for_every_way_of_writing_nothing() {
    for (text, quoted) in NOTHING {
        let profile = sample();
        assert!(profile.technology.compute_approach.as_ref().unwrap().contains(&ComputeApproach::Kubernetes));
        let checked = check_both_ways(&typed(profile, &[("technology.operations.kubernetes_cncf", text)]));
        let gap = gap(&checked, RuleId::KubernetesWithoutTooling);
        assert!(gap.detail.contains(&format!("(it is {quoted})")), "{text}: {}", gap.detail);
    }
}

#[test]
fn regulated_without_security_fires_for_every_way_of_writing_nothing() {
    for (text, quoted) in NOTHING {
        let mut profile = sample();
        profile.requirements.governance.regulations = Some(vec![Regulation::Hipaa]);
        let profile =
            typed(profile, &[("requirements.security.authentication", text), ("requirements.security.network", text)]);
        let checked = check_both_ways(&profile);
        let gap = gap(&checked, RuleId::RegulatedWithoutSecurity);
        assert_eq!(
            gap.detail,
            format!("HIPAA applies, but authentication is {quoted} and network security is {quoted}."),
            "{text}"
        );
        assert!(checked.analysis.gaps.iter().all(|g| g.id != RuleId::MissingRequired), "{text}");
    }
}

#[test]
fn gdpr_without_residency_fires_for_every_way_of_writing_nothing() {
    for (text, quoted) in NOTHING {
        let profile = sample();
        assert!(profile.requirements.governance.regulations.as_ref().unwrap().contains(&Regulation::Gdpr));
        let checked = check_both_ways(&typed(profile, &[("requirements.governance.data_residency", text)]));
        assert_eq!(
            gap(&checked, RuleId::GdprWithoutResidency).detail,
            format!("GDPR applies, but data residency is {quoted}.")
        );
    }
}

#[test]
fn a_sentence_that_begins_with_no_is_an_answer() {
    let profile = typed(sample(), &[("requirements.governance.data_residency", "No personal data leaves the EU")]);
    let checked = check_both_ways(&profile);
    assert!(checked.analysis.gaps.iter().all(|g| g.id != RuleId::GdprWithoutResidency));
    assert_eq!(
        checked.imported.profile.requirements.governance.data_residency.as_deref(),
        Some("No personal data leaves the EU")
    );
}

#[test]
fn answers_in_the_vendors_words_read_as_meant() {
    let profile = typed(
        sample(),
        &[
            ("architecture.current_hosting", "Azur"),
            ("requirements.usage.pattern", "24x7 consumers"),
            ("requirements.availability.multi_zone", "Ja, in drei Zonen"),
            ("requirements.availability.multi_region", "Nee"),
            ("requirements.availability.sla_target_percent", "0.999"),
            ("technology.compute_approach", "Kubernetes\nweb apps PaaS"),
        ],
    );
    let checked = check_both_ways(&profile);
    let profile = &checked.imported.profile;
    assert_eq!(profile.requirements.usage.pattern, Some(UsagePattern::Consumer24x7));
    assert_eq!(profile.requirements.availability.multi_zone, Some(YesNo::Yes));
    assert!(profile.notes["requirements.availability.multi_zone"].starts_with("in drei Zonen"));
    assert_eq!(profile.requirements.availability.multi_region, Some(YesNo::No));
    assert_eq!(profile.requirements.availability.sla_target_percent.map(|p| p.get()), Some(99.9));
    assert_eq!(profile.technology.compute_approach, Some(vec![ComputeApproach::Kubernetes, ComputeApproach::PaasWeb]));
    let lines: Vec<String> = checked.imported.diagnostics.iter().map(|d| d.to_string()).collect();
    let hosting = lines.iter().find(|l| l.contains("\"Azur\"")).expect("Azur is flagged");
    assert!(hosting.ends_with("is not a hosting option; did you mean \"Azure\"?"), "{hosting}");
    let sla = checked.imported.diagnostics.iter().find(|d| d.code == Code::PercentFraction).expect("a warning");
    assert_eq!(sla.location.as_ref().map(|l| l.reference()), profile.sources.get(sla.key.as_deref().unwrap()).cloned());
    assert_eq!(sla.message, "\"0.999\" read as 99.9 %, a fraction of 1");
}

#[test]
fn the_report_shows_a_none_answer_as_none_with_the_text_as_written() {
    let mut profile = sample();
    profile.requirements.usage.pattern = Some(UsagePattern::Consumer24x7);
    let checked = check_both_ways(&typed(profile, &[("technology.operations.monitoring", "None yet")]));
    let rendered = Converter::new().report(&checked).unwrap();
    let path = write_pdf("none-answer.pdf", &rendered.pdf);
    let Some(text) = text(&path, &[]) else { return };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let question = text.find("Monitoring (Log Analytics, Prometheus)").expect("the monitoring question");
    let answer = &text[question..];
    assert!(answer.contains("None (written “None yet”)"), "{}", &answer[..answer.len().min(300)]);
    assert!(text.contains("monitoring is answered \"None yet\""), "the gap quotes the vendor");
}

#[test]
fn the_template_tells_vendors_to_write_none_na_or_tbd() {
    let bytes = write_template(&TemplateOptions::default()).unwrap();
    assert_eq!(bytes, write_template(&TemplateOptions::default()).unwrap(), "the same bytes every time");
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let instructions = workbook.worksheet_range("Instructions").unwrap();
    let texts: Vec<&str> = instructions
        .used_cells()
        .filter_map(|(_, _, c)| if let Data::String(s) = c { Some(s.as_str()) } else { None })
        .collect();
    let bullet = texts.iter().find(|t| t.contains("Write None where there is nothing")).expect("the None bullet");
    for word in ["N/A where a question does not apply", "TBD where you do not know yet", "None yet, planned for Q3"] {
        assert!(bullet.contains(word), "{bullet}");
    }
}
