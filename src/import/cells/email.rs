//! An e-mail address, maybe with `mailto:` or a display name (`Jane Doe <jane@example.com>`), which goes
//! to the notes; two addresses are invalid.

use serde_json::Value;

use super::{quote, trim, Code, Finding, Outcome, Reading};
use crate::profile::Email;

pub(super) fn read_email(t: &str) -> Reading {
    let invalid = || Finding::new(Code::InvalidEmail, format!("{} is not one e-mail address", quote(t)));
    let mut address = t;
    let mut name = "";
    // `Jane Doe <jane@example.com>` and `jane@example.com (Jane Doe)`.
    if let Some(inner) = t.strip_suffix('>') {
        if let Some((before, addr)) = inner.rsplit_once('<') {
            address = addr;
            name = trim(before).trim_matches(['"', '\'', '“', '”']);
        }
    } else if let Some(inner) = t.strip_suffix(')') {
        if let Some((addr, after)) = inner.split_once('(') {
            address = addr;
            name = after;
        }
    }
    let address = trim(address);
    let address = match address.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("mailto:") => trim(&address[7..]),
        _ => address,
    };
    let address = address.trim_end_matches(['.', ',', ';']);
    if address.matches('@').count() > 1 {
        return Reading::invalid(invalid().with_hint("keep one address and put the others in Notes"));
    }
    match address.parse::<Email>() {
        Ok(email) => {
            let email = email.to_string();
            Reading::with_comment(Outcome::Answered(Value::String(email.clone())), t, &email, trim(name))
        }
        Err(_) => Reading::invalid(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use crate::profile::catalogue::AnswerKind;
    use serde_json::json;

    #[test]
    fn emails() {
        assert_eq!(value(AnswerKind::Email, "jane@contoso.com"), json!("jane@contoso.com"));
        assert_eq!(value(AnswerKind::Email, "mailto:jane@contoso.com"), json!("jane@contoso.com"));
        let reading = read_text(AnswerKind::Email, "Jane Doe <jane@contoso.com>");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("jane@contoso.com")), Some("Jane Doe"))
        );
        assert_eq!(read_text(AnswerKind::Email, "jane@contoso.com (CTO)").comment.as_deref(), Some("CTO"));
        let f = finding(AnswerKind::Email, "jane at contoso");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidEmail, "\"jane at contoso\" is not one e-mail address"));
        let f = finding(AnswerKind::Email, "a@contoso.com; b@contoso.com");
        assert_eq!(f.hint.as_deref(), Some("keep one address and put the others in Notes"));
    }
}
