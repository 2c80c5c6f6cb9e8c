//! Generic, catalogue-driven access to a profile's answers by dotted key.
//!
//! Gap analysis, completeness and the report walk the catalogue rather than the struct fields; these
//! helpers give them each answer's JSON value and state without a match over every field.

use serde::Serialize;
use serde_json::Value;

use super::catalogue::{Question, QUESTIONS};
use super::types::{
    Architecture, Engagement, Meta, Profile, Readiness, Requirements, Schedule, Solution, State, Technology,
};

/// A profile's answers as JSON, looked up by dotted key.
///
/// Built once per profile (one serialisation), then each lookup is a short walk.
///
/// ```
/// use discovery::profile::{Answers, Profile, State};
/// let mut profile = Profile::default();
/// profile.meta.company_name = Some("Contoso Analytics".into());
/// let answers = Answers::new(&profile);
/// assert_eq!(answers.state("meta.company_name"), State::Answered);
/// assert_eq!(answers.value("meta.company_name").and_then(|v| v.as_str()), Some("Contoso Analytics"));
/// assert_eq!(answers.state("meta.solution_name"), State::Missing);
/// ```
#[derive(Debug, Clone)]
pub struct Answers<'p> {
    profile: &'p Profile,
    json: Value,
}

/// The field `name` of an object, or with an index (`data_stores[1]`), that item of the field's list. A
/// profile's objects have a few dozen fields at most, so they are looked through rather than hashed: a
/// report looks up about 800 answers, each a walk of two or three fields.
fn field<'v>(node: &'v Value, name: &str) -> Option<&'v Value> {
    let Value::Object(fields) = node else { return None };
    if let Some((name, index)) = name.strip_suffix(']').and_then(|n| n.split_once('[')) {
        let Value::Array(items) = field(node, name)? else { return None };
        let index = index.bytes().all(|b| b.is_ascii_digit()).then(|| index.parse::<usize>().ok()).flatten()?;
        return items.get(index);
    }
    fields.iter().find(|(key, _)| key.as_str() == name).map(|(_, value)| value)
}

/// The sections of a profile that hold answers, as [`Answers`] looks them up: every key of the catalogue
/// starts with one of them. The rest of a profile (the cell of every answer, recorded states, notes, text
/// not matched to a question) is about half its JSON, and no answer is looked up there.
#[derive(Serialize)]
struct Sections<'p> {
    meta: &'p Meta,
    solution: &'p Solution,
    architecture: &'p Architecture,
    requirements: &'p Requirements,
    readiness: &'p Readiness,
    schedule: &'p Schedule,
    technology: &'p Technology,
    engagements: &'p [Engagement],
}

impl<'p> Sections<'p> {
    fn of(profile: &'p Profile) -> Sections<'p> {
        Sections {
            meta: &profile.meta,
            solution: &profile.solution,
            architecture: &profile.architecture,
            requirements: &profile.requirements,
            readiness: &profile.readiness,
            schedule: &profile.schedule,
            technology: &profile.technology,
            engagements: &profile.engagements,
        }
    }
}

impl<'p> Answers<'p> {
    /// Reads the profile's answers.
    pub fn new(profile: &'p Profile) -> Answers<'p> {
        let json = serde_json::to_value(Sections::of(profile)).expect("a profile always serialises");
        Answers { profile, json }
    }

    /// The profile the answers come from.
    pub fn profile(&self) -> &'p Profile {
        self.profile
    }

    /// The answer's value, if it has one (an empty list or table counts as none). `key` may name a table's
    /// row or cell by its index (`architecture.data_stores[1].kind`), as gaps and diagnostics do.
    pub fn value(&self, key: &str) -> Option<&Value> {
        let value = key.split('.').try_fold(&self.json, |node, segment| field(node, segment))?;
        match value {
            Value::Null => None,
            Value::Array(items) if items.is_empty() => None,
            _ => Some(value),
        }
    }

    /// The answer's state: recorded in `answer_states`, else answered when it has a value, else missing.
    pub fn state(&self, key: &str) -> State {
        if let Some(recorded) = self.profile.answer_states.get(key) {
            return recorded.state.into();
        }
        if self.value(key).is_some() {
            State::Answered
        } else {
            State::Missing
        }
    }

    /// How many rows the table `key` has: the items of its array, and past them the rows that exist only
    /// as recorded states of their cells (an engagement whose every cell was unreadable).
    pub fn table_rows(&self, key: &str) -> usize {
        let items = self.value(key).and_then(Value::as_array).map_or(0, Vec::len);
        let prefix = format!("{key}[");
        let recorded = self
            .profile
            .answer_states
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix)?.split_once(']')?.0.parse::<usize>().ok())
            .map(|i| i + 1)
            .max()
            .unwrap_or(0);
        items.max(recorded)
    }

    /// Every question with its state, in questionnaire order.
    pub fn states(&self) -> impl Iterator<Item = (&'static Question, State)> + '_ {
        QUESTIONS.iter().map(move |q| (q, self.state(q.key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::catalogue::TABLES;

    /// Every answer is looked up in the sections alone exactly as in the whole profile.
    #[test]
    fn the_sections_hold_every_answer_the_whole_profile_holds() {
        for sample in ["samples/mueller-soen-partial.json", "samples/fabrikam-routewise.json"] {
            let text = std::fs::read_to_string(sample).unwrap();
            let profile: Profile = serde_json::from_str(&text).unwrap();
            let whole = serde_json::to_value(&profile).unwrap();
            let answers = Answers::new(&profile);
            let keys = QUESTIONS.iter().map(|q| q.key).chain(TABLES.iter().map(|t| t.key));
            let mut answered = 0;
            for key in keys {
                let expected = key.split('.').try_fold(&whole, |node, segment| node.get(segment));
                let expected = expected.filter(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()));
                assert_eq!(answers.value(key), expected, "{sample}: {key}");
                answered += usize::from(expected.is_some());
            }
            assert!(answered > 20, "{sample}: only {answered} answers");
        }
    }

    /// A table's row and cell are found by their index, as gaps name them.
    #[test]
    fn a_table_cell_is_found_by_its_index() {
        let text = std::fs::read_to_string("samples/fabrikam-routewise.json").unwrap();
        let profile: Profile = serde_json::from_str(&text).unwrap();
        let answers = Answers::new(&profile);
        let second = &profile.architecture.data_stores[1];
        assert!(second.name.is_some(), "the sample names its second data store");
        assert_eq!(answers.value("architecture.data_stores[1].name").and_then(Value::as_str), second.name.as_deref());
        assert_eq!(answers.state("architecture.data_stores[1].name"), State::Answered);
        assert!(answers.value("architecture.data_stores[1]").is_some_and(Value::is_object));
        for missing in ["architecture.data_stores[99].name", "architecture.data_stores[x].name", "meta[0]"] {
            assert_eq!(answers.value(missing), None, "{missing}");
        }
    }
}
