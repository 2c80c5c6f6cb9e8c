//! calamine's values turned into our [`CellValue`], in one place. The same content reads differently per
//! format in calamine (ods gives dates as ISO strings, booleans as numbers and errors as text; xlsx and xls
//! give serials, `Bool` and `Error`), and the importer must see the same value whichever program saved
//! the file. The ods value types calamine loses are put right by the reader with the pre-scan's hints.

use calamine::{Data, DataRef};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::CellValue;

const MS_PER_DAY: f64 = 86_400_000.0;

fn days_to_ms_precision(days: f64) -> f64 {
    (days * MS_PER_DAY).round() / MS_PER_DAY
}

pub(super) fn text(s: &str) -> Option<CellValue> {
    if s.is_empty() {
        None
    } else if s.contains('\r') {
        Some(CellValue::Text(s.replace("\r\n", "\n").replace('\r', "\n")))
    } else {
        Some(CellValue::Text(s.to_string()))
    }
}

pub(super) fn normalise(v: &Data) -> Option<CellValue> {
    match v {
        Data::Int(i) => Some(CellValue::Number(*i as f64)),
        Data::Float(f) => Some(CellValue::Number(*f)),
        Data::String(s) => text(s),
        Data::Bool(b) => Some(CellValue::Bool(*b)),
        Data::DateTime(dt) => Some(excel_datetime(dt)),
        Data::DateTimeIso(s) => Some(iso_datetime(s)),
        Data::DurationIso(s) => Some(iso_duration(s)),
        Data::Error(e) => Some(CellValue::Error(e.to_string())),
        Data::Empty => None,
    }
}

pub(super) fn normalise_ref(v: &DataRef<'_>) -> Option<CellValue> {
    match v {
        DataRef::Int(i) => Some(CellValue::Number(*i as f64)),
        DataRef::Float(f) => Some(CellValue::Number(*f)),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(CellValue::Bool(*b)),
        DataRef::DateTime(dt) => Some(excel_datetime(dt)),
        DataRef::DateTimeIso(s) => Some(iso_datetime(s)),
        DataRef::DurationIso(s) => Some(iso_duration(s)),
        DataRef::Error(e) => Some(CellValue::Error(e.to_string())),
        DataRef::Empty => None,
    }
}

/// Whether calamine's value is a number the file shows as a time or a duration (see [`Cell::time`]): an
/// Excel serial in a time format (the same test [`excel_datetime`] makes) or an ods time value.
///
/// [`Cell::time`]: super::Cell::time
pub(super) fn shows_time(v: &Data) -> bool {
    match v {
        Data::DateTime(dt) => is_clock(dt),
        Data::DurationIso(_) => true,
        _ => false,
    }
}

/// [`shows_time`] for a streamed value.
pub(super) fn shows_time_ref(v: &DataRef<'_>) -> bool {
    match v {
        DataRef::DateTime(dt) => is_clock(dt),
        DataRef::DurationIso(_) => true,
        _ => false,
    }
}

/// A serial that is a time or a duration rather than a date: a duration format (`[h]:mm`), or a time of
/// day on Excel's day zero.
fn is_clock(dt: &calamine::ExcelDateTime) -> bool {
    dt.is_duration() || (0.0..1.0).contains(&dt.as_f64())
}

fn date_or_datetime(dt: NaiveDateTime) -> CellValue {
    if dt.time() == NaiveTime::MIN {
        CellValue::Date(dt.date())
    } else {
        CellValue::DateTime(dt)
    }
}

/// Excel serial → Date / DateTime; times of day (serial < 1) and durations
/// become days, see [`CellValue`].
fn excel_datetime(dt: &calamine::ExcelDateTime) -> CellValue {
    let serial = dt.as_f64();
    if is_clock(dt) {
        return CellValue::Number(days_to_ms_precision(serial));
    }
    match dt.as_datetime() {
        Some(d) => date_or_datetime(d),
        None => CellValue::Number(serial),
    }
}

fn iso_datetime(s: &str) -> CellValue {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return CellValue::Date(d);
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            // Round to the millisecond as Excel serials are.
            let ms = dt.and_utc().timestamp_subsec_millis();
            let dt = dt.with_nanosecond(ms * 1_000_000).unwrap_or(dt);
            return date_or_datetime(dt);
        }
    }
    CellValue::Text(s.to_string())
}

/// ISO 8601 duration (`PT14H30M00S`, `P1DT2H`, `-PT1H`) → days. Years and months have no fixed length in a
/// cell's value, so such a duration stays text.
fn iso_duration(s: &str) -> CellValue {
    let s = s.trim();
    let calendar = s.trim_start_matches('-').strip_prefix('P').and_then(|r| r.split('T').next()).unwrap_or("");
    if calendar.contains(['Y', 'M']) {
        return CellValue::Text(s.to_string());
    }
    crate::profile::iso_duration_seconds(s)
        .map(|seconds| CellValue::Number(days_to_ms_precision(seconds / 86_400.0)))
        .unwrap_or_else(|| CellValue::Text(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_values() {
        assert_eq!(iso_duration("PT14H30M00S"), CellValue::Number(14.5 / 24.0));
        assert_eq!(iso_duration("P1DT12H"), CellValue::Number(1.5));
        assert_eq!(iso_duration("-PT6H"), CellValue::Number(-0.25));
        assert_eq!(iso_duration("P1Y"), CellValue::Text("P1Y".into()));
        let d = NaiveDate::from_ymd_opt(2024, 5, 17).unwrap();
        assert_eq!(iso_datetime("2024-05-17"), CellValue::Date(d));
        assert_eq!(iso_datetime("2024-05-17T00:00:00"), CellValue::Date(d));
        assert_eq!(iso_datetime("2024-05-17T14:30:00.000"), CellValue::DateTime(d.and_hms_opt(14, 30, 0).unwrap()));
    }
}
