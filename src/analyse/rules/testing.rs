//! What the tests of every rule file share: the gaps of one rule on a profile, and edits that record a
//! state or a cell as import would.

use crate::analyse::{analyse, Gap, RuleId};
use crate::profile::{AnswerState, Profile, RecordedState};

/// The gaps of rule `id`.
pub(super) fn gaps(profile: &Profile, id: RuleId) -> Vec<Gap> {
    analyse(profile).gaps.into_iter().filter(|g| g.id == id).collect()
}

/// The one gap of rule `id`; fails when there is none or more than one.
pub(super) fn one(profile: &Profile, id: RuleId) -> Gap {
    let mut found = gaps(profile, id);
    assert_eq!(found.len(), 1, "{id}: {found:#?}");
    found.remove(0)
}

/// Fails when rule `id` finds a gap.
pub(super) fn quiet(profile: &Profile, id: RuleId) {
    let found = gaps(profile, id);
    assert!(found.is_empty(), "{id} fired: {found:#?}");
}

/// Records a state for `key` as import would, with the value cleared.
pub(super) fn record(profile: &mut Profile, key: &str, state: RecordedState, raw: &str) {
    profile.answer_states.insert(key.to_owned(), AnswerState { state, raw: raw.to_owned() });
}

/// Records the cell `key` was read from.
pub(super) fn source(profile: &mut Profile, key: &str, cell: &str) {
    profile.sources.insert(key.to_owned(), cell.to_owned());
}

/// The gap's keys, as text.
pub(super) fn keys(gap: &Gap) -> Vec<&str> {
    gap.keys.iter().map(String::as_str).collect()
}
