//! The typed answer values that are more than a string or a number: dates, durations, e-mail addresses,
//! percentages and sizes.
//!
//! Each is a small newtype that serialises to the form the contract names (`YYYY-MM-DD`, ISO 8601
//! durations, numbers in GB) and carries its own JSON Schema, so the schema and the Rust type cannot
//! disagree about what is valid.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text or a number is not a value of one of the profile's types: not a date written `YYYY-MM-DD`, not an
/// ISO 8601 duration, not one e-mail address, or a number out of its range.
///
/// ```
/// use discovery::profile::{Percent, ValueErrorKind};
/// let error = Percent::new(150.0).unwrap_err();
/// assert_eq!(error.kind(), ValueErrorKind::OutOfRange);
/// assert_eq!(error.to_string(), "150 is not a percentage from 0 to 100");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    kind: ValueErrorKind,
    message: String,
}

/// What kind of value a [`ValueError`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueErrorKind {
    /// Not a date written `YYYY-MM-DD`, or a date the calendar does not have.
    Date,
    /// Not an ISO 8601 duration such as `PT4H`.
    Duration,
    /// Not one e-mail address.
    Email,
    /// A number outside its range (a percentage over 100, a negative size).
    OutOfRange,
    /// Not a finite number (NaN or infinity).
    NotFinite,
}

impl ValueError {
    fn new(kind: ValueErrorKind, message: String) -> ValueError {
        ValueError { kind, message }
    }

    /// What kind of value was refused.
    pub fn kind(&self) -> ValueErrorKind {
        self.kind
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// The date `year-month-day`, if it exists in the calendar.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for Date {
    type Err = ValueError;

    /// Parses exactly `YYYY-MM-DD`; the importer's tolerant date reading lives in `import`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(ValueError::new(ValueErrorKind::Date, format!("{s:?} is not a date written YYYY-MM-DD")));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| ValueError::new(ValueErrorKind::Date, format!("{s:?} is not a date in the calendar")))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            "examples": ["2026-03-15"]
        })
    }
}

/// A length of time as an ISO 8601 duration (`PT15M`, `PT4H`, `P1D`, `P1DT12H`).
///
/// Years and months are taken as 365 and 30 days when a duration is compared, which is all a recovery
/// objective needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDuration(String);

impl IsoDuration {
    /// The duration of `seconds` whole seconds, written in its shortest ISO 8601 form.
    pub fn from_seconds(seconds: u64) -> IsoDuration {
        if seconds == 0 {
            return IsoDuration("PT0S".to_owned());
        }
        let (days, rest) = (seconds / 86_400, seconds % 86_400);
        let (hours, rest) = (rest / 3600, rest % 3600);
        let (minutes, secs) = (rest / 60, rest % 60);
        let mut out = String::from("P");
        if days > 0 {
            out.push_str(&format!("{days}D"));
        }
        if hours + minutes + secs > 0 {
            out.push('T');
            for (n, unit) in [(hours, 'H'), (minutes, 'M'), (secs, 'S')] {
                if n > 0 {
                    out.push_str(&format!("{n}{unit}"));
                }
            }
        }
        IsoDuration(out)
    }

    /// The duration in seconds.
    pub fn seconds(&self) -> f64 {
        iso_duration_seconds(&self.0).unwrap_or(0.0)
    }

    /// The duration as a person reads it: `30 minutes`, `4 hours`, `1.5 days`.
    ///
    /// ```
    /// use discovery::profile::IsoDuration;
    /// assert_eq!("PT4H".parse::<IsoDuration>()?.human(), "4 hours");
    /// assert_eq!("PT90M".parse::<IsoDuration>()?.human(), "1.5 hours");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn human(&self) -> String {
        let seconds = self.seconds();
        let (n, unit) = if seconds < 60.0 {
            (seconds, "second")
        } else if seconds < 3600.0 {
            (seconds / 60.0, "minute")
        } else if seconds < 86_400.0 {
            (seconds / 3600.0, "hour")
        } else {
            (seconds / 86_400.0, "day")
        };
        format!("{} {unit}{}", super::text::grouped_number(n), if n == 1.0 { "" } else { "s" })
    }

    /// The duration as a vendor types it in a cell (`15 min`, `4 h`, `2 days`), which the importer reads
    /// back to the same ISO text; a duration that is not in its shortest ISO form, or not whole minutes,
    /// stays ISO 8601 so that it reads back unchanged.
    ///
    /// ```
    /// use discovery::profile::IsoDuration;
    /// assert_eq!("PT15M".parse::<IsoDuration>()?.typed(), "15 min");
    /// assert_eq!("P2D".parse::<IsoDuration>()?.typed(), "2 days");
    /// assert_eq!("PT1.5S".parse::<IsoDuration>()?.typed(), "PT1.5S");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn typed(&self) -> String {
        let seconds = self.seconds();
        if seconds.fract() != 0.0 || IsoDuration::from_seconds(seconds as u64).as_str() != self.0 {
            return self.0.clone();
        }
        match seconds as u64 {
            0 => "0".to_owned(),
            s if s % 86_400 == 0 => match s / 86_400 {
                1 => "1 day".to_owned(),
                days => format!("{days} days"),
            },
            s if s % 3600 == 0 => format!("{} h", s / 3600),
            s if s % 60 == 0 => format!("{} min", s / 60),
            _ => self.0.clone(),
        }
    }

    /// The ISO 8601 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads an ISO 8601 duration (`PnYnMnWnDTnHnMnS`, each part optional but at least one present, in
/// order) to seconds: the one reader of ISO durations, for the profile's values and for the duration cells
/// of OpenDocument files. A leading `-` gives a negative duration (an ods cell may hold one; a profile's
/// [`IsoDuration`] refuses it), and a decimal comma is read like a point. Years and months are taken as 365
/// and 30 days.
pub(crate) fn iso_duration_seconds(s: &str) -> Option<f64> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let rest = s.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = 0.0;
    let mut parts = 0;
    let mut read = |text: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in text.chars() {
            if c.is_ascii_digit() || ((c == '.' || c == ',') && !number.is_empty()) {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let at = units[next_unit..].iter().position(|(u, _)| *u == c)? + next_unit;
            total += number.parse::<f64>().ok()? * units[at].1;
            parts += 1;
            number.clear();
            next_unit = at + 1;
        }
        number.is_empty().then_some(())
    };
    read(date, &[('Y', 365.0 * 86_400.0), ('M', 30.0 * 86_400.0), ('W', 7.0 * 86_400.0), ('D', 86_400.0)])?;
    if let Some(time) = time {
        read(time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    (parts > 0).then_some(if negative { -total } else { total })
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for IsoDuration {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match iso_duration_seconds(s) {
            Some(seconds) if seconds >= 0.0 && !s.contains(',') => Ok(IsoDuration(s.to_owned())),
            _ => Err(ValueError::new(
                ValueErrorKind::Duration,
                format!("{s:?} is not an ISO 8601 duration such as PT4H"),
            )),
        }
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for IsoDuration {
    fn schema_name() -> Cow<'static, str> {
        "IsoDuration".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$",
            "examples": ["PT15M", "PT4H", "P1D"]
        })
    }
}

/// An e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = ValueError;

    /// Accepts one address `local@domain.tld`, without spaces or a display name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>')
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|label| !label.is_empty())
            }
            None => false,
        };
        if valid {
            Ok(Email(s.to_owned()))
        } else {
            Err(ValueError::new(ValueErrorKind::Email, format!("{s:?} is not one e-mail address")))
        }
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Email {
    fn schema_name() -> Cow<'static, str> {
        "Email".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "email",
            "pattern": "^[^@\\s,;<>]+@[^@\\s,;<>.]+(\\.[^@\\s,;<>.]+)+$",
            "examples": ["cto@example.com"]
        })
    }
}

macro_rules! ranged_number {
    ($(#[$meta:meta])* $name:ident, $what:literal, $max:expr, schema: $schema:tt) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize)]
        #[serde(try_from = "f64")]
        pub struct $name(pub(crate) f64);

        impl $name {
            /// The value, if it is finite and in range.
            ///
            /// # Errors
            /// A [`ValueError`] for NaN, an infinity, or a value out of range.
            pub fn new(value: f64) -> Result<$name, ValueError> {
                if !value.is_finite() {
                    return Err(ValueError::new(ValueErrorKind::NotFinite, format!("{value} is not {}", $what)));
                }
                let max: Option<f64> = $max;
                if value < 0.0 || max.is_some_and(|max| value > max) {
                    return Err(ValueError::new(ValueErrorKind::OutOfRange, format!("{value} is not {}", $what)));
                }
                Ok($name(value))
            }

            /// The number.
            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = ValueError;

            fn try_from(value: f64) -> Result<$name, ValueError> {
                $name::new(value)
            }
        }

        impl From<$name> for f64 {
            fn from(value: $name) -> f64 {
                value.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_number(self.0, serializer)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

ranged_number!(
    /// A percentage from 0 to 100 (`99.95` means 99.95 %). It cannot hold NaN, an infinity or a value out of
    /// range: [`Percent::new`] and deserialisation refuse them.
    ///
    /// ```
    /// use discovery::profile::Percent;
    /// assert_eq!(Percent::new(99.95)?.get(), 99.95);
    /// assert!(Percent::new(150.0).is_err());
    /// assert!(Percent::new(f64::NAN).is_err());
    /// assert!(serde_json::from_str::<Percent>("120").is_err());
    /// # Ok::<(), discovery::profile::ValueError>(())
    /// ```
    Percent, "a percentage from 0 to 100", Some(100.0),
    schema: { "type": "number", "minimum": 0, "maximum": 100, "examples": [99.95] }
);

ranged_number!(
    /// A size in gigabytes (1 TB = 1000 GB, 1 MB = 0.001 GB): finite and not negative.
    ///
    /// ```
    /// use discovery::profile::SizeGb;
    /// assert_eq!(SizeGb::new(2000.0)?.get(), 2000.0);
    /// assert!(SizeGb::new(-1.0).is_err());
    /// # Ok::<(), discovery::profile::ValueError>(())
    /// ```
    SizeGb, "a size in GB of 0 or more", None,
    schema: { "type": "number", "minimum": 0, "examples": [500, 2000] }
);

ranged_number!(
    /// A count or measure that cannot be negative (requests per second, milliseconds, users): finite and not
    /// negative.
    ///
    /// ```
    /// use discovery::profile::Quantity;
    /// assert_eq!(Quantity::new(250.0)?.get(), 250.0);
    /// assert!(Quantity::new(f64::INFINITY).is_err());
    /// # Ok::<(), discovery::profile::ValueError>(())
    /// ```
    Quantity, "a number of 0 or more", None,
    schema: { "type": "number", "minimum": 0 }
);

/// Writes a whole number without a fraction (`1800`, not `1800.0`), as people and other programs expect.
fn serialize_number<S: Serializer>(value: f64, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below it is exact in an f64
    if value.fract() == 0.0 && value.abs() < EXACT {
        serializer.serialize_i64(value as i64)
    } else {
        serializer.serialize_f64(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_to_seconds() {
        for (text, seconds) in [
            ("PT15M", 900.0),
            ("PT4H", 14_400.0),
            ("P1D", 86_400.0),
            ("P1DT12H", 129_600.0),
            ("PT0S", 0.0),
            ("PT1.5S", 1.5),
            ("P1W", 604_800.0),
        ] {
            assert_eq!(text.parse::<IsoDuration>().unwrap().seconds(), seconds, "{text}");
        }
        for bad in ["", "P", "PT", "4H", "PT4", "P1H", "PT1D", "PT4H15", "P1M1Y", "-PT1H", "PT1,5S"] {
            assert!(bad.parse::<IsoDuration>().is_err(), "{bad} must be rejected");
        }
    }

    #[test]
    fn durations_are_written_in_shortest_form() {
        assert_eq!(IsoDuration::from_seconds(900).as_str(), "PT15M");
        assert_eq!(IsoDuration::from_seconds(86_400).as_str(), "P1D");
        assert_eq!(IsoDuration::from_seconds(90_000).as_str(), "P1DT1H");
        assert_eq!(IsoDuration::from_seconds(0).as_str(), "PT0S");
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!("2026-03-15".parse::<Date>().unwrap().to_string(), "2026-03-15");
        for bad in ["2026-3-15", "15.03.2026", "2026-02-30", "2026-03-15T00:00"] {
            assert!(bad.parse::<Date>().is_err(), "{bad} must be rejected");
        }
    }

    #[test]
    fn numbers_out_of_range_cannot_be_built() {
        for bad in [-0.1, 100.01, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(Percent::new(bad).is_err(), "{bad}");
        }
        assert_eq!(Percent::new(0.0).unwrap().get(), 0.0);
        assert_eq!(Percent::new(100.0).unwrap().get(), 100.0);
        assert_eq!(Percent::new(f64::NAN).unwrap_err().kind(), ValueErrorKind::NotFinite);
        assert_eq!(SizeGb::new(-5.0).unwrap_err().kind(), ValueErrorKind::OutOfRange);
        assert!(Quantity::new(f64::NAN).is_err());
        assert!(serde_json::from_str::<Percent>("100.5").is_err());
        assert!(serde_json::from_str::<SizeGb>("-1").is_err());
        assert_eq!(serde_json::from_str::<Quantity>("1800").unwrap().get(), 1800.0);
        assert_eq!(serde_json::to_string(&Quantity::new(1800.0).unwrap()).unwrap(), "1800");
    }

    #[test]
    fn parse_errors_are_typed_errors() {
        fn is_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
        let error = "jane at contoso".parse::<Email>().unwrap_err();
        is_error(&error);
        assert_eq!(error.kind(), ValueErrorKind::Email);
        assert_eq!("PT".parse::<IsoDuration>().unwrap_err().kind(), ValueErrorKind::Duration);
        assert_eq!("2026-02-30".parse::<Date>().unwrap_err().kind(), ValueErrorKind::Date);
        // `?` works under any error type that takes a std error, as anyhow's does.
        fn parse() -> Result<Email, Box<dyn std::error::Error + Send + Sync>> {
            Ok("cto@example.com".parse::<Email>()?)
        }
        assert_eq!(parse().unwrap().as_str(), "cto@example.com");
    }

    #[test]
    fn emails_are_one_address() {
        assert!("cto@example.com".parse::<Email>().is_ok());
        for bad in ["cto", "cto@", "@example.com", "a@b", "a@b.com; c@d.com", "Ann <a@b.com>", "a b@c.com"] {
            assert!(bad.parse::<Email>().is_err(), "{bad} must be rejected");
        }
    }
}
