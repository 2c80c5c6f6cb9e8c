//! The drop-down lists: the option sets of the choice and yes/no questions, one column each on the hidden
//! Lists sheet, and the data validation that points an answer cell at its column.

use rust_xlsxwriter::{
    utility::column_number_to_name, DataValidation, DataValidationErrorStyle, Format, Formula, Worksheet, XlsxError,
};

use crate::profile::catalogue::{profile_sheet_questions, TABLES};
use crate::profile::{AnswerKind, Choice, ChoiceOption, YesNo};

/// The option sets behind the drop-downs, one column each on the hidden Lists sheet, in the order the
/// questionnaire first uses them.
pub(super) struct OptionLists {
    /// Each set with the name of its first user, which heads its column.
    sets: Vec<(&'static [ChoiceOption], String)>,
}

impl OptionLists {
    pub(super) fn from_catalogue() -> OptionLists {
        let mut sets: Vec<(&'static [ChoiceOption], String)> = vec![(YesNo::OPTIONS, "Yes / No / Planned".to_owned())];
        let mut add = |options: &'static [ChoiceOption], name: String| {
            if !sets.iter().any(|(known, _)| *known == options) {
                sets.push((options, name));
            }
        };
        for question in profile_sheet_questions() {
            if let AnswerKind::Choice(set) = question.kind {
                add(set.options, question.key.to_owned());
            }
        }
        for table in TABLES {
            for column in table.columns {
                if let AnswerKind::Choice(set) = column.kind {
                    add(set.options, format!("{}: {}", table.sheet, column.header));
                }
            }
        }
        OptionLists { sets }
    }

    /// The drop-down for a cell of this kind, if it has one. Multiple choices get none, because a drop-down
    /// holds one value; their guidance lists the options instead.
    pub(super) fn validation(&self, kind: AnswerKind) -> Result<Option<DataValidation>, XlsxError> {
        let options = match kind {
            AnswerKind::YesNo => YesNo::OPTIONS,
            AnswerKind::Choice(set) => set.options,
            _ => return Ok(None),
        };
        let column = self.sets.iter().position(|(known, _)| *known == options).expect("every option set is listed");
        let name = column_number_to_name(column as u16);
        let range = format!("=Lists!${name}$2:${name}${}", options.len() + 1);
        // The information style lets any other text through after one confirmation: N/A and TBD are
        // legitimate answers, and an answer the list lacks is better typed than lost.
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_style(DataValidationErrorStyle::Information)
            .set_error_title("Not one of the listed options")?
            .set_error_message(
                "Pick an option from the list if one fits. N/A, TBD or your own words are fine too: press OK to keep what you typed.",
            )?;
        Ok(Some(validation))
    }

    pub(super) fn write(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_name("Lists")?;
        let header = Format::new().set_bold();
        for (column, (options, name)) in self.sets.iter().enumerate() {
            let column = column as u16;
            sheet.write_string_with_format(0, column, name, &header)?;
            for (row, option) in options.iter().enumerate() {
                sheet.write_string(row as u32 + 1, column, option.label)?;
            }
            sheet.set_column_width(column, 32)?;
        }
        sheet.set_hidden(true);
        sheet.protect();
        Ok(())
    }
}

#[cfg(all(test, feature = "import"))]
mod tests {
    use super::*;
    use crate::profile::Hosting;
    use crate::template::testing::*;
    use crate::template::{write_template, TemplateOptions};

    #[test]
    fn choice_and_yes_no_answers_get_drop_downs_from_the_lists_sheet() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        let profile = sheet(&bytes, "Profile");
        let lists = sheet(&bytes, "Lists");
        let xml = part(&bytes, "xl/worksheets/sheet2.xml");
        let with_drop_down =
            profile_sheet_questions().filter(|q| matches!(q.kind, AnswerKind::YesNo | AnswerKind::Choice(_))).count();
        assert_eq!(xml.matches("<dataValidation ").count(), with_drop_down);
        assert_eq!(xml.matches("type=\"list\"").count(), with_drop_down);
        assert_eq!(xml.matches("errorStyle=\"information\"").count(), with_drop_down);

        // The hosting question's drop-down points at the Lists column that holds the hosting labels.
        let row = row_of(&profile, "architecture.current_hosting") + 1;
        let at = xml.find(&format!("sqref=\"D{row}\"")).expect("a drop-down on the hosting answer");
        let formula = &xml[at..];
        let formula = &formula[formula.find("<formula1>").unwrap() + 10..formula.find("</formula1>").unwrap()];
        assert!(formula.starts_with("Lists!$"), "{formula}");
        let column = calamine_column(formula.trim_start_matches("Lists!$"));
        let labels: Vec<String> = (1..=Hosting::OPTIONS.len() as u32).map(|r| text(&lists, r, column)).collect();
        assert_eq!(labels, Hosting::OPTIONS.iter().map(|o| o.label).collect::<Vec<_>>());
        assert_eq!(formula, format!("Lists!${0}$2:${0}${1}", column_number_to_name(column), labels.len() + 1));

        // A multiple-choice answer has none: a drop-down holds one value.
        let row = row_of(&profile, "technology.compute_approach") + 1;
        assert!(!xml.contains(&format!("sqref=\"D{row}\"")));

        // The Engagements sheet offers its types.
        let engagements = part(&bytes, "xl/worksheets/sheet5.xml");
        assert!(engagements.contains("sqref=\"A2:A1001\""), "{engagements}");
    }

    fn calamine_column(reference: &str) -> u16 {
        let letters: String = reference.chars().take_while(char::is_ascii_uppercase).collect();
        rust_xlsxwriter::utility::column_name_to_number(&letters)
    }
}
