//! Part 2, the gaps to chase: one callout per gap, most urgent first, naming the question, what is wrong,
//! the cell to look at and the question to ask the vendor.

use std::collections::BTreeSet;

use super::Report;
use crate::analyse::{Gap, GapSeverity};
use crate::profile::catalogue;
use crate::render::layout::{palette, Callout, Span, TextStyle};
use crate::render::style::{severity_color, severity_label, CARD};

impl Report<'_, '_> {
    /// Part 2: one callout per gap, numbered G1, G2, … as the flags elsewhere in the report.
    pub(super) fn gaps(&mut self) {
        let a = self.input.analysis;
        self.w.heading(1, "2. Gaps to chase", true);
        if a.gaps.is_empty() {
            self.w.paragraph(&[Span::body(
                "The analysis found no gaps: every required and recommended question is answered and no rule fired.",
            )]);
            return;
        }
        self.w.paragraph(&[Span::body(format!(
            "{} gap{}, most urgent first: {} high, {} medium, {} low. Each names the question, what is wrong, the \
             cell to look at and the question to ask the vendor. The numbers (G1, G2, …) flag the same gaps beside \
             the answers in part 4.{}",
            a.gaps.len(),
            if a.gaps.len() == 1 { "" } else { "s" },
            a.count(GapSeverity::High),
            a.count(GapSeverity::Medium),
            a.count(GapSeverity::Low),
            if self.input.profile.sources.is_empty() {
                " The answers were not read from a workbook, so each gap names the question's key rather than a cell."
            } else {
                ""
            }
        ))]);
        let label_style = TextStyle::BODY.sized(9.5).bold();
        let body = TextStyle::BODY.sized(9.5);
        for (i, gap) in a.gaps.iter().enumerate().take(self.bounds.gaps) {
            let color = severity_color(gap.severity);
            let questions = dedup_in_order(gap.keys.iter().map(|k| catalogue::describe_key(k)));
            let mut paragraphs = Vec::new();
            // The generic rules' titles already quote the question.
            if !(questions.len() == 1 && gap.title.contains(questions[0].as_str())) {
                let label = if questions.len() == 1 { "Question: " } else { "Questions: " };
                paragraphs.push(vec![Span::new(label, label_style), Span::new(questions.join(" · "), body)]);
            }
            paragraphs.push(vec![Span::new("What is wrong: ", label_style), Span::new(gap.detail.clone(), body)]);
            paragraphs.push(vec![Span::new("Where: ", label_style), Span::new(where_text(gap), body)]);
            paragraphs.push(vec![
                Span::new("Ask: ", label_style.colored(palette::HEADING)),
                Span::new(gap.follow_up.clone(), body.italic().colored(palette::HEADING)),
            ]);
            self.w.callout(&Callout {
                title: vec![
                    Span::new(format!("G{}  ", i + 1), TextStyle::BODY.bold().sized(10.5).colored(color)),
                    Span::new(
                        format!("{} · {}\n", severity_label(gap.severity).to_uppercase(), gap.id),
                        TextStyle::BODY.bold().sized(8.5).colored(color),
                    ),
                    Span::new(gap.title.clone(), TextStyle::BODY.bold().sized(10.5)),
                ],
                body: paragraphs,
                accent: color,
                background: CARD,
            });
        }
        if a.gaps.len() > self.bounds.gaps {
            let more = a.gaps.len() - self.bounds.gaps;
            self.more_note(&format!(
                "The first {} of {} gaps; {more} more (G{} to G{}) are flagged beside their answers, and \
                 `discovery check` lists every one.",
                self.bounds.gaps,
                a.gaps.len(),
                self.bounds.gaps + 1,
                a.gaps.len()
            ));
        }
    }
}

fn dedup_in_order(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.filter(|i| seen.insert(i.clone())).collect()
}

/// `Profile!D14 (meta.contact_email)` for each key; the keys alone when the profile came from JSON.
fn where_text(gap: &Gap) -> String {
    if gap.locations.len() == gap.keys.len() {
        gap.locations.iter().zip(&gap.keys).map(|(l, k)| format!("{l} ({k})")).collect::<Vec<_>>().join("; ")
    } else if gap.locations.is_empty() {
        gap.keys.join("; ")
    } else {
        format!("{} ({})", gap.locations.join("; "), gap.keys.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::catalogue;

    #[test]
    fn a_table_cell_key_names_its_sheet_item_and_column() {
        assert_eq!(
            catalogue::describe_key("engagements[1].success_criteria"),
            "Engagements sheet, item 2, Success criteria"
        );
        assert_eq!(catalogue::describe_key("meta.company_name"), "Company (ISV) name");
        assert_eq!(catalogue::describe_key("no.such.key"), "no.such.key");
    }
}
