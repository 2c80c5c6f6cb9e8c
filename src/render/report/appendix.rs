//! Part 7, the appendix: every diagnostic from reading the file, the text that matched no question, the
//! other text the vendor wrote beside the answers (other columns, comments, links), and the source file's
//! name, format and fingerprint.

use super::values::capped;
use super::{Report, MUTED, SMALL};
use crate::diagnostic::Severity;
use crate::profile::catalogue::{self, AnswerKind};
use crate::profile::{ExtraSource, ExtraText, UnmatchedReason};
use crate::render::layout::{palette, Align, CellContent, Column, Span, TableSpec, TABLE_STYLE};
use crate::render::style::{cell, t, HIGH, LOW, MEDIUM};

impl Report<'_, '_> {
    /// Part 7: the diagnostics, the text that matched no question, the other text the vendor wrote, and the
    /// source file.
    pub(super) fn appendix(&mut self) {
        self.w.heading(1, "7. Appendix", true);
        self.w.heading(2, "7.1 Diagnostics", true);
        let diagnostics = self.input.diagnostics;
        if diagnostics.is_empty() {
            self.w.paragraph(&[Span::body("None: every answer was read as written.")]);
        } else {
            self.w.paragraph(&[Span::body(format!(
                "{} diagnostic{} from reading the file, in sheet and row order.",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            ))]);
            let rows = diagnostics
                .iter()
                .take(self.bounds.diagnostics)
                .map(|d| {
                    let color = match d.severity {
                        Severity::Error => HIGH,
                        Severity::Warning => MEDIUM,
                        Severity::Info => LOW,
                    };
                    let mut place = Vec::new();
                    match (&d.location, &d.key) {
                        (Some(location), Some(key)) => {
                            place.push(t(location.reference()));
                            place.push(Span::new(format!("\n{key}"), SMALL.colored(palette::MUTED)));
                        }
                        (Some(location), None) => place.push(t(location.reference())),
                        (None, Some(key)) => place.push(t(key.clone())),
                        (None, None) => place.push(Span::new("—", MUTED)),
                    }
                    let mut message = vec![t(d.message.clone())];
                    if let Some(hint) = &d.hint {
                        message
                            .push(Span::new(format!("\nHint: {hint}"), TABLE_STYLE.italic().colored(palette::MUTED)));
                    }
                    vec![
                        CellContent {
                            left_bar: Some(color),
                            ..cell(vec![Span::new(d.severity.as_str(), TABLE_STYLE.bold().colored(color))])
                        },
                        cell(vec![t(d.code.as_str())]),
                        cell(place),
                        cell(message),
                    ]
                })
                .collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Severity".into(), width: 0.13, align: Align::Left },
                    Column { header: "Code".into(), width: 0.19, align: Align::Left },
                    Column { header: "Cell".into(), width: 0.22, align: Align::Left },
                    Column { header: "Message".into(), width: 0.46, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
            if diagnostics.len() > self.bounds.diagnostics {
                self.more_note(&format!(
                    "The first {} of {} diagnostics; `discovery check` lists every one.",
                    self.bounds.diagnostics,
                    diagnostics.len()
                ));
            }
        }

        self.w.heading(2, "7.2 Text that matched no question", true);
        let unmatched = &self.input.profile.unmatched;
        if unmatched.is_empty() {
            self.w.paragraph(&[Span::body("None: every row of the workbook matched a question.")]);
        } else {
            let rows = unmatched
                .iter()
                .take(self.bounds.unmatched)
                .map(|u| {
                    let reason = match u.reason {
                        UnmatchedReason::UnknownKey => "Unknown key",
                        UnmatchedReason::DuplicateKey => "Key given twice",
                        UnmatchedReason::NoQuestion => "No key or question",
                    };
                    let mut what = Vec::new();
                    if !u.key.is_empty() {
                        what.push(t(u.key.clone()));
                    }
                    if !u.question.is_empty() {
                        let sep = if what.is_empty() { "" } else { "\n" };
                        what.push(Span::new(format!("{sep}{}", u.question), TABLE_STYLE.italic()));
                    }
                    let mut answer = vec![t(capped(&u.answer, self.bounds.text_chars))];
                    if !u.notes.is_empty() {
                        answer.push(Span::new(
                            format!("\nVendor's note: {}", capped(&u.notes, self.bounds.text_chars)),
                            SMALL.italic().colored(palette::MUTED),
                        ));
                    }
                    vec![cell(vec![t(reason)]), cell(vec![t(u.location.clone())]), cell(what), cell(answer)]
                })
                .collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Why".into(), width: 0.16, align: Align::Left },
                    Column { header: "Cell".into(), width: 0.14, align: Align::Left },
                    Column { header: "Key or question".into(), width: 0.3, align: Align::Left },
                    Column { header: "Text as written".into(), width: 0.4, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
            if unmatched.len() > self.bounds.unmatched {
                self.more_note(&format!(
                    "The first {} of {} entries; the profile JSON's `unmatched` list holds every one.",
                    self.bounds.unmatched,
                    unmatched.len()
                ));
            }
        }

        self.other_text();

        self.w.heading(2, "7.4 Source file", true);
        let label = |s: &str| cell(vec![Span::new(s, TABLE_STYLE.bold().colored(palette::MUTED))]);
        let mut rows = vec![
            vec![label("File"), cell(vec![t(self.input.file_name)])],
            vec![label("Format"), cell(vec![t(self.input.format)])],
            vec![label("SHA-256"), cell(vec![t(self.input.sha256)])],
            vec![label("Profile schema"), cell(vec![t(self.input.profile.schema_version.clone())])],
            vec![label("Report"), cell(vec![t(format!("discovery {}", env!("CARGO_PKG_VERSION")))])],
        ];
        // Only a workbook that records the questionnaire it was made from says so.
        if let Some(version) = &self.input.profile.questionnaire_version {
            rows.insert(4, vec![label("Questionnaire"), cell(vec![t(format!("version {version}"))])]);
        }
        self.w.grid(&[(0.2, Align::Left), (0.8, Align::Left)], &rows, true);
    }

    /// 7.3: text the vendor wrote beside the answers, in questionnaire order: the question or table row, the
    /// cell, where it came from (a column's header, a comment and its author, a link), and the text.
    fn other_text(&mut self) {
        self.w.heading(2, "7.3 Other text the vendor wrote", true);
        let extras = &self.input.profile.extras;
        if extras.is_empty() {
            self.w.paragraph(&[Span::body(
                "None: nothing was written in other columns, in cell comments or behind links.",
            )]);
            return;
        }
        let count: usize = extras.values().map(Vec::len).sum();
        self.w.paragraph(&[Span::body(format!(
            "{count} piece{} of text beside the answers: in columns the questionnaire does not read, in cell \
             comments and notes, and behind links whose cells show other text.",
            if count == 1 { "" } else { "s" }
        ))]);
        let mut keys: Vec<&String> = extras.keys().collect();
        keys.sort_by_cached_key(|key| {
            let (base, row, _) = catalogue::split_key(key);
            let position = catalogue::QUESTIONS.iter().position(|q| q.key == base).unwrap_or(usize::MAX);
            (position, row, (*key).clone())
        });
        let rows = keys
            .into_iter()
            .flat_map(|key| extras[key].iter().map(move |extra| (key, extra)))
            .map(|(key, extra)| {
                vec![
                    cell(question_spans(key)),
                    cell(vec![t(extra.cell.clone())]),
                    cell(from_spans(extra)),
                    cell(vec![t(extra.text.clone())]),
                ]
            })
            .collect();
        self.w.table(&TableSpec {
            columns: vec![
                Column { header: "Question".into(), width: 0.3, align: Align::Left },
                Column { header: "Cell".into(), width: 0.17, align: Align::Left },
                Column { header: "From".into(), width: 0.14, align: Align::Left },
                Column { header: "Text as written".into(), width: 0.39, align: Align::Left },
            ],
            rows,
            zebra: true,
        });
    }
}

/// The key, with the question's text below it, or the table row (`Components, row 2`).
fn question_spans(key: &str) -> Vec<Span> {
    let (base, row, _) = catalogue::split_key(key);
    let mut spans = vec![t(key.to_owned())];
    match (catalogue::question(base), row) {
        (Some(question), Some(index)) => {
            let sheet = match question.kind {
                AnswerKind::Table(table) => table.sheet,
                _ => question.text,
            };
            spans.push(Span::new(format!("\n{sheet}, item {}", index + 1), TABLE_STYLE.italic()));
        }
        (Some(question), None) => spans.push(Span::new(format!("\n{}", question.text), TABLE_STYLE.italic())),
        (None, _) => {}
    }
    spans
}

/// Where a piece of text came from: `Column "Owner"`, `Comment by Jane Doe`, `Link`.
fn from_spans(extra: &ExtraText) -> Vec<Span> {
    let text = match (extra.from, &extra.column, &extra.author) {
        (ExtraSource::Column, Some(header), _) => format!("Column \"{header}\""),
        (ExtraSource::Column, None, _) => "Column without a header".to_owned(),
        (ExtraSource::Comment, _, Some(author)) => format!("Comment by {author}"),
        (ExtraSource::Comment, _, None) => "Comment".to_owned(),
        (ExtraSource::Link, _, _) => "Link target".to_owned(),
    };
    vec![t(text)]
}
