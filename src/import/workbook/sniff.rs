//! Which format a file is, decided from its content: magic bytes, then the members of a zip or the streams
//! of a compound file. A vendor's file name is often wrong (an xlsx saved under .xls, HTML under .xls, a
//! CSV named .txt), so the name only breaks ties the content leaves open. When the bytes are no workbook
//! at all, the error says what they look like instead, so the vendor knows what to send again.

use std::io::Read;

use super::cfb;
use super::zip_guard::open_zip;
use super::{Format, Limits, ReadError};

const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Decide the format from the content: magic bytes and zip members or
/// compound-file streams. The file name is only a tie-break (xlsm vs xlsx when
/// the content types do not say, and text that does not look tabular).
///
/// The error says what the bytes look like instead (empty file, PDF, image,
/// HTML, a Word document, a zip holding other files, ...).
pub fn sniff(bytes: &[u8], file_name: Option<&str>) -> Result<Format, ReadError> {
    let ext = file_name.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if bytes.is_empty() {
        return Err(ReadError::not_workbook("the file is empty"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, &ext);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return sniff_cfb(bytes);
    }
    let signatures: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "an RTF document"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"PK", "a damaged or unusual zip archive"),
    ];
    for (magic, what) in signatures {
        if bytes.starts_with(magic) {
            return Err(ReadError::not_workbook(format!("the file is {what}, not a workbook")));
        }
    }
    let Some(text) = decode_text(bytes) else {
        return Err(ReadError::not_workbook(format!(
            "the file is binary data of an unknown kind (it starts with {}), not a workbook",
            hex_prefix(bytes)
        )));
    };
    let trimmed = text.trim_start();
    let head: String = trimmed.chars().take(512).collect::<String>().to_lowercase();
    if head.starts_with('{') || head.starts_with('[') {
        return Ok(Format::Json);
    }
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html") {
        return Err(ReadError::not_workbook(
            "the file is an HTML page, not a workbook (some programs save HTML under an .xls name; save it as .xlsx)",
        ));
    }
    if head.starts_with("<?xml") || head.starts_with('<') {
        if head.contains("urn:schemas-microsoft-com:office:spreadsheet") || head.contains("<?mso-application") {
            return Err(ReadError::unsupported(
                "the file is an Excel 2003 XML spreadsheet, which is not supported; save it as .xlsx",
            ));
        }
        return Err(ReadError::not_workbook("the file is an XML document, not a workbook"));
    }
    if looks_like_csv(&text) || matches!(ext.as_str(), "csv" | "tsv" | "txt") {
        return Ok(Format::Csv);
    }
    Err(ReadError::not_workbook(
        "the file is plain text without comma, semicolon or tab separated columns, not a workbook",
    ))
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

fn sniff_zip(bytes: &[u8], ext: &str) -> Result<Format, ReadError> {
    let mut zip = open_zip(bytes, &Limits::default())?;
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
    let has = |n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
    if has("mimetype") {
        let mut mime = Vec::new();
        if let Ok(f) = zip.by_name("mimetype") {
            // A mimetype member is a few dozen bytes; cap the read anyway.
            let _ = f.take(200).read_to_end(&mut mime);
        }
        let mime_text = String::from_utf8_lossy(&mime).trim().to_string();
        // A mimetype that cannot be read beside an OpenDocument's content is damage to a part that holds no
        // answers: the content says what the file is.
        if mime.starts_with(ODS_MIME) || (mime_text.is_empty() && has("content.xml")) {
            return Ok(Format::Ods);
        }
        let what = match mime_text.as_str() {
            "application/vnd.oasis.opendocument.text" => "an OpenDocument text document (.odt)".to_string(),
            "application/vnd.oasis.opendocument.presentation" => "an OpenDocument presentation (.odp)".to_string(),
            "application/epub+zip" => "an EPUB e-book".to_string(),
            other => format!("a zip archive of type \"{}\"", other.chars().take(80).collect::<String>()),
        };
        return Err(ReadError::not_workbook(format!("the file is {what}, not a spreadsheet")));
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("xl/workbook.xml") || names.iter().any(|n| n.to_ascii_lowercase().ends_with("/workbook.xml")) {
        let mut types = Vec::new();
        if let Ok(f) = zip.by_name("[Content_Types].xml") {
            let _ = f.take(1 << 20).read_to_end(&mut types);
        }
        let types = String::from_utf8_lossy(&types).to_ascii_lowercase();
        if types.contains("sheet.macroenabled") || (!types.contains("spreadsheetml.sheet.main") && ext == "xlsm") {
            return Ok(Format::Xlsm);
        }
        return Ok(Format::Xlsx);
    }
    if has("word/document.xml") {
        return Err(ReadError::not_workbook("the file is a Word document (.docx), not a workbook"));
    }
    if has("ppt/presentation.xml") {
        return Err(ReadError::not_workbook("the file is a PowerPoint presentation (.pptx), not a workbook"));
    }
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    Err(ReadError::not_workbook(if names.is_empty() {
        "the file is an empty zip archive, not a workbook".to_string()
    } else {
        format!(
            "the file is a zip archive that holds no workbook (it holds {}{})",
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        )
    }))
}

fn sniff_cfb(bytes: &[u8]) -> Result<Format, ReadError> {
    let cfb = cfb::Cfb::parse(bytes)
        .map_err(|e| ReadError::corrupt(format!("the file is a damaged Office 97–2003 (compound) file: {e}")))?;
    if cfb.has("Workbook") || cfb.has("Book") {
        return Ok(Format::Xls);
    }
    // An encrypted xlsx, xlsm or xlsb is a compound file holding the encrypted package and how it was
    // encrypted.
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(ReadError::password_protected());
    }
    if cfb.has("WordDocument") {
        return Err(ReadError::not_workbook("the file is an old Word document (.doc), not a workbook"));
    }
    if cfb.has("PowerPoint Document") {
        return Err(ReadError::not_workbook("the file is an old PowerPoint presentation (.ppt), not a workbook"));
    }
    Err(ReadError::not_workbook(
        "the file is an Office 97–2003 compound file without a Workbook stream, not a workbook",
    ))
}

/// Decode text as UTF-8 (BOM optional), UTF-16 with a BOM, or Windows-1252.
/// `None` when the bytes do not look like text (NULs or many control bytes).
pub(super) fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Some(text.into_owned());
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if sample.contains(&0) || controls * 100 > sample.len() {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        // Not UTF-8: Excel on Windows writes CSV in the ANSI code page, which
        // is Windows-1252 for Western Europe. Every byte maps, nothing is lost.
        Err(_) => Some(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()),
    }
}

fn looks_like_csv(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    if lines.is_empty() {
        return false;
    }
    [b',', b';', b'\t'].iter().any(|&d| lines.iter().filter(|l| l.as_bytes().contains(&d)).count() * 2 >= lines.len())
}
