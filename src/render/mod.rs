//! Render: the PDF technical-discovery report a lead engineer prepares the session from, and the portfolio
//! overview of a batch.
//!
//! [`report::render`] draws the report of one questionnaire from a [`report::ReportInput`], and
//! [`portfolio::render_portfolio`] the overview of a batch from its [`portfolio::PortfolioRow`]s. Render
//! takes only its own input types: the layers above it (the converter, the batch index) build them. Both
//! documents are drawn by a small layout engine of our own over printpdf's drawing operations (text measured
//! from the fonts' advances and wrapped, tables and callouts that break across pages, running header and
//! footer, contents, outline and metadata, with the same bytes for the same input), which is an
//! implementation detail of this module. [`fonts`] holds the embedded fonts (Noto Sans for Latin, Greek and
//! Cyrillic; Droid Sans Fallback for CJK), parsed once and shared.

mod deflate;
pub mod fonts;
pub(crate) mod layout;
pub mod portfolio;
pub mod report;
mod style;

pub use fonts::{FontError, Fonts};
