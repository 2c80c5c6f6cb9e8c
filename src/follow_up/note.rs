//! The notes the follow-up workbook puts on the cells it marks, written and recognised in this one place:
//! the writer composes them here, and import finds them here in a returned workbook, so that our own
//! questions never come back as the vendor's comments.
//!
//! A note holds one line per gap on its cell, `G<n> (<severity>): <what to ask>`, the lines apart by an
//! empty line. Recognition goes by that text, not by the note's author ([`NOTE_AUTHOR`]): LibreOffice
//! drops a note's author when it saves a workbook, and Excel keeps it when a vendor types into the note.
//! Whatever else a recognised note holds is what the vendor added to it, and stays theirs.

use crate::analyse::GapSeverity;

/// The author the follow-up workbook's notes name, so that a reader can tell them from the vendor's own.
pub(crate) const NOTE_AUTHOR: &str = "discovery";

/// The empty line between the lines of a note.
#[cfg_attr(not(feature = "template"), allow(dead_code))]
pub(crate) const LINE_SEPARATOR: &str = "\n\n";

/// The line of a note that asks gap number `number` (from 1): `G3 (high): How much data may be lost?`. The
/// question is kept to one line, so that recognising the line never takes a line of the vendor's with it.
#[cfg_attr(not(feature = "template"), allow(dead_code))]
pub(crate) fn gap_line(number: usize, severity: GapSeverity, follow_up: &str) -> String {
    let question = follow_up.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("G{number} ({}): {question}", severity.as_str())
}

/// Whether a line of a note is one of [`gap_line`]'s.
#[cfg_attr(not(feature = "import"), allow(dead_code))]
fn is_gap_line(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix('G') else { return false };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return false;
    }
    let Some(rest) = rest[digits..].strip_prefix(" (") else { return false };
    GapSeverity::ALL.iter().any(|severity| {
        rest.strip_prefix(severity.as_str()).and_then(|r| r.strip_prefix("): ")).is_some_and(|q| !q.trim().is_empty())
    })
}

/// A cell note as the vendor's: `None` when it is the follow-up workbook's own note and nothing else;
/// the note unchanged when it is not one of ours; and, when the vendor added text to one of ours, only
/// what they added (its lines in order, at most one empty line between two).
#[cfg_attr(not(feature = "import"), allow(dead_code))]
pub(crate) fn vendor_text(note: &str) -> Option<String> {
    let lines: Vec<&str> = note.lines().collect();
    if !lines.iter().any(|line| is_gap_line(line)) {
        return Some(note.to_owned());
    }
    let mut kept: Vec<&str> = Vec::new();
    for line in lines.into_iter().filter(|line| !is_gap_line(line)) {
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
            assert!(is_gap_line(&gap_line(7, severity, "Why?")));
        }
        for line in ["G (high): Why?", "G1 (urgent): Why?", "G1 (high):", "g1 (high): Why?", "Go (high): Why?", ""] {
            assert!(!is_gap_line(line), "{line:?}");
        }
    }

    #[test]
    fn our_notes_are_recognised_by_their_text_and_the_vendors_additions_kept() {
        let ours = [gap_line(2, GapSeverity::Medium, "Which response time?"), gap_line(9, GapSeverity::High, "RTO?")]
            .join(LINE_SEPARATOR);
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
}
