//! What changed between two returns of the same vendor: answers added, removed and changed (with their
//! states, so an answer that went from unknown to answered shows), table rows matched by what identifies
//! them, the gaps the new return closed, opened or left open, and the completeness of each section before
//! and after.
//!
//! [`diff`] compares two profiles; it analyses both itself ([`analyse`] is pure and
//! cheap). The [`Diff`] serialises to the JSON `discovery diff --format json` prints and reads back from it:
//!
//! ```json
//! {"changes": [{"key": "requirements.disaster_recovery.rto", "kind": "changed", "old": "TBD", "new": "PT4H",
//!               "old_state": "unknown", "new_state": "answered", "location": "Profile!D30"}],
//!  "gaps": {"closed": [...], "opened": [...], "still_open": [...]},
//!  "completeness": {"old": {...}, "new": {...}}}
//! ```
//!
//! A change's `old` and `new` are the answer's JSON value, or the text as written when its state is
//! recorded (unknown, not applicable, invalid), or `null` when there is none. A question or a table cell
//! whose notes changed carries `"notes": {"old", "new"}`, and is a change of its own when its answer did
//! not change. A table row added or removed
//! is one change keyed by the row (`architecture.components[3]`) whose value is the row; a row in both
//! returns is compared cell by cell, keyed by the new return's row. A gap is the same gap in both returns
//! when its rule and its keys match, table rows' keys taken through the row matching.

mod rows;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::analyse::{analyse, Analysis, Completeness, Gap};
use crate::profile::catalogue::{split_key, AnswerKind, Table};
use crate::profile::{Answers, Profile, State, QUESTIONS};

/// What changed between two returns of one questionnaire. Two diffs are equal when their changes, gaps
/// and completeness are (a diff read back from its JSON equals the diff it was written from).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diff {
    /// The answers added, removed and changed, in questionnaire order.
    pub changes: Vec<Change>,
    /// The gaps closed, opened and still open.
    pub gaps: GapChanges,
    /// Completeness before and after, overall and per section.
    pub completeness: CompletenessChange,
    /// The old return's table rows found in the new one (`engagements[0]` is now `engagements[1]`), as
    /// [`Diff::now_key`] uses them; `None` for a diff read back from JSON, which does not hold them.
    #[serde(skip)]
    rows: Option<Vec<(String, String)>>,
}

impl PartialEq for Diff {
    fn eq(&self, other: &Diff) -> bool {
        self.changes == other.changes && self.gaps == other.gaps && self.completeness == other.completeness
    }
}

/// One answer that differs between the returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Change {
    /// The dotted key (`meta.contact_email`), a table cell (`engagements[1].priority`, the row as the new
    /// return numbers it) or a table row added or removed (`architecture.components[3]`).
    pub key: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The old answer: its value, or the text as written when its state is recorded; `None` when missing.
    pub old: Option<Value>,
    /// The new answer, likewise.
    pub new: Option<Value>,
    /// The old answer's state.
    pub old_state: State,
    /// The new answer's state.
    pub new_state: State,
    /// The cell the answer was read from (`Profile!D30`): the new return's, or the old one's for an answer
    /// removed; `None` for a profile that did not come from a spreadsheet.
    pub location: Option<String>,
    /// The vendor's notes on a question's answer (its Notes column, or an explanation moved out of the
    /// answer cell), before and after, when they differ; `None` when they do not. A change whose answer is
    /// the same and whose notes are not is a `changed` change with this alone to say (see
    /// [`Change::notes_only`]). Serialised only when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<NotesChange>,
}

/// The notes on an answer before and after (`None`: no notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotesChange {
    /// The old return's notes.
    pub old: Option<String>,
    /// The new return's notes.
    pub new: Option<String>,
}

impl Change {
    /// Whether only the notes changed: the answer, its value and its state, says the same (a list in
    /// another order says the same).
    pub fn notes_only(&self) -> bool {
        let kind = crate::profile::catalogue::kind_of(&self.key).unwrap_or(AnswerKind::Text);
        self.notes.is_some()
            && self.old_state == self.new_state
            && same_value(kind, self.old.as_ref(), self.new.as_ref())
    }
}

/// How an answer changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ChangeKind {
    /// The old return left it empty; the new one says something.
    Added,
    /// The old return said something; the new one leaves it empty.
    Removed,
    /// Both say something, and it differs (in value, in state, or in the text as written).
    Changed,
}

impl ChangeKind {
    /// The lowercase name used in JSON (`changed`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// The gaps of the two returns, compared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GapChanges {
    /// Gaps of the old return that the new one no longer has, as the old return had them.
    pub closed: Vec<Gap>,
    /// Gaps of the new return that the old one did not have, about an answer that changed or that no gap
    /// of the old return was about.
    pub opened: Vec<Gap>,
    /// Gaps of both returns, as the new return has them; also a gap of the new return about answers that did
    /// not change and that a gap of the old return was about already (another rule reports them now: a
    /// missing authentication answer once folded into regulated-without-security is no new gap).
    pub still_open: Vec<Gap>,
}

/// Completeness before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CompletenessChange {
    /// The old return's.
    pub old: Completeness,
    /// The new return's.
    pub new: Completeness,
}

/// How a vendor's return moved since their previous one, as the portfolio groups vendors: by completeness,
/// and when that stayed the same by the gaps closed against those opened.
///
/// ```
/// use discovery::diff::Progress;
/// assert_eq!(Progress::of(2.5, 0, 1), Progress::Improved);
/// assert_eq!(Progress::of(0.0, 1, 3), Progress::WentBackwards);
/// assert_eq!(Progress::of(0.0, 2, 2), Progress::Unchanged);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Progress {
    /// Less complete, or as complete with more gaps opened than closed.
    WentBackwards,
    /// More complete, or as complete with more gaps closed than opened.
    Improved,
    /// As complete, with as many gaps closed as opened.
    Unchanged,
    /// No previous return to compare with.
    New,
}

impl Progress {
    /// Every kind of progress, in the order the portfolio lists them: those that need attention first.
    pub const ALL: [Progress; 4] = [Progress::WentBackwards, Progress::Improved, Progress::Unchanged, Progress::New];

    /// The progress of a return whose completeness changed by `completeness_change` points and which closed
    /// `gaps_closed` and opened `gaps_opened` gaps.
    pub fn of(completeness_change: f64, gaps_closed: usize, gaps_opened: usize) -> Progress {
        if completeness_change > 0.0 {
            Progress::Improved
        } else if completeness_change < 0.0 {
            Progress::WentBackwards
        } else if gaps_closed > gaps_opened {
            Progress::Improved
        } else if gaps_opened > gaps_closed {
            Progress::WentBackwards
        } else {
            Progress::Unchanged
        }
    }

    /// The words for it: `went backwards`.
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::WentBackwards => "went backwards",
            Progress::Improved => "improved",
            Progress::Unchanged => "unchanged",
            Progress::New => "new",
        }
    }
}

impl Diff {
    /// How the new return moved since the old one.
    pub fn progress(&self) -> Progress {
        Progress::of(self.completeness_change(), self.gaps.closed.len(), self.gaps.opened.len())
    }

    /// The change of overall completeness in percentage points, rounded to one decimal (`+6.4`, `-2.0`).
    pub fn completeness_change(&self) -> f64 {
        ((self.completeness.new.overall - self.completeness.old.overall) * 10.0).round() / 10.0
    }

    /// The changes to question `key`: to its answer, or for a table to its rows and cells.
    pub fn changes_to(&self, key: &str) -> impl Iterator<Item = &Change> + '_ {
        let prefix = format!("{key}[");
        let key = key.to_owned();
        self.changes.iter().filter(move |c| c.key == key || c.key.starts_with(&prefix))
    }

    /// The key an old return's key (a closed gap's, say) has in the new return: a table row's cell as the new
    /// return numbers its rows (`engagements[0].success_criteria` may be `engagements[1].success_criteria`),
    /// `None` when the new return no longer has that row. A key outside a table row is itself, and so is
    /// every key of a diff read back from JSON, which does not know the rows.
    pub fn now_key(&self, old_key: &str) -> Option<String> {
        match &self.rows {
            Some(rows) => through_rows(rows, old_key).ok(),
            None => Some(old_key.to_owned()),
        }
    }

    /// How many answers changed: the changes but those of notes alone ([`Change::notes_only`]).
    pub fn answers_changed(&self) -> usize {
        self.changes.iter().filter(|c| !c.notes_only()).count()
    }

    /// How many questions' notes changed beside an answer that did not.
    pub fn notes_changed(&self) -> usize {
        self.changes.iter().filter(|c| c.notes_only()).count()
    }

    /// Whether nothing changed: no answer, no note, and no gap.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.gaps.closed.is_empty() && self.gaps.opened.is_empty()
    }
}

/// What changed from the `old` return to the `new` one.
///
/// ```
/// use discovery::diff::{diff, ChangeKind};
/// use discovery::profile::{Profile, State};
/// let json = std::fs::read_to_string("samples/mueller-soen-partial.json")?;
/// let old: Profile = serde_json::from_str(&json)?;
/// let mut new = old.clone();
/// // The vendor found out their recovery time objective.
/// new.answer_states.remove("requirements.disaster_recovery.rto");
/// new.requirements.disaster_recovery.rto = Some("PT4H".parse()?);
/// let changes = diff(&old, &new);
/// let rto = &changes.changes[0];
/// assert_eq!((rto.key.as_str(), rto.kind), ("requirements.disaster_recovery.rto", ChangeKind::Changed));
/// assert_eq!((rto.old_state, rto.new_state), (State::Unknown, State::Answered));
/// assert_eq!(changes.gaps.closed.len(), 1);
/// assert!(changes.completeness_change() > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(old: &Profile, new: &Profile) -> Diff {
    diff_analysed(old, &analyse(old), new, &analyse(new))
}

/// [`diff`] of two profiles already analysed.
pub fn diff_analysed(old: &Profile, old_analysis: &Analysis, new: &Profile, new_analysis: &Analysis) -> Diff {
    let (old_answers, new_answers) = (Answers::new(old), Answers::new(new));
    let mut changes = Vec::new();
    // Table rows by their place in each return: how an old row's keys read in the new return.
    let mut renumbered: Vec<(String, String)> = Vec::new();
    for question in QUESTIONS {
        match question.kind {
            AnswerKind::Table(table) => {
                table_changes(table, &old_answers, &new_answers, &mut changes, &mut renumbered);
            }
            kind => {
                let before = rows::cell(&old_answers, question.key, old_answers.value(question.key));
                let after = rows::cell(&new_answers, question.key, new_answers.value(question.key));
                let notes = notes_change(old.notes.get(question.key), new.notes.get(question.key));
                match compare(question.key, kind, before.clone(), after.clone(), old, new) {
                    Some(change) => changes.push(Change { notes, ..change }),
                    None => changes.extend(notes.map(|notes| notes_only(question.key, before, after, notes, new))),
                }
            }
        }
    }
    // A note alone changes no gap.
    let answers: Vec<&Change> = changes.iter().filter(|c| !c.notes_only()).collect();
    let gaps = gap_changes(&old_analysis.gaps, &new_analysis.gaps, &renumbered, &answers);
    Diff {
        changes,
        gaps,
        completeness: CompletenessChange {
            old: old_analysis.completeness.clone(),
            new: new_analysis.completeness.clone(),
        },
        rows: Some(renumbered),
    }
}

/// The change from `before` to `after` of the answer at `key`, if it changed.
fn compare(
    key: &str,
    kind: AnswerKind,
    before: rows::Cell,
    after: rows::Cell,
    old: &Profile,
    new: &Profile,
) -> Option<Change> {
    if before.state == after.state && same_value(kind, before.value.as_ref(), after.value.as_ref()) {
        return None;
    }
    let kind = match (before.state, after.state) {
        (State::Missing, _) => ChangeKind::Added,
        (_, State::Missing) => ChangeKind::Removed,
        _ => ChangeKind::Changed,
    };
    let location = match kind {
        ChangeKind::Removed => old.sources.get(key),
        _ => new.sources.get(key),
    };
    Some(Change {
        key: key.to_owned(),
        kind,
        old: before.value,
        new: after.value,
        old_state: before.state,
        new_state: after.state,
        location: location.cloned(),
        notes: None,
    })
}

/// The notes on an answer before and after, if they differ.
fn notes_change(old: Option<&String>, new: Option<&String>) -> Option<NotesChange> {
    (old != new).then(|| NotesChange { old: old.cloned(), new: new.cloned() })
}

/// The change of the notes alone on the answer at `key`, which says the same in both returns.
fn notes_only(key: &str, before: rows::Cell, after: rows::Cell, notes: NotesChange, new: &Profile) -> Change {
    Change {
        key: key.to_owned(),
        kind: ChangeKind::Changed,
        old: before.value,
        new: after.value,
        old_state: before.state,
        new_state: after.state,
        location: new.sources.get(key).cloned(),
        notes: Some(notes),
    }
}

/// Whether two values say the same: lists and multiple choices without regard to their order.
fn same_value(kind: AnswerKind, a: Option<&Value>, b: Option<&Value>) -> bool {
    match (kind, a, b) {
        (AnswerKind::List | AnswerKind::Choices(_), Some(Value::Array(a)), Some(Value::Array(b))) => {
            let sorted = |items: &[Value]| {
                let mut texts: Vec<String> = items.iter().map(Value::to_string).collect();
                texts.sort();
                texts
            };
            sorted(a) == sorted(b)
        }
        _ => a == b,
    }
}

/// The changes to one table: its state as a whole, rows removed and added, and the cells of rows in both.
fn table_changes(
    table: &'static Table,
    old_answers: &Answers,
    new_answers: &Answers,
    changes: &mut Vec<Change>,
    renumbered: &mut Vec<(String, String)>,
) {
    let (old, new) = (old_answers.profile(), new_answers.profile());
    // A table answered as a whole (N/A) records its state under the table's own key.
    let whole = |answers: &Answers| rows::cell(answers, table.key, None);
    let (before, after) = (whole(old_answers), whole(new_answers));
    if before != after {
        let state = |answers: &Answers| answers.state(table.key);
        changes.push(Change {
            key: table.key.to_owned(),
            kind: match (before.value.is_some(), after.value.is_some()) {
                (false, true) => ChangeKind::Added,
                (true, false) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            },
            old: before.value,
            new: after.value,
            old_state: state(old_answers),
            new_state: state(new_answers),
            location: new.sources.get(table.key).or_else(|| old.sources.get(table.key)).cloned(),
            notes: None,
        });
    }
    let (old_rows, new_rows) = (rows::rows(old_answers, table), rows::rows(new_answers, table));
    let pairs = rows::pair(table, &old_rows, &new_rows);
    let first = &table.columns[0];
    let mut found: Vec<(usize, Change)> = Vec::new();
    for (i, row) in old_rows.iter().enumerate().filter(|(i, _)| !pairs.iter().any(|(o, _)| o == i)) {
        found.push((
            usize::MAX,
            Change {
                key: format!("{}[{i}]", table.key),
                kind: ChangeKind::Removed,
                old: Some(rows::row_value(table, row)),
                new: None,
                old_state: State::Answered,
                new_state: State::Missing,
                location: old.sources.get(&rows::cell_key(table, i, first)).cloned(),
                notes: None,
            },
        ));
    }
    for &(i, j) in &pairs {
        renumbered.push((format!("{}[{i}]", table.key), format!("{}[{j}]", table.key)));
        for (c, column) in table.columns.iter().enumerate() {
            let key = rows::cell_key(table, j, column);
            let before = old_rows[i][c].clone();
            let after = new_rows[j][c].clone();
            // The notes on the cell (an explanation moved out of it), the old one under its old row's key.
            let notes = notes_change(old.notes.get(&rows::cell_key(table, i, column)), new.notes.get(&key));
            match compare(&key, column.kind, before.clone(), after.clone(), old, new) {
                Some(mut change) => {
                    if change.kind == ChangeKind::Removed {
                        change.location = new.sources.get(&key).cloned();
                    }
                    found.push((j, Change { notes, ..change }));
                }
                None => found.extend(notes.map(|notes| (j, notes_only(&key, before, after, notes, new)))),
            }
        }
    }
    for (j, row) in new_rows.iter().enumerate().filter(|(j, _)| !pairs.iter().any(|(_, n)| n == j)) {
        found.push((
            j,
            Change {
                key: format!("{}[{j}]", table.key),
                kind: ChangeKind::Added,
                old: None,
                new: Some(rows::row_value(table, row)),
                old_state: State::Missing,
                new_state: State::Answered,
                location: new.sources.get(&rows::cell_key(table, j, first)).cloned(),
                notes: None,
            },
        ));
    }
    // Rows removed first, then in the new return's order, each row's cells in column order.
    found.sort_by_key(|(j, _)| j.wrapping_add(1));
    changes.extend(found.into_iter().map(|(_, change)| change));
}

/// An old return's key as the new return numbers its table rows (`rows`: old row, new row): the key
/// itself outside a table row; `Err` with the old row (`engagements[0]`) when the new return has no such row.
fn through_rows(rows: &[(String, String)], old_key: &str) -> Result<String, String> {
    let (base, row, _) = split_key(old_key);
    let Some(row) = row else { return Ok(old_key.to_owned()) };
    let old_row = format!("{base}[{row}]");
    match rows.iter().find(|(old, _)| *old == old_row) {
        Some((_, new_row)) => Ok(format!("{new_row}{}", &old_key[old_row.len()..])),
        None => Err(old_row),
    }
}

/// The gaps of two returns compared by rule and keys, the old return's table rows renumbered as the new
/// return numbers them.
fn gap_changes(old: &[Gap], new: &[Gap], renumbered: &[(String, String)], answers: &[&Change]) -> GapChanges {
    let renumber = |key: &str| -> String {
        // A row the new return no longer has: no gap of the new return can be about it.
        through_rows(renumbered, key).unwrap_or_else(|old_row| format!("{old_row} (removed){}", &key[old_row.len()..]))
    };
    let identity = |gap: &Gap, keys: Vec<String>| (gap.id, keys);
    let old_ids: BTreeSet<_> = old.iter().map(|g| identity(g, g.keys.iter().map(|k| renumber(k)).collect())).collect();
    let new_ids: BTreeSet<_> = new.iter().map(|g| identity(g, g.keys.clone())).collect();
    // The keys some gap of the old return was about, as the new return numbers its rows.
    let covered: BTreeSet<String> = old.iter().flat_map(|g| g.keys.iter().map(|k| renumber(k))).collect();
    // Whether an answer changed at `key`, above it (its table row, its table) or below it (a cell of its
    // row): looked up by key, so that tables of thousands of rows with thousands of changes stay fast.
    let changed_keys: BTreeSet<&str> = answers.iter().map(|c| c.key.as_str()).collect();
    let changed = |key: &str| {
        let mut above = key.match_indices(['[', '.']).map(|(i, _)| &key[..i]).chain([key]);
        let below = |sep: char| {
            let prefix = format!("{key}{sep}");
            changed_keys.range::<&str, _>(prefix.as_str()..).next().is_some_and(|c| c.starts_with(&prefix))
        };
        above.any(|a| changed_keys.contains(a)) || below('[') || below('.')
    };
    let mut changes = GapChanges::default();
    for gap in old {
        if !new_ids.contains(&identity(gap, gap.keys.iter().map(|k| renumber(k)).collect())) {
            changes.closed.push(gap.clone());
        }
    }
    for gap in new {
        let same_answers = || gap.keys.iter().all(|k| covered.contains(k) && !changed(k));
        if old_ids.contains(&identity(gap, gap.keys.clone())) || same_answers() {
            changes.still_open.push(gap.clone());
        } else {
            changes.opened.push(gap.clone());
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::RuleId;
    use crate::profile::{
        AnswerState, Component, DataStore, Engagement, EngagementType, Priority, RecordedState, YesNo,
    };

    fn mueller() -> Profile {
        serde_json::from_str(include_str!("../../samples/mueller-soen-partial.json")).unwrap()
    }

    fn fabrikam() -> Profile {
        serde_json::from_str(include_str!("../../samples/fabrikam-routewise.json")).unwrap()
    }

    #[test]
    fn the_same_return_has_no_changes_and_every_gap_still_open() {
        let profile = mueller();
        let d = diff(&profile, &profile);
        assert!(d.changes.is_empty());
        assert!(d.is_empty());
        assert_eq!(d.gaps.still_open, analyse(&profile).gaps);
        assert_eq!(d.completeness_change(), 0.0);
    }

    /// A vendor who answers a follow-up in the Notes column, or changes the explanation after an answer,
    /// changed something: the note is a change of its own when the answer is the same, and rides on the
    /// answer's change when it is not. A note alone changes no gap.
    #[test]
    fn notes_changed_are_changes_and_change_no_gap() {
        let old = fabrikam();
        let mut new = old.clone();
        let (zones, rto) = ("requirements.availability.multi_zone", "requirements.disaster_recovery.rto");
        new.notes.insert(zones.into(), "We now run in 3 zones, confirmed".into());
        new.notes.insert(rto.into(), "agreed with operations".into());
        new.requirements.disaster_recovery.rto = Some("PT2H".parse().unwrap());
        let d = diff(&old, &new);
        let found: Vec<(&str, bool, Option<&str>, Option<&str>)> = d
            .changes
            .iter()
            .map(|c| {
                let notes = c.notes.as_ref().expect("each change here is about notes");
                (c.key.as_str(), c.notes_only(), notes.old.as_deref(), notes.new.as_deref())
            })
            .collect();
        assert_eq!(
            found,
            [
                (zones, true, old.notes.get(zones).map(String::as_str), Some("We now run in 3 zones, confirmed")),
                (rto, false, None, Some("agreed with operations")),
            ]
        );
        let only_rto = {
            let mut p = new.clone();
            p.notes = old.notes.clone();
            diff(&old, &p)
        };
        assert_eq!(d.gaps, only_rto.gaps);
        assert_eq!((d.answers_changed(), d.notes_changed()), (1, 1));
        // A list in another order says the same: with a new note, only the note changed.
        let mut reordered = old.clone();
        let tools = reordered.technology.operations.monitoring.as_mut().expect("the sample names its monitoring");
        assert!(tools.len() > 1, "the sample names more than one tool");
        tools.reverse();
        reordered.notes.insert("technology.operations.monitoring".into(), "both in production".into());
        let note_only = diff(&old, &reordered);
        assert_eq!(note_only.changes.len(), 1);
        assert!(note_only.changes[0].notes_only());
        // A table cell's note, on a row that moved: under the new return's row.
        let mut old_cells = old.clone();
        old_cells.notes.insert("architecture.data_stores[0].size".into(), "about 1.8 TB".into());
        let mut moved = old_cells.clone();
        moved.architecture.data_stores.insert(0, DataStore { name: Some("Audit log".into()), ..Default::default() });
        moved.notes.remove("architecture.data_stores[0].size");
        moved.notes.insert("architecture.data_stores[1].size".into(), "about 2 TB, growing".into());
        let cells = diff(&old_cells, &moved);
        let cell = cells.changes.iter().find(|c| c.key == "architecture.data_stores[1].size").expect("the cell's note");
        assert!(cell.notes_only(), "{cell:?}");
        let notes = cell.notes.as_ref().unwrap();
        assert_eq!((notes.old.as_deref(), notes.new.as_deref()), (Some("about 1.8 TB"), Some("about 2 TB, growing")));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["changes"][0]["notes"]["new"], "We now run in 3 zones, confirmed");
        assert!(serde_json::to_value(&only_rto).unwrap()["changes"][0].get("notes").is_none());
    }

    #[test]
    fn answers_added_removed_and_changed_carry_their_states() {
        let old = mueller();
        let mut new = old.clone();
        new.solution.customers = Some("Physiotherapy practices".into());
        new.meta.completed_by = None;
        new.answer_states.remove("requirements.disaster_recovery.rto");
        new.requirements.disaster_recovery.rto = Some("PT4H".parse().unwrap());
        new.answer_states
            .insert("requirements.availability.multi_zone".into(), AnswerState::new(RecordedState::Unknown, "TBD"));
        new.requirements.availability.multi_zone = None;
        let d = diff(&old, &new);
        let found: Vec<(&str, ChangeKind, State, State)> =
            d.changes.iter().map(|c| (c.key.as_str(), c.kind, c.old_state, c.new_state)).collect();
        assert_eq!(
            found,
            [
                ("meta.completed_by", ChangeKind::Removed, State::Answered, State::Missing),
                ("solution.customers", ChangeKind::Added, State::Missing, State::Answered),
                ("requirements.availability.multi_zone", ChangeKind::Changed, State::Answered, State::Unknown),
                ("requirements.disaster_recovery.rto", ChangeKind::Changed, State::Unknown, State::Answered),
            ]
        );
        let rto = &d.changes[3];
        assert_eq!((rto.old.as_ref().unwrap(), rto.new.as_ref().unwrap()), (&Value::from("TBD"), &Value::from("PT4H")));
        assert_eq!(d.changes[2].old, Some(Value::from("no")));
    }

    #[test]
    fn a_list_in_another_order_is_no_change() {
        let old = fabrikam();
        let mut new = old.clone();
        new.architecture.regions.as_mut().unwrap().reverse();
        new.solution.commercial_model.as_mut().unwrap().reverse();
        assert!(diff(&old, &new).changes.is_empty());
    }

    #[test]
    fn rows_are_matched_by_name_so_an_inserted_row_is_one_change() {
        let old = fabrikam();
        let mut new = old.clone();
        let gateway = Component { name: Some("API gateway".into()), ..Default::default() };
        new.architecture.components.insert(0, gateway);
        new.architecture.components[3].technology = Some("Java 21, Timefold".into());
        new.architecture.components.retain(|c| c.name.as_deref() != Some("Driver app"));
        let d = diff(&old, &new);
        let found: Vec<(&str, ChangeKind)> = d.changes.iter().map(|c| (c.key.as_str(), c.kind)).collect();
        assert_eq!(
            found,
            [
                ("architecture.components[4]", ChangeKind::Removed),
                ("architecture.components[0]", ChangeKind::Added),
                ("architecture.components[3].technology", ChangeKind::Changed),
            ]
        );
        assert_eq!(d.changes[0].old.as_ref().unwrap()["name"], "Driver app");
    }

    #[test]
    fn a_gap_on_a_table_row_that_moved_is_still_the_same_gap() {
        let mut old = fabrikam();
        old.engagements[1].success_criteria = None;
        let mut new = old.clone();
        let first = Engagement {
            kind: Some(EngagementType::ArchitectureDesignSession),
            priority: Some(Priority::Low),
            success_criteria: Some("A design".into()),
            ..Default::default()
        };
        new.engagements.insert(0, first);
        let d = diff(&old, &new);
        let criteria: Vec<&Gap> =
            d.gaps.still_open.iter().filter(|g| g.id == RuleId::EngagementWithoutCriteria).collect();
        assert_eq!(criteria.len(), 1, "{:#?}", d.gaps);
        assert_eq!(criteria[0].keys, ["engagements[2].success_criteria"]);
        assert!(d.gaps.opened.iter().all(|g| g.id != RuleId::EngagementWithoutCriteria));
        assert!(d.gaps.closed.is_empty(), "{:#?}", d.gaps.closed);
    }

    /// A closed gap is the previous return's, numbered as it numbered its rows; `now_key` finds the row in
    /// the new return, or says it is gone.
    #[test]
    fn a_closed_gaps_row_is_found_where_the_new_return_has_it() {
        let mut old = fabrikam();
        old.engagements[1].success_criteria = None;
        let mut new = old.clone();
        new.engagements[1].success_criteria = Some("Criteria agreed".into());
        let first = Engagement {
            kind: Some(EngagementType::ArchitectureDesignSession),
            priority: Some(Priority::Low),
            ..Default::default()
        };
        new.engagements.insert(0, first);
        let d = diff(&old, &new);
        let closed: Vec<&Gap> = d.gaps.closed.iter().filter(|g| g.id == RuleId::EngagementWithoutCriteria).collect();
        assert_eq!(closed.len(), 1, "{:#?}", d.gaps);
        assert_eq!(closed[0].keys, ["engagements[1].success_criteria"]);
        assert_eq!(d.now_key("engagements[1].success_criteria").as_deref(), Some("engagements[2].success_criteria"));
        assert_eq!(d.now_key("meta.company_name").as_deref(), Some("meta.company_name"));
        // A row the new return no longer has.
        let mut fewer = old.clone();
        fewer.engagements.remove(1);
        assert_eq!(diff(&old, &fewer).now_key("engagements[1].success_criteria"), None);
        // Read back from JSON, a diff does not know the rows.
        let read: Diff = serde_json::from_value(serde_json::to_value(&d).unwrap()).unwrap();
        assert_eq!(read.now_key("engagements[1].priority").as_deref(), Some("engagements[1].priority"));
    }

    #[test]
    fn gaps_closed_and_opened_follow_the_answers() {
        let old = fabrikam();
        let mut new = old.clone();
        new.requirements.availability.sla_target_percent = Some(crate::profile::Percent::new(99.95).unwrap());
        new.requirements.availability.multi_zone = Some(YesNo::No);
        let d = diff(&old, &new);
        assert_eq!(d.gaps.opened.iter().map(|g| g.id).collect::<Vec<_>>(), [RuleId::SlaWithoutZones]);
        assert!(d.gaps.closed.is_empty());
        let back = diff(&new, &old);
        assert_eq!(back.gaps.closed.iter().map(|g| g.id).collect::<Vec<_>>(), [RuleId::SlaWithoutZones]);
    }

    #[test]
    fn a_gap_another_rule_reported_before_is_still_open_not_opened() {
        // HIPAA dropped: regulated-without-security closes, and the missing authentication and network
        // answers it was about are reported as missing answers now. They did not change: still open.
        let old = mueller();
        let mut new = old.clone();
        new.requirements.governance.regulations = Some(vec![crate::profile::Regulation::Gdpr]);
        let d = diff(&old, &new);
        assert_eq!(d.gaps.closed.iter().map(|g| g.id).collect::<Vec<_>>(), [RuleId::RegulatedWithoutSecurity]);
        assert!(d.gaps.opened.is_empty(), "{:#?}", d.gaps.opened);
        let missing: Vec<&str> = d
            .gaps
            .still_open
            .iter()
            .filter(|g| old_gap_absent(&old, g))
            .flat_map(|g| g.keys.iter().map(String::as_str))
            .collect();
        assert!(missing.contains(&"requirements.security.authentication"), "{missing:?}");
        // The same gap on an answer that changed is opened: an authentication answer made unknown again.
        let mut better = new.clone();
        better.answer_states.remove("requirements.security.authentication");
        better.requirements.security.authentication = Some("Entra ID".into());
        let d = diff(&better, &new);
        assert!(d.gaps.opened.iter().any(|g| g.keys == ["requirements.security.authentication"]), "{:#?}", d.gaps);
    }

    /// Whether the old return had no gap of this rule and keys.
    fn old_gap_absent(old: &Profile, gap: &Gap) -> bool {
        !analyse(old).gaps.iter().any(|g| g.id == gap.id && g.keys == gap.keys)
    }

    #[test]
    fn the_diff_reads_back_from_its_json() {
        let old = mueller();
        let mut new = fabrikam();
        new.engagements.pop();
        let d = diff(&old, &new);
        let json = serde_json::to_string(&d).unwrap();
        let read: Diff = serde_json::from_str(&json).unwrap();
        assert_eq!(read, d);
        let value: Value = serde_json::from_str(&json).unwrap();
        let fields: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["changes", "gaps", "completeness"]);
        let change: Vec<&str> = value["changes"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(change, ["key", "kind", "old", "new", "old_state", "new_state", "location"]);
        let gaps: Vec<&str> = value["gaps"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(gaps, ["closed", "opened", "still_open"]);
    }
}
