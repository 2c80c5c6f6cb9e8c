//! Import reads returned questionnaires: a vendor's workbook (or its CSV or profile JSON) becomes a
//! [`Profile`](crate::profile::Profile) with diagnostics naming the cells that could not be read. Reading
//! one cell as an answer of its question's type is [`cells`]; every reader of a format shares it, so a
//! workbook and its exported JSON report the same problem with the same message.

pub mod cells;
