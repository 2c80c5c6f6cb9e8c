//! The notes the follow-up workbook puts on the cells it marks, written and recognised in this one place:
//! the writer composes them here, and import finds them here in a returned workbook, so that our own
//! questions never come back as the vendor's comments.
//!
//! A note holds one line per gap on its cell, `G<n> (<severity>): <what to ask>`, the lines apart by an
//! empty line. Recognition goes by that text, not by the note's author ([`NOTE_AUTHOR`]): LibreOffice
//! drops a note's author when it saves a workbook, and Excel keeps it when a vendor types into the note.
//! Whatever else a recognised note holds is what the vendor added to it, and stays theirs, also text typed
//! at the end of one of our lines (a note opens for editing with the cursor there): the workbook's
//! `Follow-up` sheet, which the vendor cannot edit, lists what each gap's note asks ([`Asked`]), so import
//! takes away exactly our words. Without that sheet a line of ours goes whole.

use std::collections::BTreeMap;

use crate::analyse::GapSeverity;

/// The name of the follow-up workbook's first sheet, which lists every gap (`G<n>` in its first column)
/// with what its note asks.
pub(crate) const SHEET: &str = "Follow-up";

/// The column of the `Follow-up` sheet's list (0-based) that holds what each gap's note asks.
pub(crate) const ASK_COLUMN: u16 = 4;

/// What the notes of a follow-up workbook ask, by gap number, as its `Follow-up` sheet lists them (the
/// text as [`gap_line`] writes it, on one line).
pub(crate) type Asked = BTreeMap<usize, String>;

/// A follow-up question as a note's line holds it: on one line, single spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number of a gap as the `Follow-up` sheet and the notes name it: `G12` is 12.
pub(crate) fn gap_number(text: &str) -> Option<usize> {
    let digits = text.trim().strip_prefix('G')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

/// The author the follow-up workbook's notes name, so that a reader can tell them from the vendor's own.
pub(crate) const NOTE_AUTHOR: &str = "discovery";

/// The empty line between the lines of a note.
#[cfg_attr(not(feature = "template"), allow(dead_code))]
pub(crate) const LINE_SEPARATOR: &str = "\n\n";

/// The line of a note that asks gap number `number` (from 1): `G3 (high): How much data may be lost?`. The
/// question is kept to one line, so that recognising the line never takes a line of the vendor's with it.
#[cfg_attr(not(feature = "template"), allow(dead_code))]
pub(crate) fn gap_line(number: usize, severity: GapSeverity, follow_up: &str) -> String {
    format!("G{number} ({}): {}", severity.as_str(), one_line(follow_up))
}

/// A line of a note as one of [`gap_line`]'s: the gap's number and what follows `): `.
#[cfg_attr(not(feature = "import"), allow(dead_code))]
fn split_gap_line(line: &str) -> Option<(usize, &str)> {
    let line = line.trim();
    let (head, rest) = line.split_once(" (")?;
    let number = gap_number(head)?;
    GapSeverity::ALL.iter().find_map(|severity| {
        let question = rest.strip_prefix(severity.as_str())?.strip_prefix("): ")?;
        (!question.trim().is_empty()).then_some((number, question))
    })
}

/// What is left of a line of a note once our words are taken away: `None` for a line of ours alone;
/// what the vendor typed after our question on the same line; the line whole when it is none of ours, or
/// when `asked` knows the gap and the line no longer starts with what we asked (the vendor changed our
/// words: nothing of theirs is dropped). Without the gap in `asked`, a line of ours goes whole.
fn vendor_part<'l>(line: &'l str, asked: &Asked) -> Option<&'l str> {
    let Some((number, question)) = split_gap_line(line) else { return Some(line) };
    match asked.get(&number) {
        Some(ours) => match question.strip_prefix(ours.as_str()) {
            Some(added) => Some(added.trim()).filter(|a| !a.is_empty()),
            None => Some(line),
        },
        None => None,
    }
}

/// A cell note as the vendor's: `None` when it is the follow-up workbook's own note and nothing else;
/// the note unchanged when it is not one of ours; and, when the vendor added text to one of ours, only
/// what they added (its lines in order, at most one empty line between two). `asked` is what the
/// workbook's `Follow-up` sheet says each note asks (empty without one).
#[cfg_attr(not(feature = "import"), allow(dead_code))]
pub(crate) fn vendor_text(note: &str, asked: &Asked) -> Option<String> {
    let lines: Vec<&str> = note.lines().collect();
    if !lines.iter().any(|line| split_gap_line(line).is_some()) {
        return Some(note.to_owned());
    }
    let mut kept: Vec<&str> = Vec::new();
    for line in lines.into_iter().filter_map(|line| vendor_part(line, asked)) {
        // One empty line at most between two lines of the vendor's, none at the start.
        if line.trim().is_empty() && kept.last().is_none_or(|last| last.trim().is_empty()) {
            continue;
        }
        kept.push(line);
    }
    let text = kept.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_line_names_the_gap_and_its_severity_on_one_line() {
        assert_eq!(gap_line(3, GapSeverity::High, "How much data?"), "G3 (high): How much data?");
        assert_eq!(gap_line(12, GapSeverity::Low, "Which regions\n(UK South,\r\n West Europe)?"), {
            "G12 (low): Which regions (UK South, West Europe)?"
        });
        for severity in GapSeverity::ALL {
            assert_eq!(split_gap_line(&gap_line(7, severity, "Why?")), Some((7, "Why?")));
        }
        for line in ["G (high): Why?", "G1 (urgent): Why?", "G1 (high):", "g1 (high): Why?", "Go (high): Why?", ""] {
            assert_eq!(split_gap_line(line), None, "{line:?}");
        }
        assert_eq!(
            (gap_number("G12"), gap_number(" G3 "), gap_number("G"), gap_number("G1a")),
            (Some(12), Some(3), None, None)
        );
    }

    #[test]
    fn our_notes_are_recognised_by_their_text_and_the_vendors_additions_kept() {
        let ours = [gap_line(2, GapSeverity::Medium, "Which response time?"), gap_line(9, GapSeverity::High, "RTO?")]
            .join(LINE_SEPARATOR);
        let vendor_text = |note: &str| super::vendor_text(note, &Asked::new());
        assert_eq!(vendor_text(&ours), None);
        assert_eq!(vendor_text(&ours.replace('\n', "\r\n")), None, "line ends as Windows writes them");
        assert_eq!(vendor_text(&format!("{ours}\n\n200 ms at the 95th percentile.")).as_deref(), {
            Some("200 ms at the 95th percentile.")
        });
        assert_eq!(vendor_text(&format!("See below.\n{ours}\nFirst.\n\n\nSecond.")).as_deref(), {
            Some("See below.\n\nFirst.\n\nSecond.")
        });
        // A note of the vendor's is theirs, as written, whoever is named as its author.
        assert_eq!(vendor_text("Moving to Azure in Q3.").as_deref(), Some("Moving to Azure in Q3."));
        assert_eq!(vendor_text("  G1 is our first release  ").as_deref(), Some("  G1 is our first release  "));
    }

    #[test]
    fn text_typed_after_our_question_on_its_line_is_the_vendors() {
        let asked = Asked::from([(2, "Which response time?".to_owned()), (9, "RTO?".to_owned())]);
        let ours = [gap_line(2, GapSeverity::Medium, "Which response time?"), gap_line(9, GapSeverity::High, "RTO?")]
            .join(LINE_SEPARATOR);
        assert_eq!(vendor_text(&ours, &asked), None);
        let typed = ours.replace("RTO?", "RTO? Four hours, tested yearly.");
        assert_eq!(vendor_text(&typed, &asked).as_deref(), Some("Four hours, tested yearly."));
        // Our words changed: the line is kept whole, nothing of the vendor's is lost.
        let changed = ours.replace("Which response time?", "Which response time? 200 ms, not 300");
        let changed = changed.replace("RTO?", "RTO is four hours");
        assert_eq!(vendor_text(&changed, &asked).as_deref(), Some("200 ms, not 300\n\nG9 (high): RTO is four hours"));
    }
}
