//! A yes/no answer: yes, no or planned, in the many ways vendors write them (`Y`, `x`, `✓`, `true`,
//! `on the roadmap`), with any explanation after the word moved to the notes.

use serde_json::Value;

use super::{leading, quote, Code, Explain, Finding, Outcome, Reading};

use Explain::{Alone, Separated, Spaced};

/// The words for yes, no and planned, with how far each allows an explanation after it: a single letter or
/// digit only alone (`1 zone` is not yes), `si`, `sim` and `non` only after a separator (French `si` is
/// also "if", and `non-` begins words).
pub(super) const YES_NO: &[(&str, &str, Explain)] = &[
    ("yes", "yes", Spaced),
    ("true", "yes", Spaced),
    ("✓", "yes", Spaced),
    ("✔", "yes", Spaced),
    ("☑", "yes", Spaced),
    ("✅", "yes", Spaced),
    ("y", "yes", Alone),
    ("x", "yes", Alone),
    ("1", "yes", Alone),
    // German and Dutch, French, Spanish, Portuguese; and a spreadsheet's TRUE in those languages.
    ("ja", "yes", Spaced),
    ("oui", "yes", Spaced),
    ("sí", "yes", Spaced),
    ("si", "yes", Separated),
    ("sim", "yes", Separated),
    ("wahr", "yes", Alone),
    ("vrai", "yes", Alone),
    ("verdadero", "yes", Alone),
    ("verdadeiro", "yes", Alone),
    ("waar", "yes", Alone),
    ("no", "no", Spaced),
    ("false", "no", Spaced),
    ("✗", "no", Spaced),
    ("✘", "no", Spaced),
    ("❌", "no", Spaced),
    ("n", "no", Alone),
    ("0", "no", Alone),
    ("nein", "no", Spaced),
    ("non", "no", Separated),
    ("não", "no", Spaced),
    ("nao", "no", Spaced),
    ("nee", "no", Spaced),
    ("falsch", "no", Alone),
    ("faux", "no", Alone),
    ("falso", "no", Alone),
    ("onwaar", "no", Alone),
    ("planned", "planned", Spaced),
    ("later", "planned", Spaced),
    ("on the roadmap", "planned", Spaced),
    ("on roadmap", "planned", Spaced),
    ("roadmap", "planned", Spaced),
    ("in progress", "planned", Spaced),
    ("in development", "planned", Spaced),
    ("coming soon", "planned", Spaced),
    ("geplant", "planned", Spaced),
    ("in planung", "planned", Spaced),
    ("prévu", "planned", Spaced),
    ("prévue", "planned", Spaced),
    ("prevu", "planned", Spaced),
    ("prevue", "planned", Spaced),
    ("planifié", "planned", Spaced),
    ("planifiée", "planned", Spaced),
    ("planifie", "planned", Spaced),
    ("planificado", "planned", Spaced),
    ("planificada", "planned", Spaced),
    ("previsto", "planned", Spaced),
    ("prevista", "planned", Spaced),
    ("planejado", "planned", Spaced),
    ("planejada", "planned", Spaced),
    ("planeado", "planned", Spaced),
    ("planeada", "planned", Spaced),
    ("gepland", "planned", Spaced),
    ("in planning", "planned", Spaced),
];

pub(super) fn read_yes_no(t: &str) -> Reading {
    match leading(t, YES_NO, Spaced) {
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
    fn yes_no_in_german_french_spanish_portuguese_and_dutch() {
        for (texts, expected) in [
            (
                &["ja", "Ja", "JA", "oui", "Oui", "sí", "Sí", "si", "Si", "sim", "Sim", "WAHR", "VRAI", "VERDADERO"][..],
                "yes",
            ),
            (
                &["nein", "Nein", "non", "Non", "no", "não", "Não", "NÃO", "nao", "nee", "Nee", "FALSCH", "FAUX"][..],
                "no",
            ),
            (
                &[
                    "geplant",
                    "In Planung",
                    "prévu",
                    "Prévue",
                    "prevu",
                    "planifié",
                    "planificado",
                    "previsto",
                    "planejado",
                    "planeado",
                    "gepland",
                ][..],
                "planned",
            ),
        ] {
            for text in texts {
                assert_eq!(value(AnswerKind::YesNo, text), json!(expected), "{text}");
            }
        }
        for (text, expected, comment) in [
            ("Ja, in drei Zonen", "yes", "in drei Zonen"),
            ("Nein - nur eine Region", "no", "nur eine Region"),
            ("Non, une seule région", "no", "une seule région"),
            ("Sí, en tres zonas", "yes", "en tres zonas"),
            ("Si, en tres zonas", "yes", "en tres zonas"),
            ("Não, apenas uma região", "no", "apenas uma região"),
            ("Nee, één regio", "no", "één regio"),
            ("Geplant für Q3", "planned", "für Q3"),
        ] {
            let reading = read_text(AnswerKind::YesNo, text);
            assert_eq!(
                (reading.outcome, reading.comment.as_deref()),
                (Outcome::Answered(json!(expected)), Some(comment)),
                "{text}"
            );
        }
        // French "si" is also "if", and "non-" begins words: those take an explanation only after a
        // separator.
        for text in ["Si le client le demande", "Non-stop", "Sim card", "January"] {
            assert_eq!(finding(AnswerKind::YesNo, text).code, Code::InvalidYesNo, "{text}");
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
