//! A batch's index rows packed together: each row's numbers in one small record and all the rows' texts in
//! one buffer, so that the index of thousands of files is a few large blocks instead of a dozen small ones
//! a row.
//!
//! A batch keeps every file's row until its index and overview are written. As [`IndexRow`]s, 4,000 rows
//! were about 3.4 MB in some 45,000 small blocks, spread over the heaps of the threads that made them,
//! where a few live bytes keep a whole page; and freeing them gave nothing back to the system. Packed, the
//! same rows take about 1.9 MB in three blocks, which go back to the system the moment they are dropped:
//! the overview drops them once it has drawn them, before it builds its fonts and writes its file.

use std::borrow::Borrow;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use super::{IndexRow, Status};
#[cfg(feature = "render")]
use crate::analyse::GapSeverity;
#[cfg(feature = "render")]
use crate::render::portfolio::OverviewRow;

/// The texts of a row, in the order they are packed; its engagements and gap rules follow them.
const TEXTS: usize = 7;

/// The rows of a batch's index, packed: the same rows as a `Vec<IndexRow>`, in a fraction of the memory
/// and in a few large blocks. Rows go in with [`IndexRows::push`] and come out, one at a time, as the
/// [`IndexRow`]s they were ([`IndexRows::iter`]); the index writers and the overview take them as they are.
/// They serialise as the sequence of rows they stand for, and read back from one.
///
/// ```
/// use discovery::portfolio::{IndexRow, IndexRows};
/// let row = IndexRow::failed("broken.xlsx", "the file is a PDF document, not a workbook");
/// let mut rows = IndexRows::new();
/// rows.push(row.clone());
/// assert_eq!(rows.len(), 1);
/// assert_eq!(rows.iter().next().unwrap().error, row.error);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexRows {
    rows: Vec<Packed>,
    /// Every text of every row, one after another.
    text: String,
    /// Where each text ends in `text`; it starts where the one before it ends.
    ends: Vec<usize>,
}

/// One row's numbers, and where its texts are.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Packed {
    status: Status,
    completeness: Option<f64>,
    gaps: [usize; 3],
    errors: usize,
    completeness_change: Option<f64>,
    gaps_closed: Option<usize>,
    gaps_opened: Option<usize>,
    /// Its first text in `ends`: file, company, solution, error, report, profile, previous file, then its
    /// engagements, then its gap rules.
    first: usize,
    engagements: usize,
    gap_rules: usize,
}

impl IndexRows {
    /// No rows yet.
    pub fn new() -> IndexRows {
        IndexRows::default()
    }

    /// Adds a row after the others.
    pub fn push(&mut self, row: IndexRow) {
        // Every field named, so that a field added to the row cannot be left out here.
        let IndexRow {
            file,
            company,
            solution,
            status,
            error,
            completeness,
            gaps_high,
            gaps_medium,
            gaps_low,
            errors,
            engagements,
            gap_rules,
            report,
            profile,
            previous_file,
            completeness_change,
            gaps_closed,
            gaps_opened,
        } = row;
        let first = self.ends.len();
        for text in [&file, &company, &solution, &error, &report, &profile, &previous_file]
            .into_iter()
            .chain(&engagements)
            .chain(&gap_rules)
        {
            self.text.push_str(text);
            self.ends.push(self.text.len());
        }
        self.rows.push(Packed {
            status,
            completeness,
            gaps: [gaps_high, gaps_medium, gaps_low],
            errors,
            completeness_change,
            gaps_closed,
            gaps_opened,
            first,
            engagements: engagements.len(),
            gap_rules: gap_rules.len(),
        });
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows in the order they were pushed, each made again as the [`IndexRow`] it was.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = IndexRow> + '_ {
        (0..self.rows.len()).map(|i| self.row(i).unpacked())
    }

    /// The `i`th row, read where it is.
    fn row(&self, i: usize) -> RowRef<'_> {
        RowRef { rows: self, packed: &self.rows[i] }
    }

    /// The `k`th text of the rows.
    fn text(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.text[start..self.ends[k]]
    }
}

impl<R: Borrow<IndexRow>> FromIterator<R> for IndexRows {
    fn from_iter<I: IntoIterator<Item = R>>(rows: I) -> IndexRows {
        let mut packed = IndexRows::new();
        for row in rows {
            packed.push(row.borrow().clone());
        }
        packed
    }
}

/// The rows serialise as the `Vec<IndexRow>` they stand for: a sequence of rows, the same bytes.
impl Serialize for IndexRows {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The rows read back from what they serialise as, a sequence of rows, each packed as it is read.
impl<'de> Deserialize<'de> for IndexRows {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<IndexRows, D::Error> {
        struct Rows;

        impl<'de> Visitor<'de> for Rows {
            type Value = IndexRows;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence of index rows")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IndexRows, A::Error> {
                let mut rows = IndexRows::new();
                while let Some(row) = seq.next_element::<IndexRow>()? {
                    rows.push(row);
                }
                Ok(rows)
            }
        }

        deserializer.deserialize_seq(Rows)
    }
}

/// A packed row, read where it is.
#[derive(Clone, Copy)]
pub(crate) struct RowRef<'a> {
    rows: &'a IndexRows,
    packed: &'a Packed,
}

impl<'a> RowRef<'a> {
    /// Its `k`th text: one of the [`TEXTS`], or an engagement or gap rule after them.
    fn text(self, k: usize) -> &'a str {
        self.rows.text(self.packed.first + k)
    }

    fn engagements(self) -> impl Iterator<Item = &'a str> {
        (TEXTS..TEXTS + self.packed.engagements).map(move |k| self.text(k))
    }

    fn gap_rules(self) -> impl Iterator<Item = &'a str> {
        let start = TEXTS + self.packed.engagements;
        (start..start + self.packed.gap_rules).map(move |k| self.text(k))
    }

    fn unpacked(self) -> IndexRow {
        let p = self.packed;
        let text = |k: usize| self.text(k).to_owned();
        IndexRow {
            file: text(0),
            company: text(1),
            solution: text(2),
            status: p.status,
            error: text(3),
            completeness: p.completeness,
            gaps_high: p.gaps[0],
            gaps_medium: p.gaps[1],
            gaps_low: p.gaps[2],
            errors: p.errors,
            engagements: self.engagements().map(str::to_owned).collect(),
            gap_rules: self.gap_rules().map(str::to_owned).collect(),
            report: text(4),
            profile: text(5),
            previous_file: text(6),
            completeness_change: p.completeness_change,
            gaps_closed: p.gaps_closed,
            gaps_opened: p.gaps_opened,
        }
    }
}

impl IndexRows {
    /// Every row, read where it is, for the overview.
    #[cfg(feature = "render")]
    pub(crate) fn refs(&self) -> Vec<RowRef<'_>> {
        (0..self.rows.len()).map(|i| self.row(i)).collect()
    }
}

/// The overview reads a packed row where it is, as it reads an [`IndexRow`].
#[cfg(feature = "render")]
impl OverviewRow for RowRef<'_> {
    fn file(&self) -> &str {
        self.text(0)
    }
    fn company(&self) -> &str {
        if self.packed.status == Status::Failed {
            ""
        } else {
            self.text(1)
        }
    }
    fn solution(&self) -> &str {
        if self.packed.status == Status::Failed {
            ""
        } else {
            self.text(2)
        }
    }
    fn error(&self) -> Option<&str> {
        (self.packed.status == Status::Failed).then(|| self.text(3))
    }
    fn completeness(&self) -> Option<f64> {
        (self.packed.status != Status::Failed).then(|| self.packed.completeness.unwrap_or(0.0))
    }
    fn gaps(&self, severity: GapSeverity) -> usize {
        match severity {
            GapSeverity::High => self.packed.gaps[0],
            GapSeverity::Medium => self.packed.gaps[1],
            GapSeverity::Low => self.packed.gaps[2],
        }
    }
    fn engagements(&self) -> impl Iterator<Item = &str> {
        RowRef::engagements(*self)
    }
    fn gap_rules(&self) -> impl Iterator<Item = &str> {
        RowRef::gap_rules(*self)
    }
    fn previous_file(&self) -> &str {
        self.text(6)
    }
    fn completeness_change(&self) -> Option<f64> {
        self.packed.completeness_change
    }
    fn gaps_closed(&self) -> Option<usize> {
        self.packed.gaps_closed
    }
    fn gaps_opened(&self) -> Option<usize> {
        self.packed.gaps_opened
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows with every field set, texts empty and not, lists of none, one and several.
    fn rows() -> Vec<IndexRow> {
        (0..5)
            .map(|i| {
                let mut row = IndexRow::failed(&format!("in/vendor-{i}.xlsx"), if i == 2 { "broken" } else { "" });
                if i != 2 {
                    row.status = if i == 3 { Status::Blank } else { Status::Ok };
                    row.company = format!("Vendor {i} 株式会社");
                    row.solution = if i == 1 { String::new() } else { format!("Solution {i}") };
                    row.completeness = Some(40.0 + i as f64);
                    row.report = format!("vendor-{i}.pdf");
                    row.profile = format!("vendor-{i}.json");
                }
                (row.gaps_high, row.gaps_medium, row.gaps_low, row.errors) = (i, i + 1, i + 2, i % 2);
                row.engagements = (0..i % 3).map(|e| format!("Engagement {e} (high)")).collect();
                row.gap_rules = (0..i).map(|r| format!("rule-{r}")).collect();
                if i % 2 == 0 {
                    row.previous_file = format!("prev/vendor-{i}.json");
                    row.completeness_change = Some(i as f64 - 2.5);
                    (row.gaps_closed, row.gaps_opened) = (Some(i), Some(i + 1));
                }
                row
            })
            .collect()
    }

    #[test]
    fn rows_come_out_as_they_went_in() {
        let rows = rows();
        let packed: IndexRows = rows.iter().collect();
        assert_eq!(packed.len(), rows.len());
        let back: Vec<IndexRow> = packed.iter().collect();
        assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&rows).unwrap());
        let json = serde_json::to_vec_pretty(&packed).unwrap();
        assert!(json == serde_json::to_vec_pretty(&rows).unwrap());
        assert_eq!(serde_json::from_slice::<IndexRows>(&json).unwrap(), packed, "read back");
        assert!(IndexRows::new().is_empty());
    }

    #[cfg(feature = "render")]
    #[test]
    fn the_overview_reads_a_packed_row_as_the_row() {
        let rows = rows();
        let packed: IndexRows = rows.iter().collect();
        for (row, packed) in rows.iter().zip(packed.refs()) {
            assert_eq!(packed.file(), row.file());
            assert_eq!(packed.company(), row.company());
            assert_eq!(packed.solution(), row.solution());
            assert_eq!(packed.error(), row.error());
            assert_eq!(packed.completeness(), row.completeness());
            for severity in [GapSeverity::High, GapSeverity::Medium, GapSeverity::Low] {
                assert_eq!(OverviewRow::gaps(&packed, severity), OverviewRow::gaps(row, severity));
            }
            assert!(OverviewRow::engagements(&packed).eq(OverviewRow::engagements(row)));
            assert!(OverviewRow::gap_rules(&packed).eq(OverviewRow::gap_rules(row)));
            assert_eq!(packed.previous_file(), row.previous_file());
            assert_eq!(packed.progress(), OverviewRow::progress(row));
        }
    }
}
