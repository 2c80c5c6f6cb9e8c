//! A list answer: one item per line, else per `;`, else per `,`, with bullets and numbering stripped.
//! The same split serves a set of choices, so both read a pasted list the same way.

use serde_json::Value;

use super::{text_value, trim, Outcome, Reading};

/// Splits a list: one item per line, else by `;`, else by `,`; items trimmed, bullets and numbering
/// stripped, empty items dropped. Returns the items and the separator used.
pub(super) fn split_list(t: &str) -> (Vec<&str>, char) {
    let separator = if t.contains(['\n', '\r']) {
        '\n'
    } else if t.contains(';') {
        ';'
    } else {
        ','
    };
    fn items<'t>(pieces: impl Iterator<Item = &'t str>) -> Vec<&'t str> {
        pieces.map(strip_bullet).filter(|item| !item.is_empty()).collect()
    }
    let items = if separator == '\n' { items(t.split(['\n', '\r'])) } else { items(t.split(separator)) };
    (items, separator)
}

/// An item without its bullet (`-`, `*`, `•`, `·`, ...) or its number (`1.`, `2)`).
fn strip_bullet(item: &str) -> &str {
    let item = trim(item);
    if let Some(rest) = item.strip_prefix(['-', '*', '•', '·', '–', '—', '‣', '◦', '▪', '●', '○', '■', '□', '►', '➢'])
    {
        return trim(rest);
    }
    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &item[digits..];
        if let Some(after) = rest.strip_prefix(['.', ')']) {
            if after.starts_with(char::is_whitespace) {
                return trim(after);
            }
        }
    }
    item
}

pub(super) fn read_list(t: &str) -> Reading {
    let (items, _) = split_list(t);
    if items.is_empty() {
        // Only separators or bullets (`,`, `•`): not nothing, and not to be dropped; one item as written.
        let text = t.trim();
        if text.is_empty() {
            return Reading::of(Outcome::Missing);
        }
        return Reading::answered(Value::Array(vec![Value::String(text_value(text))]));
    }
    Reading::answered(Value::Array(items.into_iter().map(|item| Value::String(text_value(item))).collect()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::profile::catalogue::AnswerKind;
    use crate::profile::State;
    use serde_json::json;

    #[test]
    fn lists_split_by_line_then_semicolon_then_comma() {
        assert_eq!(value(AnswerKind::List, "Kafka\nRabbitMQ, Redis"), json!(["Kafka", "RabbitMQ, Redis"]));
        assert_eq!(value(AnswerKind::List, "Kafka; RabbitMQ, Redis"), json!(["Kafka", "RabbitMQ, Redis"]));
        assert_eq!(value(AnswerKind::List, "Kafka, RabbitMQ , Redis"), json!(["Kafka", "RabbitMQ", "Redis"]));
        assert_eq!(value(AnswerKind::List, "Kafka"), json!(["Kafka"]));
        assert_eq!(
            value(AnswerKind::List, "- Terraform\r\n* Bicep\n\n• ARM\n· Pulumi\n1. Ansible\n2) Packer"),
            json!(["Terraform", "Bicep", "ARM", "Pulumi", "Ansible", "Packer"])
        );
        assert_eq!(value(AnswerKind::List, "Python 3.12; .NET 8"), json!(["Python 3.12", ".NET 8"]));
        // Only separators: what the vendor wrote is kept, as one item, never dropped as missing.
        assert_eq!(value(AnswerKind::List, " ;; "), json!([";;"]));
        assert_eq!(state(AnswerKind::List, "  "), State::Missing);
    }
}
