//! Part 5, components, data stores and technology: the two architecture sheets as tables, and the
//! technology stack as a grid of cards, each edged in the colour of its most severe gap.

use super::{Report, SMALL};
use crate::analyse::GapSeverity;
use crate::profile::catalogue::{question, COMPONENTS, DATA_STORES};
use crate::profile::{AnswerKind, State};
use crate::render::layout::{palette, Align, Span, TextStyle, CONTENT_WIDTH, MARGIN_X};
use crate::render::style::{severity_color, CARD};

/// A technology card: its heading, its answer, its most severe gap and the answer's state.
type Card = (Vec<Span>, Vec<Span>, Option<GapSeverity>, State);

impl Report<'_, '_> {
    /// Part 5, sections 5.1 and 5.2: the Components and Data stores sheets.
    pub(super) fn components(&mut self) {
        self.w.heading(1, "5. Components, data stores and technology", true);
        for (n, (table, widths, title)) in [
            (&COMPONENTS, [0.19, 0.24, 0.18, 0.17, 0.17], "Components"),
            (&DATA_STORES, [0.22, 0.16, 0.17, 0.12, 0.28], "Data stores"),
        ]
        .into_iter()
        .enumerate()
        {
            self.w.ensure_space(120.0);
            self.w.heading(2, &format!("5.{} {title}", n + 1), true);
            if self.table_rows(table).is_empty() {
                let gaps = self.gaps_for_question(table.key);
                let mut spans = vec![Span::new(
                    format!("The {} sheet has no rows. ", table.sheet),
                    TextStyle::BODY.italic().colored(palette::MUTED),
                )];
                spans.extend(
                    Self::flag_spans(&gaps, TextStyle::BODY, self.bounds.flags)
                        .into_iter()
                        .map(|s| Span { text: s.text.replace('\n', " "), ..s }),
                );
                self.w.paragraph(&spans);
                continue;
            }
            self.sheet_table(table, &widths);
        }
    }

    /// Part 5, section 5.3: the technology stack as cards, three to a row, grouped as the questionnaire
    /// groups them.
    pub(super) fn technology(&mut self) {
        self.w.ensure_space(160.0);
        self.w.heading(2, "5.3 Technology stack", true);
        let groups: [(&str, &[(&str, &str)]); 3] = [
            (
                "Platform",
                &[
                    ("technology.languages", "Languages and frameworks"),
                    ("technology.compute_approach", "Compute approach"),
                    ("technology.operating_systems", "Operating systems"),
                    ("technology.azure_services", "Azure services in use"),
                    ("technology.authentication", "Authentication and sign-in"),
                ],
            ),
            (
                "Operations",
                &[
                    ("technology.operations.iac", "Infrastructure as code"),
                    ("technology.operations.config_management", "Configuration and images"),
                    ("technology.operations.ci_cd", "CI/CD"),
                    ("technology.operations.kubernetes_cncf", "Kubernetes and CNCF"),
                    ("technology.operations.monitoring", "Monitoring"),
                    ("technology.operations.apm", "Application performance"),
                ],
            ),
            (
                "Data",
                &[
                    ("technology.data.relational", "Relational databases"),
                    ("technology.data.nosql", "NoSQL databases"),
                    ("technology.data.big_data", "Big data"),
                    ("technology.data.messaging", "Messaging and eventing"),
                    ("technology.data.event_streaming", "Event streaming"),
                ],
            ),
        ];
        const COLS: usize = 3;
        const GAP: f32 = 10.0;
        const PAD: f32 = 8.0;
        let card_w = (CONTENT_WIDTH - GAP * (COLS - 1) as f32) / COLS as f32;
        let inner = card_w - 2.0 * PAD - 3.0;
        for (group, items) in groups {
            self.w.heading(3, group, false);
            for chunk in items.chunks(COLS) {
                let cards: Vec<Card> = chunk
                    .iter()
                    .map(|(key, title)| {
                        let kind = question(key).map_or(AnswerKind::List, |q| q.kind);
                        let gaps = self.gaps_for_question(key);
                        let mut head = vec![Span::new(title.to_uppercase(), SMALL.bold().colored(palette::MUTED))];
                        for (n, g) in &gaps {
                            head.push(Span::new(format!("  G{n}"), SMALL.bold().colored(severity_color(g.severity))));
                        }
                        let state = self.answers.state(key);
                        let body = self.answer_with_note(key, kind);
                        (head, body, gaps.iter().map(|(_, g)| g.severity).min(), state)
                    })
                    .collect();
                let heights: Vec<f32> = cards
                    .iter()
                    .map(|(head, body, _, _)| self.w.measure(head, inner) + 3.0 + self.w.measure(body, inner))
                    .collect();
                let row_h = heights.iter().copied().fold(0.0, f32::max) + 2.0 * PAD;
                self.w.ensure_space(row_h + GAP);
                let top = self.w.cursor_y();
                for (i, (head, body, worst, state)) in cards.into_iter().enumerate() {
                    let x = MARGIN_X + i as f32 * (card_w + GAP);
                    let bar = match (worst, state) {
                        (Some(s), _) => severity_color(s),
                        (None, State::Answered) => palette::ACCENT,
                        _ => palette::RULE,
                    };
                    self.w.rect(x, top, card_w, row_h, CARD);
                    self.w.rect(x, top, 3.0, row_h, bar);
                    let h = self.w.text_at(x + 3.0 + PAD, top + PAD, inner, &head, Align::Left);
                    self.w.text_at(x + 3.0 + PAD, top + PAD + h + 3.0, inner, &body, Align::Left);
                }
                self.w.set_cursor_y(top + row_h + GAP);
            }
            self.w.spacer(4.0);
        }
    }
}
