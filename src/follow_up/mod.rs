//! The follow-up workbook: the questionnaire sent back to the vendor with everything they wrote filled in
//! and every gap marked, so the next return answers exactly what is missing.
//!
//! [`write()`] fills the [template](crate::template)'s own layout with the profile's answers (invalid ones
//! as the vendor wrote them, so they see and correct them), notes, table rows and the vendor's other text
//! (their own columns, comments and links), puts a first sheet `Follow-up` in front that greets the vendor
//! and lists every gap (G1, G2, …: severity, question, what is wrong, what to ask, and a link to the cell),
//! and shades each gap's answer cell in its severity's colour with the follow-up question as a cell note
//! (`G3 (high): …`), which import recognises by its text and leaves out. The answer cells stay unlocked and
//! the drop-downs stay, and the workbook imports back like any return: unchanged, it gives the same answers,
//! states, notes, other text and gaps.
//!
//! The layout, sheet by sheet:
//! - `Follow-up`: the title and the vendor's company and solution (rows 1 and 2), the greeting (row 4), the
//!   gap counts (row 5), the header row `#`, `Severity`, `Question`, `What is wrong`, `What to ask`, `Cell`
//!   (row 7) and one row per gap below it, most urgent first, numbered as in the report; the `Cell` column
//!   links to the answer cell (`internal:'Profile'!D14`).
//! - `Instructions`, `Profile`, `Components`, `Data stores`, `Engagements`, `Milestones`, `Lists`: the
//!   questionnaire exactly as [`write_filled`](crate::template::write_filled) writes it, with the marked
//!   cells. A gap about a whole table marks the first cell of its first row; one about a table row, the
//!   row's first cell.

pub(crate) mod note;
#[cfg(feature = "template")]
mod sheet;

#[cfg(feature = "template")]
use std::collections::BTreeMap;

#[cfg(feature = "template")]
use crate::analyse::{Analysis, Gap, GapSeverity};
#[cfg(feature = "template")]
use crate::profile::Profile;
#[cfg(feature = "template")]
use crate::template::{answer_cell, output_error, write_workbook, Extras, Mark, TemplateOptions};
#[cfg(feature = "template")]
use crate::Error;

/// How to write the follow-up workbook.
#[cfg(feature = "template")]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FollowUpOptions {
    /// The questionnaire's own options: the partner program's name in the title rows, the spare rows of
    /// the table sheets.
    pub template: TemplateOptions,
}

/// The follow-up workbook of a questionnaire: its answers filled in, its gaps listed on a first sheet and
/// marked at their cells. The same profile, analysis and options give the same bytes.
///
/// ```
/// use discovery::analyse::analyse;
/// use discovery::follow_up::{write, FollowUpOptions};
/// use discovery::profile::Profile;
/// let json = std::fs::read_to_string("samples/mueller-soen-partial.json")?;
/// let profile: Profile = serde_json::from_str(&json)?;
/// let analysis = analyse(&profile);
/// let bytes = write(&profile, &analysis, &FollowUpOptions::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// assert_eq!(bytes, write(&profile, &analysis, &FollowUpOptions::default())?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Only when the workbook writer fails, for example on a text longer than a cell holds (32,767
/// characters); the error's kind is [`ErrorKind::Output`](crate::ErrorKind::Output).
#[cfg(feature = "template")]
pub fn write(profile: &Profile, analysis: &Analysis, options: &FollowUpOptions) -> Result<Vec<u8>, Error> {
    let front = sheet::follow_up_sheet(profile, analysis, &options.template).map_err(output_error)?;
    let extras = Extras { front: Some(front), title: Some(sheet::title(profile)), marks: marks(&analysis.gaps) };
    write_workbook(Some(profile), &options.template, extras).map_err(output_error)
}

/// The fill and edge colours of a marked answer cell, by severity: the report's colours, the fill light
/// enough to read the answer on.
#[cfg(feature = "template")]
pub(crate) fn severity_colors(severity: GapSeverity) -> (u32, u32) {
    match severity {
        GapSeverity::High => (0xF8CBC6, 0xC0392B),
        GapSeverity::Medium => (0xFBE2B8, 0xD68910),
        GapSeverity::Low => (0xCFE3F4, 0x2E86C1),
    }
}

/// The severity's word on the sheet: `High`.
#[cfg(feature = "template")]
fn severity_word(severity: GapSeverity) -> &'static str {
    match severity {
        GapSeverity::High => "High",
        GapSeverity::Medium => "Medium",
        GapSeverity::Low => "Low",
    }
}

/// The marked cells: every cell a gap rests on, in the colour of its most severe gap, with a note that
/// asks each gap's follow-up question ([`note::gap_line`]).
#[cfg(feature = "template")]
fn marks(gaps: &[Gap]) -> BTreeMap<String, Mark> {
    let mut found: BTreeMap<String, (GapSeverity, Vec<String>)> = BTreeMap::new();
    for (i, gap) in gaps.iter().enumerate() {
        let mut cells: Vec<String> = gap.keys.iter().filter_map(|k| answer_cell(k)).map(|c| c.key).collect();
        cells.dedup();
        for cell in cells {
            let entry = found.entry(cell).or_insert((gap.severity, Vec::new()));
            entry.0 = entry.0.min(gap.severity);
            let line = note::gap_line(i + 1, gap.severity, &gap.follow_up);
            if !entry.1.contains(&line) {
                entry.1.push(line);
            }
        }
    }
    found
        .into_iter()
        .map(|(cell, (severity, lines))| {
            let (fill, edge) = severity_colors(severity);
            (cell, Mark { fill, edge, note: lines.join(note::LINE_SEPARATOR) })
        })
        .collect()
}

#[cfg(all(test, feature = "import", feature = "template"))]
mod tests {
    use calamine::{Data, Reader};

    use super::*;
    use crate::analyse::analyse;
    use crate::template::testing::*;

    fn follow_up(profile: &Profile) -> (Analysis, Vec<u8>) {
        let analysis = analyse(profile);
        let bytes = write(profile, &analysis, &FollowUpOptions::default()).unwrap();
        (analysis, bytes)
    }

    /// The cells of the sheet part `xml` that carry a `<hyperlink>`, with their targets.
    fn links(xml: &str) -> Vec<(String, String)> {
        xml.split("<hyperlink ")
            .skip(1)
            .map(|tag| {
                let tag = &tag[..tag.find("/>").unwrap()];
                (
                    attribute(&format!("<x {tag}>"), "<x", "ref").unwrap(),
                    attribute(&format!("<x {tag}>"), "<x", "location").unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_follow_up_sheet_comes_first_with_one_linked_row_per_gap() {
        let profile = mueller();
        let (analysis, bytes) = follow_up(&profile);
        let names = open(&bytes).sheet_names();
        assert_eq!(names[0], "Follow-up");
        assert_eq!(names[1..], crate::template::SHEETS.map(str::to_owned));
        let range = sheet(&bytes, "Follow-up");
        assert_eq!(text(&range, 1, 0), "Müller & Søn Software GmbH — PraxisCloud");
        assert!(text(&range, 3, 0).starts_with("Dear Müller & Søn Software GmbH team,"), "{}", text(&range, 3, 0));
        assert_eq!(text(&range, sheet::HEADER_ROW, 0), "#");
        let numbers: Vec<String> =
            (0..analysis.gaps.len() as u32).map(|i| text(&range, sheet::HEADER_ROW + 1 + i, 0)).collect();
        let expected: Vec<String> = (1..=analysis.gaps.len()).map(|n| format!("G{n}")).collect();
        assert_eq!(numbers, expected);
        assert_eq!(text(&range, sheet::HEADER_ROW + 1 + analysis.gaps.len() as u32, 0), "", "one row per gap");
        for (i, gap) in analysis.gaps.iter().enumerate() {
            let row = sheet::HEADER_ROW + 1 + i as u32;
            assert_eq!(text(&range, row, 1), severity_word(gap.severity));
            assert_eq!(text(&range, row, 3), gap.detail);
            assert_eq!(text(&range, row, 4), gap.follow_up);
        }

        // Each row links to its first key's answer cell.
        let found = links(&part(&bytes, "xl/worksheets/sheet1.xml"));
        assert_eq!(found.len(), analysis.gaps.len());
        for (i, gap) in analysis.gaps.iter().enumerate() {
            let cell = answer_cell(&gap.keys[0]).unwrap();
            let reference =
                rust_xlsxwriter::utility::row_col_to_cell(sheet::HEADER_ROW + 1 + i as u32, sheet::COL_CELL);
            let location = format!("'{}'!{}", cell.sheet, &cell.reference()[cell.sheet.len() + 1..]);
            assert_eq!(found[i], (reference, location), "{}", gap.id);
            assert_eq!(text(&range, sheet::HEADER_ROW + 1 + i as u32, sheet::COL_CELL), cell.reference());
        }
    }

    #[test]
    fn gap_cells_are_shaded_and_carry_the_follow_up_question_as_a_note() {
        let profile = mueller();
        let (analysis, bytes) = follow_up(&profile);
        // The Profile sheet is the third sheet now; its notes are the first comments part.
        let xml = part(&bytes, "xl/worksheets/sheet3.xml");
        let comments = part(&bytes, "xl/comments1.xml");
        let rto = analysis.gaps.iter().position(|g| g.keys == ["requirements.disaster_recovery.rto"]).unwrap();
        let cell = answer_cell("requirements.disaster_recovery.rto").unwrap();
        let reference = &cell.reference()["Profile!".len()..];
        assert!(comments.contains(&format!("<comment ref=\"{reference}\"")), "{comments}");
        assert!(comments.contains(&format!("G{} (high): {}", rto + 1, xml_escape(&analysis.gaps[rto].follow_up))));
        assert!(comments.contains("<author>discovery</author>"), "{comments}");
        assert_eq!(fill(&bytes, &xml, reference).as_deref(), Some("FFF8CBC6"), "shaded in the high colour");
        assert!(unlocked(&bytes, &xml, reference), "a marked cell still takes input");
        // An answered question without a gap keeps the template's tint.
        let company = &answer_cell("meta.company_name").unwrap().reference()["Profile!".len()..];
        assert_eq!(fill(&bytes, &xml, company).as_deref(), Some("FFFFF8E1"));
        // Every cell a gap rests on is shaded in the colour of its most severe gap.
        for cell in analysis.gaps.iter().flat_map(|g| g.keys.iter().filter_map(|k| answer_cell(k))) {
            if cell.sheet != "Profile" {
                continue;
            }
            let worst = analysis
                .gaps
                .iter()
                .filter(|g| g.keys.iter().any(|k| answer_cell(k).is_some_and(|c| c.key == cell.key)))
                .map(|g| g.severity)
                .min()
                .unwrap();
            let reference = &cell.reference()["Profile!".len()..];
            assert_eq!(
                fill(&bytes, &xml, reference),
                Some(format!("FF{:06X}", severity_colors(worst).0)),
                "{}",
                cell.key
            );
        }
        // A table cell too: the engagement without success criteria, on the Engagements sheet.
        let criteria = answer_cell("engagements[1].success_criteria").unwrap();
        assert_eq!(criteria.reference(), "Engagements!D3");
        let engagements = part(&bytes, "xl/worksheets/sheet6.xml");
        assert_eq!(fill(&bytes, &engagements, "D3"), Some(format!("FF{:06X}", severity_colors(GapSeverity::High).0)));
        let rels = part(&bytes, "xl/worksheets/_rels/sheet6.xml.rels");
        let comments_part =
            rels.split("Target=\"../").find_map(|t| t.split('"').next().filter(|t| t.starts_with("comments")));
        let engagement_notes = part(&bytes, &format!("xl/{}", comments_part.unwrap()));
        assert!(engagement_notes.contains("<comment ref=\"D3\""), "{engagement_notes}");
        // Every gap's cells carry a note.
        let notes = comments.matches("<comment ref=").count();
        let cells: std::collections::BTreeSet<String> =
            analysis.gaps.iter().flat_map(|g| g.keys.iter().filter_map(|k| answer_cell(k)).map(|c| c.key)).collect();
        let profile_cells = cells.iter().filter(|k| answer_cell(k).unwrap().sheet == "Profile").count();
        assert_eq!(notes, profile_cells);
    }

    #[test]
    fn the_drop_downs_and_the_raw_text_of_invalid_answers_stay() {
        let profile = mueller();
        let (_, bytes) = follow_up(&profile);
        let template = crate::template::write_filled(&profile, &TemplateOptions::default()).unwrap();
        let validations = |bytes: &[u8], n: usize| {
            part(bytes, &format!("xl/worksheets/sheet{n}.xml")).matches("<dataValidation ").count()
        };
        assert_eq!(validations(&bytes, 3), validations(&template, 2), "the Profile sheet's drop-downs");
        assert_eq!(validations(&bytes, 6), validations(&template, 5), "the Engagements sheet's drop-downs");
        assert!(validations(&bytes, 3) > 0);
        let range = sheet(&bytes, "Profile");
        let email = answer_cell("meta.contact_email").unwrap();
        assert_eq!(range.get_value((email.row, email.col as u32)), Some(&Data::String("jonas at mueller-soen".into())));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes_and_records_the_questionnaire_version() {
        let profile = fabrikam();
        let (_, bytes) = follow_up(&profile);
        assert_eq!(bytes, follow_up(&profile).1);
        let custom = part(&bytes, "docProps/custom.xml");
        assert!(custom.contains("Questionnaire version"), "{custom}");
        let range = sheet(&bytes, "Profile");
        assert_eq!(text(&range, 0, 0), format!("Questionnaire version {}", crate::profile::SCHEMA_VERSION));
    }

    #[test]
    fn a_questionnaire_without_gaps_says_so() {
        let mut profile = fabrikam();
        let analysis = Analysis { gaps: Vec::new(), ..analyse(&profile) };
        profile.meta.company_name = None;
        let bytes = write(&profile, &analysis, &FollowUpOptions::default()).unwrap();
        let range = sheet(&bytes, "Follow-up");
        assert!(text(&range, 3, 0).starts_with("Dear team,"), "{}", text(&range, 3, 0));
        assert!(text(&range, 4, 0).contains("nothing to follow up"), "{}", text(&range, 4, 0));
        assert!(links(&part(&bytes, "xl/worksheets/sheet1.xml")).is_empty());
    }

    fn xml_escape(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    }
}
