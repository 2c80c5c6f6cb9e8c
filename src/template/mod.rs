//! The questionnaire workbook a vendor fills in: written blank from the question catalogue, or filled with
//! a profile's answers the way a vendor would have typed them.
//!
//! The blank template is what the partner program sends out; the filled form serves samples, tests and
//! anyone who wants to hand a profile back to its vendor for corrections. Both have the same layout, which
//! the importer relies on: the sheets `Instructions`, `Profile`, `Components`, `Data stores`,
//! `Engagements`, `Milestones` and a hidden `Lists` sheet that holds the drop-down options; on the Profile
//! sheet a title row, an instruction row, the header row (`Key`, `Section`, `Question`, `Answer`, `Notes`,
//! `Importance`, `Guidance`) and then one row per question in catalogue order. The sheets are protected
//! without a password so that only the answer cells take input, and the file carries a fixed creation date
//! so that the same input always gives the same bytes. Both record the questionnaire's version, in a custom
//! document property and in the hidden Key column above the Profile sheet's header row, where import reads
//! it. The [follow-up workbook](crate::follow_up) is the same writer with a sheet in front and marked cells.

mod cells;
mod extra_text;
mod instructions;
mod lists;
mod place;
mod profile_sheet;
mod style;
mod tables;
#[cfg(all(test, feature = "import"))]
pub(crate) mod testing;

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::profile::catalogue::TABLES;
use crate::profile::{Answers, Profile, QUESTIONNAIRE_VERSION_LABEL, SCHEMA_VERSION};
use crate::{Error, ErrorKind};

use instructions::instructions_sheet;
use lists::OptionLists;
use profile_sheet::profile_sheet;
use tables::table_sheet;

pub(crate) use place::answer_cell;
pub(crate) use style::rgb;

/// The Profile sheet's header row, in column order. Column A (`Key`) is hidden.
pub const PROFILE_HEADERS: [&str; 7] = ["Key", "Section", "Question", "Answer", "Notes", "Importance", "Guidance"];

/// The workbook's sheets, in order. `Lists` is hidden.
pub const SHEETS: [&str; 7] =
    ["Instructions", "Profile", "Components", "Data stores", "Engagements", "Milestones", "Lists"];

/// The 0-based row of the Profile sheet's header row (row 3 as people count); questions start below it.
pub const PROFILE_HEADER_ROW: u32 = 2;

/// The fixed creation date written into every workbook, so that the same input gives the same bytes.
const CREATED: (u16, u8, u8) = (2026, 1, 1);

/// How many rows of a table sheet the drop-downs cover, well beyond the formatted rows.
const VALIDATED_TABLE_ROWS: u32 = 1000;

// The Profile sheet's columns.
const COL_KEY: u16 = 0;
const COL_SECTION: u16 = 1;
const COL_QUESTION: u16 = 2;
const COL_ANSWER: u16 = 3;
const COL_NOTES: u16 = 4;
const COL_IMPORTANCE: u16 = 5;
const COL_GUIDANCE: u16 = 6;

/// The Profile sheet's column widths, by column.
const PROFILE_WIDTHS: [u16; 7] = [44, 22, 60, 50, 40, 14, 42];

/// The width of the Instructions sheet's text column.
const INSTRUCTIONS_WIDTH: u16 = 100;

/// Choices for the workbook that are not part of the questionnaire itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateOptions {
    /// The partner program's name, printed in the title row (`Contoso ISV Program: technical discovery
    /// questionnaire`). Without one the title is generic.
    pub program_name: Option<String>,
    /// How many empty, formatted input rows each table sheet offers (after any filled rows).
    pub table_rows: u32,
}

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions { program_name: None, table_rows: 50 }
    }
}

impl TemplateOptions {
    /// The title printed at the top of the Instructions and Profile sheets.
    fn title(&self) -> String {
        match self.program_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("{name}: technical discovery questionnaire"),
            _ => "Technical discovery questionnaire".to_owned(),
        }
    }
}

/// The blank questionnaire, generated from the catalogue. Same bytes every run.
///
/// ```
/// use discovery::template::{write_template, TemplateOptions};
/// let bytes = write_template(&TemplateOptions::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// assert_eq!(bytes, write_template(&TemplateOptions::default())?);
/// # Ok::<(), discovery::Error>(())
/// ```
///
/// # Errors
/// Only when the workbook writer fails, which the fixed layout does not provoke; the error's kind is
/// [`ErrorKind::Output`].
pub fn write_template(options: &TemplateOptions) -> Result<Vec<u8>, Error> {
    build(None, options)
}

/// The questionnaire filled with a profile's answers, written as a vendor would type them.
///
/// Choices appear as their labels and yes/no answers as `Yes`, `No` or `Planned`; dates are date cells;
/// durations read `15 min`, `4 h` or `1 day` (ISO 8601 for anything else); sizes `2 TB` or `800 GB`;
/// numbers are numeric cells; lists and multiple choices have one item per line. Where the profile
/// records an answer state (none, not applicable, unknown, invalid) the cell holds the raw text as written, the
/// Notes column the vendor's notes, and text that matched no question follows the questions so that
/// nothing is lost. The vendor's other text ([`Profile::extras`]) is written back too: their own columns
/// right of the questionnaire's under their headers, their comments as cell notes with their author, their
/// links on a cell of the row that shows other text. Reading the workbook back gives the same profile,
/// apart from `sources`, the cells of the other text and the locations of unmatched text, which then name
/// the cells of this workbook, and the `questionnaire_version` the workbook records.
///
/// ```
/// use discovery::profile::{Profile, YesNo};
/// use discovery::template::{write_filled, TemplateOptions};
/// let mut profile = Profile::default();
/// profile.meta.company_name = Some("Contoso Analytics".into());
/// profile.requirements.availability.multi_zone = Some(YesNo::Planned);
/// let bytes = write_filled(&profile, &TemplateOptions::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), discovery::Error>(())
/// ```
///
/// # Errors
/// Only when the workbook writer fails, for example on a text longer than a cell holds (32,767
/// characters); the error's kind is [`ErrorKind::Output`].
pub fn write_filled(profile: &Profile, options: &TemplateOptions) -> Result<Vec<u8>, Error> {
    build(Some(profile), options)
}

fn build(profile: Option<&Profile>, options: &TemplateOptions) -> Result<Vec<u8>, Error> {
    write_workbook(profile, options, Extras::default()).map_err(output_error)
}

/// A workbook writer's failure as the library reports it.
pub(crate) fn output_error(error: XlsxError) -> Error {
    Error::new(ErrorKind::Output, format!("cannot write the questionnaire workbook: {error}")).with_source(error)
}

/// What a workbook carries beyond the questionnaire itself: the follow-up workbook's first sheet, its own
/// title, and the answer cells it marks. The blank and the filled questionnaire carry none of it.
#[derive(Default)]
pub(crate) struct Extras {
    /// A sheet to place before the Instructions sheet, written by the caller.
    pub(crate) front: Option<Worksheet>,
    /// The document title, instead of the questionnaire's.
    pub(crate) title: Option<String>,
    /// Answer cells to shade and annotate, by the dotted key of the cell ([`AnswerCell::key`]).
    pub(crate) marks: BTreeMap<String, Mark>,
}

/// An answer cell marked for the vendor's attention: shaded and edged in a colour, with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    /// The fill, `0xRRGGBB`.
    pub(crate) fill: u32,
    /// The edge, `0xRRGGBB`.
    pub(crate) edge: u32,
    /// The cell note's text.
    pub(crate) note: String,
}

/// The author the notes of a marked cell name, so that a reader can tell them from the vendor's own.
pub(crate) use crate::follow_up::note::NOTE_AUTHOR;

/// Writes the questionnaire workbook: blank without a profile, filled with one, and with `extras`.
pub(crate) fn write_workbook(
    profile: Option<&Profile>,
    options: &TemplateOptions,
    extras: Extras,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(extras.title.clone().unwrap_or_else(|| options.title()))
            .set_subject("Technical discovery questionnaire")
            .set_keywords("technical discovery, questionnaire")
            .set_custom_property(QUESTIONNAIRE_VERSION_LABEL, SCHEMA_VERSION)
            .set_creation_datetime(&created),
    );

    let lists = OptionLists::from_catalogue();
    let answers = profile.map(Answers::new);

    if let Some(front) = extras.front {
        workbook.push_worksheet(front);
    }
    instructions_sheet(workbook.add_worksheet(), options)?;
    profile_sheet(workbook.add_worksheet(), options, &lists, answers.as_ref(), &extras.marks)?;
    for table in TABLES {
        table_sheet(workbook.add_worksheet(), table, options, &lists, answers.as_ref(), &extras.marks)?;
    }
    lists.write(workbook.add_worksheet())?;

    workbook.save_to_buffer()
}

#[cfg(all(test, feature = "import"))]
mod tests {
    use super::*;
    use crate::profile::catalogue::profile_sheet_questions;
    use crate::profile::{AnswerState, Engagement, RecordedState, Unmatched, UnmatchedReason};
    use crate::template::testing::*;
    use calamine::{Data, DataType, Reader};

    #[test]
    fn the_sheets_come_in_order_with_lists_hidden() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        assert_eq!(open(&bytes).sheet_names(), SHEETS.map(str::to_owned).to_vec());
        let workbook = part(&bytes, "xl/workbook.xml");
        assert_eq!(attribute(&workbook, "<sheet name=\"Lists\"", "state").as_deref(), Some("hidden"));
        assert_eq!(attribute(&workbook, "<sheet name=\"Profile\"", "state"), None);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let options = TemplateOptions::default();
        assert_eq!(write_template(&options).unwrap(), write_template(&options).unwrap());
        let profile = fabrikam();
        assert_eq!(write_filled(&profile, &options).unwrap(), write_filled(&profile, &options).unwrap());
        let core = part(&write_template(&options).unwrap(), "docProps/core.xml");
        assert!(core.contains("2026-01-01T00:00:00Z"), "{core}");
    }

    #[test]
    fn a_filled_workbook_reads_as_a_vendor_would_have_typed_it() {
        let bytes = write_filled(&fabrikam(), &TemplateOptions::default()).unwrap();
        let profile = sheet(&bytes, "Profile");
        let answer = |key: &str| profile.get_value((row_of(&profile, key), COL_ANSWER as u32)).cloned().unwrap();
        let answer_text = |key: &str| answer(key).as_string().unwrap_or_default();

        assert_eq!(answer_text("meta.company_name"), "Fabrikam Freight Systems Ltd");
        assert_eq!(answer("meta.completed_on").as_date(), chrono::NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(answer_text("solution.demo_available"), "Yes");
        assert_eq!(answer_text("solution.commercial_model"), "Software as a service\nSold through a marketplace");
        assert_eq!(answer_text("architecture.current_hosting"), "On premises");
        assert_eq!(answer_text("architecture.regions"), "UK South\nWest Europe\nNorth Europe");
        assert_eq!(answer("requirements.availability.sla_target_percent"), Data::Float(99.9));
        assert_eq!(answer_text("requirements.availability.multi_zone"), "Planned");
        assert_eq!(answer_text("requirements.disaster_recovery.rpo"), "15 min");
        assert_eq!(answer_text("requirements.disaster_recovery.rto"), "4 h");
        assert_eq!(answer_text("requirements.disaster_recovery.strategy"), "Warm standby");
        assert_eq!(answer("requirements.performance.min_throughput_rps").get_float(), Some(400.0));
        assert_eq!(answer_text("requirements.migration.data_volume_gb"), "5800 GB");
        assert_eq!(answer_text("requirements.usage.pattern"), "Mixed");
        assert_eq!(answer_text("technology.compute_approach"), "Kubernetes\nPaaS, web apps");
        // A recorded state is written as its raw text, and the vendor's notes go beside it.
        let event_streaming = row_of(&profile, "technology.data.event_streaming");
        assert_eq!(text(&profile, event_streaming, COL_ANSWER), "N/A");
        assert_eq!(
            text(&profile, event_streaming, COL_NOTES),
            "Not used today; may come with live telematics in 2027."
        );
        assert_eq!(answer_text("technology.data.event_streaming"), "N/A");
        assert_eq!(answer("schedule.go_live").as_date(), chrono::NaiveDate::from_ymd_opt(2027, 4, 30));

        let stores = sheet(&bytes, "Data stores");
        assert_eq!(text(&stores, 1, 0), "Operational database");
        assert_eq!(text(&stores, 1, 1), "Relational database");
        assert_eq!(text(&stores, 1, 3), "1800 GB");
        assert_eq!(text(&stores, 1, 4), "About 300 tenant schemas");
        assert_eq!(text(&stores, 3, 3), "4 TB");
        let engagements = sheet(&bytes, "Engagements");
        assert_eq!(text(&engagements, 1, 0), "Architecture review");
        assert_eq!(text(&engagements, 1, 1), "Networking");
        assert_eq!(text(&engagements, 1, 2), "High");
        let milestones = sheet(&bytes, "Milestones");
        assert_eq!(milestones.get_value((2, 1)).unwrap().as_date(), chrono::NaiveDate::from_ymd_opt(2027, 2, 12));
        assert_eq!(text(&milestones, 2, 2), "Terraform, hub and spoke");
        assert_eq!(text(&milestones, 5, 0), "", "four milestones, then empty rows");
    }

    #[test]
    fn raw_texts_table_states_and_unmatched_rows_are_kept() {
        let mut profile = Profile::default();
        let state = |state, raw: &str| AnswerState { state, raw: raw.to_owned() };
        profile.answer_states.insert("requirements.disaster_recovery.rpo".into(), state(RecordedState::Unknown, "TBD"));
        profile.answer_states.insert("meta.completed_on".into(), state(RecordedState::Invalid, "last Tuesday"));
        profile.answer_states.insert("engagements[1].priority".into(), state(RecordedState::Invalid, "urgent!"));
        profile.engagements =
            vec![Engagement { success_criteria: Some("A reviewed design".into()), ..Default::default() }];
        profile.unmatched.push(Unmatched {
            reason: UnmatchedReason::UnknownKey,
            key: "meta.budget".into(),
            question: "Budget".into(),
            answer: "50k".into(),
            notes: "per year".into(),
            location: "Profile!D80".into(),
        });
        let bytes = write_filled(&profile, &TemplateOptions::default()).unwrap();

        let sheet_ = sheet(&bytes, "Profile");
        assert_eq!(text(&sheet_, row_of(&sheet_, "requirements.disaster_recovery.rpo"), COL_ANSWER), "TBD");
        assert_eq!(text(&sheet_, row_of(&sheet_, "meta.completed_on"), COL_ANSWER), "last Tuesday");
        let extra = row_of(&sheet_, "meta.budget");
        let questions = profile_sheet_questions().count() as u32;
        assert_eq!(extra, PROFILE_HEADER_ROW + 1 + questions, "unmatched text follows the questions");
        let row: Vec<String> = (0..5).map(|c| text(&sheet_, extra, c)).collect();
        assert_eq!(row, ["meta.budget", "Not in this questionnaire", "Budget", "50k", "per year"]);

        // The second engagement exists only as a recorded state; its row is written all the same.
        let engagements = sheet(&bytes, "Engagements");
        assert_eq!(text(&engagements, 1, 3), "A reviewed design");
        assert_eq!(text(&engagements, 2, 2), "urgent!");
        assert_eq!(text(&engagements, 2, 3), "");
    }
}
