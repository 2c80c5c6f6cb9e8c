//! Part 3, the requested engagements: the Engagements sheet as a table, or a flagged note when the vendor
//! asked for none.

use super::Report;
use crate::profile::catalogue::ENGAGEMENTS;
use crate::render::layout::{Span, TextStyle};
use crate::render::style::HIGH;

impl Report<'_, '_> {
    /// Part 3: the requested engagements.
    pub(super) fn engagements(&mut self) {
        self.w.heading(1, "3. Requested engagements", true);
        let p = self.input.profile;
        if p.engagements.is_empty() {
            let gaps = self.gaps_for_question(ENGAGEMENTS.key);
            let mut spans =
                vec![Span::new("The vendor requested no engagement. ", TextStyle::BODY.bold().colored(HIGH))];
            spans.extend(
                Self::flag_spans(&gaps, TextStyle::BODY, self.bounds.flags)
                    .into_iter()
                    .map(|s| Span { text: s.text.replace('\n', " "), ..s }),
            );
            self.w.paragraph(&spans);
            return;
        }
        self.w.paragraph(&[Span::body(format!(
            "{} engagement{} requested, as the vendor listed them on the Engagements sheet.",
            p.engagements.len(),
            if p.engagements.len() == 1 { "" } else { "s" }
        ))]);
        self.sheet_table(&ENGAGEMENTS, &[0.19, 0.15, 0.12, 0.33, 0.2]);
    }
}
