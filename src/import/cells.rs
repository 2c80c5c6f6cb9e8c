// STUB (replaced by the cells branch)
pub use super::workbook::CellValue;
use crate::diagnostic::Code;
use crate::profile::AnswerKind;
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Answered(serde_json::Value),
    NotApplicable,
    Unknown,
    Missing,
    Invalid(Finding),
}
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub outcome: Outcome,
    pub warnings: Vec<Finding>,
    pub comment: Option<String>,
}
pub fn read_cell(_kind: AnswerKind, _cell: Option<&CellValue>) -> Reading {
    todo!()
}
pub fn read_text(_kind: AnswerKind, _text: &str) -> Reading {
    todo!()
}
pub fn raw_text(_cell: &CellValue) -> String {
    todo!()
}
