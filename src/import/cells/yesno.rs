//! A yes/no answer: yes, no or planned, in the many ways vendors write them (`Y`, `x`, `✓`, `true`,
//! `on the roadmap`), with any explanation after the word moved to the notes.

use serde_json::Value;

use super::{leading, quote, Code, Finding, Outcome, Reading};

const YES_NO: &[(&str, &str, bool)] = &[
    ("yes", "yes", false),
    ("true", "yes", false),
    ("✓", "yes", false),
    ("✔", "yes", false),
    ("☑", "yes", false),
    ("✅", "yes", false),
    ("y", "yes", true),
    ("x", "yes", true),
    ("1", "yes", true),
    ("no", "no", false),
    ("false", "no", false),
    ("✗", "no", false),
    ("✘", "no", false),
    ("❌", "no", false),
    ("n", "no", true),
    ("0", "no", true),
    ("planned", "planned", false),
    ("later", "planned", false),
    ("on the roadmap", "planned", false),
    ("on roadmap", "planned", false),
    ("roadmap", "planned", false),
    ("in progress", "planned", false),
    ("in development", "planned", false),
    ("coming soon", "planned", false),
];

pub(super) fn read_yes_no(t: &str) -> Reading {
    match leading(t, YES_NO, true) {
        Some((value, comment)) => Reading::with_comment(Outcome::Answered(Value::from(value)), t, value, comment),
        None => Reading::invalid(Finding::new(Code::InvalidYesNo, format!("{} is not yes, no or planned", quote(t)))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use crate::profile::catalogue::AnswerKind;
    use serde_json::json;

    #[test]
    fn yes_no_spellings() {
        for (texts, expected) in [
            (&["yes", "Y", "true", "x", "✓", "✔", "1", "YES"][..], "yes"),
            (&["no", "N", "false", "0", "No."][..], "no"),
            (&["planned", "Later", "roadmap", "on the roadmap", "In progress"][..], "planned"),
        ] {
            for text in texts {
                assert_eq!(value(AnswerKind::YesNo, text), json!(expected), "{text}");
            }
        }
        for (cell, expected) in [
            (CellValue::Bool(true), "yes"),
            (CellValue::Bool(false), "no"),
            (CellValue::Number(1.0), "yes"),
            (CellValue::Number(0.0), "no"),
        ] {
            assert_eq!(read_cell(AnswerKind::YesNo, Some(&cell)).outcome, Outcome::Answered(json!(expected)));
        }
    }

    #[test]
    fn yes_no_with_an_explanation_moves_it_to_the_notes() {
        let reading = read_text(AnswerKind::YesNo, "Yes, across three zones");
        assert_eq!(reading.outcome, Outcome::Answered(json!("yes")));
        assert_eq!(reading.comment.as_deref(), Some("across three zones"));
        assert_eq!(reading.warnings.len(), 1);
        assert_eq!(reading.warnings[0].code, Code::CommentMoved);
        assert_eq!(
            reading.warnings[0].message,
            "\"Yes, across three zones\" read as yes; \"across three zones\" moved to the notes"
        );
        let reading = read_text(AnswerKind::YesNo, "No - single region today");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("no")), Some("single region today"))
        );
        let reading = read_text(AnswerKind::YesNo, "Planned for Q3 2026");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("planned")), Some("for Q3 2026"))
        );
        assert_eq!(read_text(AnswerKind::YesNo, "Yes (three zones)").comment.as_deref(), Some("three zones"));
    }

    #[test]
    fn yes_no_failures() {
        for text in ["maybe", "1 zone", "Yesterday", "Yes/No", "Note: yes", "partly"] {
            let f = finding(AnswerKind::YesNo, text);
            assert_eq!(f.code, Code::InvalidYesNo, "{text}");
        }
        assert_eq!(finding(AnswerKind::YesNo, "maybe").message, "\"maybe\" is not yes, no or planned");
        assert_eq!(finding(AnswerKind::YesNo, "2").code, Code::InvalidYesNo);
    }
}
