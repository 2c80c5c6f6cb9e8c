//! A choice (one option) and a set of choices: an option named by its value, its label, a well-known alias
//! or an unambiguous abbreviation, with an explanation after it moved to the notes; a text that names no
//! option gets a did-you-mean. Messages name the option set in the questionnaire's words (`a hosting
//! option`), named by its [`ChoiceSet`].

use serde_json::Value;

use super::list::split_list;
use super::{clean_comment, quote, trim, Code, Finding, Outcome, Reading};
use crate::profile::{ChoiceOption, ChoiceSet};

/// Well-known names of options that are neither their value nor their label, nor a prefix of them.
const ALIASES: &[(&str, &str)] = &[
    ("microsoft azure", "azure"),
    ("ms azure", "azure"),
    ("amazon web services", "aws"),
    ("amazon", "aws"),
    ("google cloud platform", "gcp"),
    ("k8s", "kubernetes"),
];

/// The text's letters and digits, lowercased: how options are compared (`On-premises` is `onpremises`).
fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

fn norm_eq(a: &str, b: &str) -> bool {
    norm(a).eq(norm(b))
}

/// Whether `s`, normalised, is a non-empty prefix of `target`, normalised, that reads as an abbreviation
/// rather than a typo: one that stops exactly one letter short of a word (`Azur`) is a typo.
fn norm_prefix(s: &str, target: &str) -> bool {
    let mut target = target.chars().flat_map(char::to_lowercase).peekable();
    let mut any = false;
    for c in norm(s) {
        while target.next_if(|t| !t.is_alphanumeric()).is_some() {}
        if target.next() != Some(c) {
            return false;
        }
        any = true;
    }
    any && target.take_while(|t| t.is_alphanumeric()).count() != 1
}

enum Match {
    One(usize),
    Ambiguous(Vec<usize>),
    None,
}

/// The option `s` names: by value, label or alias; else by the words of a value or label in another order;
/// else by an unambiguous prefix of a value or label.
fn match_option(options: &[ChoiceOption], s: &str) -> Match {
    if let Some(i) = exact_option(options, s) {
        return Match::One(i);
    }
    match reordered(options, s).as_slice() {
        [] => {}
        [one] => return Match::One(*one),
        several => return Match::Ambiguous(several.to_vec()),
    }
    let candidates: Vec<usize> =
        (0..options.len()).filter(|&i| norm_prefix(s, options[i].value) || norm_prefix(s, options[i].label)).collect();
    match candidates.len() {
        0 => Match::None,
        1 => Match::One(candidates[0]),
        _ => Match::Ambiguous(candidates),
    }
}

fn exact_option(options: &[ChoiceOption], s: &str) -> Option<usize> {
    options.iter().position(|o| norm_eq(s, o.value) || norm_eq(s, o.label)).or_else(|| {
        let (_, value) = ALIASES.iter().find(|(alias, _)| norm_eq(s, alias))?;
        options.iter().position(|o| o.value == *value)
    })
}

/// The words of a text, normalised ([`norm`]) and sorted: `Consumers, 24x7` and `24x7 consumers` both give
/// `["24x7", "consumers"]`. Underscores separate words, so a value's words count too.
fn words(s: &str) -> Vec<String> {
    let mut words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    words.sort_unstable();
    words
}

/// The options whose value or label has exactly the words of `s`, in another order (`machines virtual
/// IaaS`). A single word has no other order, and is left to the exact and prefix matches.
fn reordered(options: &[ChoiceOption], s: &str) -> Vec<usize> {
    let mine = words(s);
    if mine.len() < 2 {
        return Vec::new();
    }
    (0..options.len()).filter(|&i| words(options[i].value) == mine || words(options[i].label) == mine).collect()
}

/// The option `s` most likely means, for a did-you-mean: the one option whose value or label it contains,
/// else the closest by Jaro-Winkler similarity if it is close enough.
fn suggest<'o>(options: &'o [ChoiceOption], s: &str) -> Option<&'o ChoiceOption> {
    let s: String = norm(s).collect();
    if s.is_empty() {
        return None;
    }
    let forms = |o: &ChoiceOption| -> [String; 2] { [norm(o.value).collect(), norm(o.label).collect()] };
    let containing: Vec<&ChoiceOption> =
        options.iter().filter(|o| forms(o).iter().any(|f| f.len() >= 3 && s.contains(f.as_str()))).collect();
    if let [only] = containing.as_slice() {
        return Some(only);
    }
    let (best, score) =
        options.iter().map(|o| (o, forms(o).iter().map(|f| strsim::jaro_winkler(&s, f)).fold(0.0, f64::max))).fold(
            (None, 0.0),
            |(best, top), (option, score)| if score > top { (Some(option), score) } else { (best, top) },
        );
    if score >= 0.8 {
        best
    } else {
        None
    }
}

/// `"A"`, `"A" or "B"`, `"A", "B" or "C"`: the options by the labels the template's drop-down shows.
fn or_list<'o>(options: impl IntoIterator<Item = &'o ChoiceOption>) -> String {
    let quoted: Vec<String> = options.into_iter().map(|o| format!("\"{}\"", o.label)).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

fn options_hint(options: &[ChoiceOption]) -> String {
    format!("the options are {}", or_list(options))
}

/// Why a text is not an option.
enum Miss {
    /// It matches none, or begins several (the candidates).
    NoOption(Vec<usize>),
    /// It names two options where one is asked for (`AWS, Azure`).
    TwoOptions,
}

/// One answer of a choice question: the option, with any explanation written after it (`Azure (West
/// Europe)`). `separators` are where an explanation may begin.
fn choose<'t>(options: &[ChoiceOption], t: &'t str, separators: &[char]) -> Result<(usize, &'t str), Miss> {
    let ambiguous = match match_option(options, t) {
        Match::One(i) => return Ok((i, "")),
        Match::Ambiguous(candidates) => candidates,
        Match::None => Vec::new(),
    };
    // An option followed by an explanation: try the longest head first, so that a label with a comma
    // (`Consumers, 24x7 (mostly EU)`) wins over its first word.
    // Only the first few separators are tried: an option's label is short, and a long paste must not cost
    // a comparison per separator.
    let mut cuts: Vec<usize> = t.match_indices(separators).map(|(i, _)| i).take(8).collect();
    for dash in [" - ", " – ", " — "] {
        cuts.extend(t.match_indices(dash).map(|(i, _)| i).take(8));
    }
    cuts.sort_unstable();
    cuts.truncate(8);
    for &cut in cuts.iter().rev() {
        let head = trim(&t[..cut]);
        if let Match::One(i) = match_option(options, head) {
            let comment = clean_comment(&t[cut..]);
            if exact_option(options, comment).is_some_and(|other| other != i) {
                return Err(Miss::TwoOptions);
            }
            return Ok((i, comment));
        }
    }
    Err(Miss::NoOption(ambiguous))
}

pub(super) fn read_choice(set: &ChoiceSet, t: &str) -> Reading {
    let options = set.options;
    let miss = match choose(options, t, &['(', ',', ';', ':', '\n']) {
        Ok((i, comment)) => {
            let value = options[i].value;
            return Reading::with_comment(Outcome::Answered(Value::from(value)), t, value, comment);
        }
        Err(miss) => miss,
    };
    let finding = Finding::new(Code::InvalidChoice, format!("{} is not {}", quote(t), set.noun));
    Reading::invalid(match miss {
        Miss::TwoOptions => finding.with_hint("pick one option; put the others in Notes"),
        Miss::NoOption(candidates) if candidates.len() > 1 => {
            finding.with_hint(format!("did you mean {}?", or_list(candidates.iter().map(|&i| &options[i]))))
        }
        Miss::NoOption(_) => match suggest(options, t) {
            Some(option) => finding.with_hint(format!("did you mean \"{}\"?", option.label)),
            None => finding.with_hint(options_hint(options)),
        },
    })
}

pub(super) fn read_choices(set: &ChoiceSet, t: &str) -> Reading {
    let options = set.options;
    let (items, separator) = split_list(t);
    if items.is_empty() {
        // Only separators or bullets (`,`, `;`, `•`): text, but no option named; kept as written.
        if t.trim().is_empty() {
            return Reading::of(Outcome::Missing);
        }
        let finding = Finding::new(Code::InvalidChoice, format!("{} names no {}", quote(t), set.plural));
        return Reading::invalid(finding.with_hint(options_hint(options)));
    }
    let mut chosen: Vec<&'static str> = Vec::with_capacity(items.len());
    let mut comments: Vec<&str> = Vec::new();
    let mut bad: Vec<&str> = Vec::new();
    let comma_labels = separator == ',' && options.iter().any(|o| o.label.contains(','));
    let mut i = 0;
    while i < items.len() {
        // A label with a comma in it (`IaaS, virtual machines`) was split in two by a comma-separated list,
        // perhaps with its words in another order (`virtual machines, IaaS`).
        if comma_labels && i + 1 < items.len() {
            let pair = format!("{}, {}", items[i], items[i + 1]);
            let found = exact_option(options, &pair).or_else(|| match reordered(options, &pair).as_slice() {
                [one] => Some(*one),
                _ => None,
            });
            if let Some(k) = found {
                if !chosen.contains(&options[k].value) {
                    chosen.push(options[k].value);
                }
                i += 2;
                continue;
            }
        }
        match choose(options, items[i], &['(', ':']) {
            Ok((k, comment)) => {
                if !chosen.contains(&options[k].value) {
                    chosen.push(options[k].value);
                }
                if !comment.is_empty() {
                    comments.push(comment);
                }
            }
            Err(_) => bad.push(items[i]),
        }
        i += 1;
    }
    if !bad.is_empty() {
        let (one, many) = (set.noun, set.plural);
        let mut names: Vec<String> = bad.iter().take(5).map(|item| quote(item)).collect();
        if bad.len() > 5 {
            names.push(format!("{} more", bad.len() - 5));
        }
        let message = match names.as_slice() {
            [only] => format!("{only} is not {one}"),
            _ => format!("{} are not {many}", names.join(", ")),
        };
        // Suggestions only for the few items the message names: a long paste must not cost one each.
        let suggestions: Vec<Option<&ChoiceOption>> =
            if bad.len() <= 5 { bad.iter().map(|item| suggest(options, item)).collect() } else { Vec::new() };
        let hint = match suggestions.as_slice() {
            [Some(option)] => format!("did you mean \"{}\"?", option.label),
            all if !all.is_empty() && all.iter().all(Option::is_some) => {
                let pairs: Vec<String> = bad
                    .iter()
                    .zip(all)
                    .map(|(item, s)| format!("\"{}\" for {}", s.map_or("", |o| o.label), quote(item)))
                    .collect();
                format!("did you mean {}?", pairs.join(", "))
            }
            _ => options_hint(options),
        };
        return Reading::invalid(Finding::new(Code::InvalidChoice, message).with_hint(hint));
    }
    let value = Value::Array(chosen.iter().map(|&v| Value::from(v)).collect());
    Reading::with_comment(Outcome::Answered(value), t, &chosen.join(", "), &comments.join("; "))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use super::*;
    use crate::profile::catalogue::AnswerKind;
    use crate::profile::{AdvisoryArea, ApplicationStatus, Choice, DataShape, EngagementType, Priority, UsagePattern};
    use serde_json::json;

    #[test]
    fn choices_match_value_label_and_prefix() {
        for text in ["On-premises", "on premises", "ON_PREMISES", "on prem", "On Premises."] {
            assert_eq!(value(HOSTING, text), json!("on_premises"), "{text}");
        }
        assert_eq!(value(HOSTING, "AWS"), json!("aws"));
        assert_eq!(value(HOSTING, "Google Cloud"), json!("gcp"));
        assert_eq!(value(HOSTING, "Google Cloud Platform"), json!("gcp"));
        assert_eq!(value(HOSTING, "Microsoft Azure"), json!("azure"));
        assert_eq!(value(HOSTING, "azure"), json!("azure"));
        assert_eq!(value(AnswerKind::Choice(&Priority::SET), "H"), json!("high"));
        assert_eq!(value(DR, "Backup & restore"), json!("backup_restore"));
        assert_eq!(value(DR, "active-active"), json!("active_active"));
        assert_eq!(value(AnswerKind::Choice(&UsagePattern::SET), "Consumers, 24x7"), json!("consumer_24x7"));
    }

    #[test]
    fn a_choice_with_an_explanation_moves_it_to_the_notes() {
        let reading = read_text(HOSTING, "Azure (West Europe)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("azure")), Some("West Europe"))
        );
        assert_eq!(reading.warnings[0].code, Code::CommentMoved);
        let reading = read_text(AnswerKind::Choice(&UsagePattern::SET), "Consumers, 24x7 (mostly EU)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("consumer_24x7")), Some("mostly EU"))
        );
        let reading = read_text(DR, "None - we rely on backups of the database");
        assert_eq!(reading.outcome, Outcome::Answered(json!("none")));
        // Two options where one is asked for is not an explanation.
        let f = finding(HOSTING, "AWS, Azure");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidChoice, "\"AWS, Azure\" is not a hosting option"));
    }

    #[test]
    fn choice_failures_suggest_the_closest_option() {
        let f = finding(HOSTING, "Azur");
        assert_eq!(f.message, "\"Azur\" is not a hosting option");
        assert_eq!(f.hint.as_deref(), Some("did you mean \"Azure\"?"), "the label the drop-down shows");
        let f = finding(HOSTING, "Mainframe");
        assert_eq!(
            f.hint.as_deref(),
            Some(
                "the options are \"Azure\", \"AWS\", \"Google Cloud\", \"Another cloud\", \"On premises\", \"Hybrid\" \
                 or \"Not yet hosted\""
            )
        );
        let f = finding(AnswerKind::Choice(&ApplicationStatus::SET), "Migrating");
        assert_eq!(f.message, "\"Migrating\" is not an application status");
        assert_eq!(
            f.hint.as_deref(),
            Some("did you mean \"Migrating from another cloud\" or \"Migrating from on premises\"?")
        );
        static GENERIC: ChoiceSet =
            ChoiceSet::new("one of the options", "among the options", &[ChoiceOption { value: "red", label: "Red" }]);
        assert_eq!(finding(AnswerKind::Choice(&GENERIC), "blue").message, "\"blue\" is not one of the options");
        assert_eq!(
            finding(AnswerKind::Choice(&Priority::SET), "Mediu").hint.as_deref(),
            Some("did you mean \"Medium\"?")
        );
        assert_eq!(value(AnswerKind::Choice(&Priority::SET), "Med"), json!("medium"));
        let f = finding(HOSTING, "Yes");
        assert_eq!(f.code, Code::InvalidChoice);
    }

    #[test]
    fn choices_split_like_lists_and_drop_duplicates() {
        assert_eq!(value(MODELS, "SaaS\nSold through a marketplace"), json!(["saas", "marketplace"]));
        assert_eq!(value(MODELS, "saas; marketplace; SaaS"), json!(["saas", "marketplace"]));
        assert_eq!(value(MODELS, "Marketplace, saas"), json!(["marketplace", "saas"]));
        assert_eq!(value(COMPUTE, "IaaS, virtual machines, Kubernetes"), json!(["iaas_vms", "kubernetes"]));
        let reading = read_text(MODELS, "SaaS; Other (white label)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!(["saas", "other"])), Some("white label"))
        );
        let f = finding(AnswerKind::Choices(&AdvisoryArea::SET), "Security; Kafka; Redis");
        assert_eq!(f.message, "\"Kafka\", \"Redis\" are not advisory areas");
        let f = finding(AnswerKind::Choices(&AdvisoryArea::SET), "Securty; Networking");
        assert_eq!(f.message, "\"Securty\" is not an advisory area");
        assert_eq!(f.hint.as_deref(), Some("did you mean \"Security\"?"));
        let f = finding(AnswerKind::Choices(&AdvisoryArea::SET), "Securty; Netwroking");
        assert_eq!(
            f.hint.as_deref(),
            Some("did you mean \"Security\" for \"Securty\", \"Networking\" for \"Netwroking\"?")
        );
    }

    #[test]
    fn choices_match_their_words_in_any_order() {
        assert_eq!(value(AnswerKind::Choice(&UsagePattern::SET), "24x7 consumers"), json!("consumer_24x7"));
        assert_eq!(value(AnswerKind::Choice(&UsagePattern::SET), "24x7, Consumers"), json!("consumer_24x7"));
        assert_eq!(value(AnswerKind::Choice(&UsagePattern::SET), "24x7 consumer"), json!("consumer_24x7"));
        assert_eq!(value(COMPUTE, "machines virtual IaaS"), json!(["iaas_vms"]));
        assert_eq!(value(COMPUTE, "virtual machines, IaaS"), json!(["iaas_vms"]));
        assert_eq!(value(COMPUTE, "Kubernetes; machines virtual IaaS"), json!(["kubernetes", "iaas_vms"]));
        assert_eq!(value(DR, "restore and backup"), json!("backup_restore"));
        assert_eq!(
            value(AnswerKind::Choice(&EngagementType::SET), "Review architecture"),
            json!("architecture_review")
        );
        // With an explanation after it.
        let reading = read_text(AnswerKind::Choice(&UsagePattern::SET), "24x7 consumers (mostly EU)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("consumer_24x7")), Some("mostly EU"))
        );
        // A word more or less is not another order.
        assert_eq!(finding(AnswerKind::Choice(&UsagePattern::SET), "24x7 consumers only").code, Code::InvalidChoice);
        // Only separators in a set of choices: no option named, the text kept as an invalid answer.
        let f = finding(AnswerKind::Choices(&DataShape::SET), ",");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidChoice, "\",\" names no data shapes"));
    }

    #[test]
    fn words_that_name_two_options_in_another_order_name_neither() {
        static COLOURS: ChoiceSet = ChoiceSet::new(
            "a colour",
            "colours",
            &[
                ChoiceOption { value: "rgb", label: "Red green blue" },
                ChoiceOption { value: "bgr", label: "Blue green red" },
                ChoiceOption { value: "grey", label: "Grey" },
            ],
        );
        assert_eq!(value(AnswerKind::Choice(&COLOURS), "blue green red"), json!("bgr"));
        let f = finding(AnswerKind::Choice(&COLOURS), "green red blue");
        assert_eq!(f.message, "\"green red blue\" is not a colour");
        assert_eq!(f.hint.as_deref(), Some("did you mean \"Red green blue\" or \"Blue green red\"?"));
    }
}
