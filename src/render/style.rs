//! The look the report and the portfolio share: the colours that mean a gap's severity or how complete a
//! questionnaire is, and the short-hands for table text, so both documents say "high" and "half answered"
//! the same way.

use crate::analyse::GapSeverity;
use crate::render::layout::{CellContent, Rgb, Span, TABLE_STYLE};

/// Colour of a high-severity gap and of an error.
pub(crate) const HIGH: Rgb = Rgb::hex(0xC0392B);
/// Colour of a medium-severity gap and of a warning.
pub(crate) const MEDIUM: Rgb = Rgb::hex(0xD68910);
/// Colour of a low-severity gap and of an informational diagnostic.
pub(crate) const LOW: Rgb = Rgb::hex(0x2E86C1);
/// Colour of what is complete and fine.
pub(crate) const GOOD: Rgb = Rgb::hex(0x2E7D32);

const HIGH_TINT: Rgb = Rgb::hex(0xFBECEA);
const MEDIUM_TINT: Rgb = Rgb::hex(0xFDF4E3);
const LOW_TINT: Rgb = Rgb::hex(0xEAF3FA);
/// Background of cards and callouts.
pub(crate) const CARD: Rgb = Rgb::hex(0xF6F8FA);

/// The colour of a gap severity.
pub(crate) fn severity_color(severity: GapSeverity) -> Rgb {
    match severity {
        GapSeverity::High => HIGH,
        GapSeverity::Medium => MEDIUM,
        GapSeverity::Low => LOW,
    }
}

/// A light background in a gap severity's colour.
pub(crate) fn severity_tint(severity: GapSeverity) -> Rgb {
    match severity {
        GapSeverity::High => HIGH_TINT,
        GapSeverity::Medium => MEDIUM_TINT,
        GapSeverity::Low => LOW_TINT,
    }
}

/// A gap severity as a heading or legend says it: `High`.
pub(crate) fn severity_label(severity: GapSeverity) -> &'static str {
    match severity {
        GapSeverity::High => "High",
        GapSeverity::Medium => "Medium",
        GapSeverity::Low => "Low",
    }
}

/// Green when nearly complete, through amber, to red when less than half is answered.
pub(crate) fn completeness_color(percent: f64) -> Rgb {
    if percent >= 90.0 {
        GOOD
    } else if percent >= 70.0 {
        Rgb::hex(0x7CB342)
    } else if percent >= 50.0 {
        MEDIUM
    } else {
        HIGH
    }
}

/// A span of table text.
pub(crate) fn t(text: impl Into<String>) -> Span {
    Span::new(text, TABLE_STYLE)
}

/// A table cell of `spans`, without background or bar.
pub(crate) fn cell(spans: Vec<Span>) -> CellContent {
    CellContent { spans, ..Default::default() }
}
