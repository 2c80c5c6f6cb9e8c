//! Render: the PDF technical-discovery report a lead engineer prepares the session from, and the portfolio
//! overview of a batch.
//!
//! [`report::render`] draws the report of one questionnaire and `portfolio::render_portfolio` the
//! overview of a batch (with the `import` feature, which defines its rows). Both build on
//! [`layout`], a small layout layer of our own over printpdf's drawing operations: text measured from the
//! fonts' advances and wrapped, tables and callouts that break across pages, running header and footer,
//! contents, outline and metadata, with the same bytes for the same input. [`fonts`] holds the embedded
//! fonts (Noto Sans for Latin, Greek and Cyrillic; Droid Sans Fallback for CJK), parsed once and shared.

pub mod fonts;
pub mod layout;
#[cfg(feature = "import")]
pub mod portfolio;
pub mod report;

#[cfg(test)]
mod demo_doc;
#[cfg(test)]
mod layout_tests;
