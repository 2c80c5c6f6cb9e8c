//! The reference of every diagnostic code and gap rule, generated from the tables in the code so that it
//! cannot drift: this test fails when `docs/reference.md` differs, and refreshes it with
//! `UPDATE_REFERENCE=1 cargo test --test main reference`.

use std::fmt::Write;

use discovery::analyse::RULES;
use discovery::Code;

use crate::crate_file;

fn generate() -> String {
    let mut out = String::new();
    out.push_str("# Reference: diagnostic codes and gap rules\n\n");
    out.push_str("Generated from the code's own tables (`discovery::Code` and `discovery::analyse::RULES`) by\n");
    out.push_str(
        "`UPDATE_REFERENCE=1 cargo test --test main reference`; a test fails when this file is out of date.\n\n",
    );
    out.push_str("## Diagnostic codes\n\n");
    out.push_str(
        "A diagnostic is about one answer or the shape of the workbook. Errors make `check` and `import` exit 1;\n",
    );
    out.push_str("warnings and infos do not.\n\n");
    out.push_str("| code | severity | meaning | example | how to fix |\n| --- | --- | --- | --- | --- |\n");
    for code in Code::ALL {
        let info = code.info();
        writeln!(
            out,
            "| `{}` | {} | {} | `{}` | {} |",
            info.id,
            info.severity,
            cell(info.meaning),
            info.example.replace('|', "\\|"),
            cell(info.fix)
        )
        .unwrap();
    }
    out.push_str("\n## Gap rules\n\n");
    out.push_str("A gap is something the lead engineer must chase before or in the discovery session.\n\n");
    out.push_str("| id | severity | fires when | example | what resolves it |\n| --- | --- | --- | --- | --- |\n");
    for rule in RULES {
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            rule.id,
            rule.severity.as_str(),
            cell(rule.fires_when),
            cell(rule.example),
            cell(rule.fix)
        )
        .unwrap();
    }
    out
}

fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

#[test]
fn the_reference_documents_every_code_and_rule_as_the_code_has_them() {
    let generated = generate();
    let path = crate_file("docs/reference.md");
    if std::env::var_os("UPDATE_REFERENCE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/reference.md is out of date; refresh it with: UPDATE_REFERENCE=1 cargo test --test main reference"
    );
    for code in Code::ALL {
        assert!(on_disk.contains(&format!("| `{}` |", code.as_str())));
    }
    for rule in RULES {
        assert!(on_disk.contains(&format!("| `{}` |", rule.id)));
    }
}
