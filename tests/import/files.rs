//! Builders of hostile and broken inputs, shared by the tests and by
//! `examples/make_hostile.rs` (which writes them out for time/RSS measurement).
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A zip of (name, bytes) members, deflated except `mimetype` (stored, as ODF wants).
pub fn make_zip(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in members {
        let method = if *name == "mimetype" { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        w.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every member of a zip, inflated: (name, data) in archive order.
pub fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect()
}

/// A zip of owned (name, bytes) members, as [`make_zip`] makes it.
pub fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, Vec<u8>)> = members.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    make_zip(&refs)
}

/// Rewrite every member of a zip through `edit(name, data)`.
pub fn rewrite_zip(bytes: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let edited: Vec<(String, Vec<u8>)> = members(bytes)
        .into_iter()
        .map(|(name, data)| {
            let data = edit(&name, data);
            (name, data)
        })
        .collect();
    zip_of(&edited)
}

fn replace(data: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(data).unwrap();
    assert!(text.contains(from), "{from} not found");
    text.replacen(from, to, 1).into_bytes()
}

fn replace_regex_dimension(data: Vec<u8>, new_ref: &str) -> Vec<u8> {
    let text = String::from_utf8(data).unwrap();
    let start = text.find("<dimension ref=\"").unwrap() + 16;
    let end = start + text[start..].find('"').unwrap();
    format!("{}{}{}", &text[..start], new_ref, &text[end..]).into_bytes()
}

/// Overwrite the declared uncompressed size of member `name` (local header and
/// central directory) with `size`: a zip that lies about its size.
pub fn lie_about_size(mut bytes: Vec<u8>, name: &str, size: u32) -> Vec<u8> {
    let n = name.as_bytes();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..].starts_with(b"PK\x03\x04") && bytes[i + 30..].starts_with(n) {
            bytes[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        }
        if bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(n) {
            bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
    bytes
}

pub fn empty() -> Vec<u8> {
    Vec::new()
}

pub fn truncated_xlsx() -> Vec<u8> {
    let b = fixture("cell-values.xlsx");
    b[..b.len() / 2].to_vec()
}

pub fn random_bytes() -> Vec<u8> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub fn png() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00".to_vec()
}

pub fn html() -> Vec<u8> {
    b"<!DOCTYPE html>\n<html><head><title>Questionnaire</title></head><body><table><tr><td>Name</td><td>Acme</td></tr></table></body></html>\n".to_vec()
}

pub fn zip_without_workbook() -> Vec<u8> {
    make_zip(&[("readme.txt", b"hello".to_vec()), ("images/logo.png", png())])
}

pub fn docx() -> Vec<u8> {
    make_zip(&[
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types/>".to_vec()),
        ("word/document.xml", b"<?xml version=\"1.0\"?><w:document/>".to_vec()),
    ])
}

/// A member declaring (truthfully) 300 MiB of zeros: over the 200 MiB limit.
pub fn zip_bomb() -> Vec<u8> {
    zip_bomb_of(300)
}

/// A member declaring (truthfully) `mib` MiB of zeros.
pub fn zip_bomb_of(mib: usize) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("[Content_Types].xml", SimpleFileOptions::default()).unwrap();
    w.write_all(b"<Types/>").unwrap();
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    w.start_file("xl/workbook.xml", opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..mib {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A member whose header claims 1000 bytes but that inflates to 20 MiB.
pub fn lying_zip() -> Vec<u8> {
    let sample = fixture("cell-values.xlsx");
    let big = rewrite_zip(&sample, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let mut d = data;
            d.extend(std::iter::repeat_n(b' ', 20 << 20));
            d
        } else {
            data
        }
    });
    lie_about_size(big, "xl/worksheets/sheet1.xml", 1000)
}

pub fn xlsx_huge_dimension() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.xlsx"), |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            replace_regex_dimension(data, "A1:XFD1048576")
        } else {
            data
        }
    })
}

pub fn xlsx_far_cell() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.xlsx"), |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            replace(data, "</sheetData>", "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>")
        } else {
            data
        }
    })
}

const LAUGHS: &str = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\"><!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\"><!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\"><!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\"><!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\"><!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

/// Billion laughs in the sheet (an inline string using &lol9;) and in the
/// shared strings.
pub fn xlsx_billion_laughs() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.xlsx"), |name, data| {
        let add_doctype = |d: Vec<u8>| {
            let text = String::from_utf8(d).unwrap();
            let end = text.find("?>").unwrap() + 2;
            format!("{}{}{}", &text[..end], LAUGHS, &text[end..]).into_bytes()
        };
        match name {
            "xl/worksheets/sheet1.xml" => {
                let d = add_doctype(data);
                replace(
                    d,
                    "</sheetData>",
                    "<row r=\"20\"><c r=\"A20\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData>",
                )
            }
            "xl/sharedStrings.xml" => {
                let d = add_doctype(data);
                replace(d, "<t>Name</t>", "<t>&lol9;</t>")
            }
            _ => data,
        }
    })
}

/// Billion laughs in an ods content.xml: the entity in a paragraph and in an attribute value.
pub fn ods_billion_laughs() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.ods"), |name, data| {
        if name == "content.xml" {
            let text = String::from_utf8(data).unwrap();
            let end = text.find("?>").unwrap() + 2;
            let text = format!("{}{}{}", &text[..end], LAUGHS, &text[end..]);
            replace(
                text.into_bytes(),
                "<table:table-row",
                "<table:table-row><table:table-cell office:value-type=\"string\" office:string-value=\"&lol9;\"><text:p>&lol9;</text:p></table:table-cell></table:table-row><table:table-row",
            )
        } else {
            data
        }
    })
}

pub fn xlsx_huge_unique_count() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.xlsx"), |name, data| {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let start = text.find("uniqueCount=\"").unwrap() + 13;
            let end = start + text[start..].find('"').unwrap();
            format!("{}4000000000{}", &text[..start], &text[end..]).into_bytes()
        } else {
            data
        }
    })
}

pub fn truncated_xls() -> Vec<u8> {
    let b = fixture("cell-values.xls");
    b[..b.len() / 2].to_vec()
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(b[i..i + 4].try_into().unwrap())
}

/// The directory sector's FAT entry points at itself: calamine would follow
/// the chain forever, growing its buffer.
pub fn xls_cyclic_fat() -> Vec<u8> {
    let mut b = fixture("cell-values.xls");
    let dir_start = u32_at(&b, 48) as usize;
    let first_fat_sector = u32_at(&b, 76) as usize;
    let pos = 512 + first_fat_sector * 512 + dir_start * 4;
    b[pos..pos + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    b
}

/// Every byte from the middle on overwritten with noise.
pub fn corrupted_xls() -> Vec<u8> {
    let mut b = fixture("cell-values.xls");
    let noise = random_bytes();
    let mid = b.len() / 2;
    for (i, x) in b[mid..].iter_mut().enumerate() {
        *x ^= noise[i % noise.len()] | 1;
    }
    b
}

/// The first sheet's DIMENSIONS record claims 0xFFFFFFF0 rows x 256 columns.
pub fn xls_huge_dimensions() -> Vec<u8> {
    let mut b = fixture("cell-values.xls");
    let pos = b.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("DIMENSIONS record");
    b[pos + 8..pos + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    b[pos + 14..pos + 16].copy_from_slice(&256u16.to_le_bytes());
    b
}

/// `xls` with every DIMENSIONS record (BIFF8) claiming 0xFFFFFFF0 rows x 256 columns.
pub fn xls_claiming_dimensions(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    let mut at = 0;
    while let Some(pos) = b[at..].windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).map(|p| p + at) {
        b[pos + 8..pos + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        b[pos + 14..pos + 16].copy_from_slice(&256u16.to_le_bytes());
        at = pos + 4;
    }
    b
}

/// A Number record (0x0203) moved to row 65535, column 16383.
pub fn xls_far_cell() -> Vec<u8> {
    let mut b = fixture("cell-values.xls");
    let pos = b.windows(4).position(|w| w == [0x03, 0x02, 0x0E, 0x00]).expect("NUMBER record");
    b[pos + 4..pos + 6].copy_from_slice(&0xFFFFu16.to_le_bytes());
    b[pos + 6..pos + 8].copy_from_slice(&0x3FFFu16.to_le_bytes());
    b
}

/// A non-empty cell repeated over 16384 columns and 1,000,000 rows.
pub fn ods_huge_repeat() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.ods"), |name, data| {
        if name == "content.xml" {
            replace(
                data,
                "</table:table>",
                "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"><text:p>1</text:p></table:table-cell></table:table-row></table:table>",
            )
        } else {
            data
        }
    })
}

/// xlsb whose workbook.bin starts with a record claiming ~256 MiB.
pub fn xlsb_huge_record() -> Vec<u8> {
    make_zip(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        ("xl/workbook.bin", vec![0x83, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0]),
    ])
}

/// fabrikam-routewise.xls with the 9 bytes the `import_bytes` fuzz target changed: a defined name (Lbl
/// record) whose formula length overruns its record.
pub fn xls_lbl_overrun() -> Vec<u8> {
    let mut bytes = fixture("fabrikam-routewise.xls");
    for (at, value) in [
        (4220, 0x2E),
        (10785, 0x23),
        (14176, 0x92),
        (14177, 0x8D),
        (15740, 0x30),
        (27536, 0x22),
        (27538, 0x06),
        (29554, 0xE7),
        (41382, 0x28),
    ] {
        bytes[at] = value;
    }
    bytes
}

/// fabrikam-routewise.xlsx with the company name 100 500 characters long (its text is cut, not refused).
pub fn xlsx_long_text() -> Vec<u8> {
    let long = format!("Fabrikam {}", "x".repeat(100_500));
    let path = format!("{}/samples/fabrikam-routewise.xlsx", env!("CARGO_MANIFEST_DIR"));
    rewrite_zip(&std::fs::read(path).unwrap(), |name, data| {
        if name == "xl/sharedStrings.xml" {
            String::from_utf8(data).unwrap().replacen("Fabrikam Freight Systems Ltd", &long, 1).into_bytes()
        } else {
            data
        }
    })
}

/// cell-values.ods with content.xml cut after its first row: calamine's table reader would wait forever
/// for `</table:table>`.
pub fn ods_unclosed() -> Vec<u8> {
    rewrite_zip(&fixture("cell-values.ods"), |name, data| {
        if name == "content.xml" {
            let xml = String::from_utf8(data).unwrap();
            let at = xml.find("</table:table-row>").unwrap() + "</table:table-row>".len();
            xml.as_bytes()[..at].to_vec()
        } else {
            data
        }
    })
}

// ---------------------------------------------------------------------------------------------------------
// Returns as vendors really send them: the Fabrikam sample changed the way real workbooks differ from the
// template. Each must import exactly like the sample (or, where it says so, with one diagnostic more).

/// The Fabrikam sample, as written by `cargo run --example make_samples`.
pub fn sample_xlsx() -> Vec<u8> {
    std::fs::read(format!("{}/samples/fabrikam-routewise.xlsx", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Excel's relationship type of a worksheet.
pub const WORKSHEET_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/// `bytes` (an xlsx) with one more sheet, as Excel stores it: the part, its relationship, its entry in the
/// workbook's sheet list and its content type.
pub fn add_xlsx_sheet(bytes: &[u8], name: &str, part: &str, xml: &str, rel_type: &str, content_type: &str) -> Vec<u8> {
    let with_entries = rewrite_zip(bytes, |member, data| match member {
        "xl/workbook.xml" => {
            replace(data, "</sheets>", &format!("<sheet name=\"{name}\" sheetId=\"99\" r:id=\"rId99\"/></sheets>"))
        }
        "xl/_rels/workbook.xml.rels" => replace(
            data,
            "</Relationships>",
            &format!(
                "<Relationship Id=\"rId99\" Type=\"{rel_type}\" Target=\"{}\"/></Relationships>",
                part.trim_start_matches("xl/")
            ),
        ),
        "[Content_Types].xml" => replace(
            data,
            "</Types>",
            &format!("<Override PartName=\"/{part}\" ContentType=\"{content_type}\"/></Types>"),
        ),
        _ => data,
    });
    let mut all = members(&with_entries);
    all.push((part.to_owned(), xml.as_bytes().to_vec()));
    zip_of(&all)
}

/// Column letters of a 0-based column (`0` is `A`, `299` is `KN`).
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap()
}

/// A vendor's cost model: a header row of month names and `rows` rows of numbers, `cols` columns wide.
pub fn cost_model_xml(cols: u32, rows: u32) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:{}{rows}\"/><sheetData>",
        column_letters(cols - 1)
    );
    for row in 1..=rows {
        xml.push_str(&format!("<row r=\"{row}\">"));
        for col in 0..cols {
            let at = format!("{}{row}", column_letters(col));
            if row == 1 {
                xml.push_str(&format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>Month {}</t></is></c>", col + 1));
            } else {
                xml.push_str(&format!("<c r=\"{at}\"><v>{}</v></c>", (row * 1000 + col) as f64 / 4.0));
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// The sample with the vendor's own 200-column cost model as an extra sheet.
pub fn xlsx_with_cost_model() -> Vec<u8> {
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    add_xlsx_sheet(
        &sample_xlsx(),
        "Cost model",
        "xl/worksheets/sheet8.xml",
        &cost_model_xml(200, 40),
        WORKSHEET_REL,
        content_type,
    )
}

/// The sample's Profile sheet (`xl/worksheets/sheet2.xml`) edited by `edit`.
pub fn sample_with_profile(edit: impl Fn(String) -> String) -> Vec<u8> {
    rewrite_zip(&sample_xlsx(), |name, data| {
        if name == "xl/worksheets/sheet2.xml" {
            edit(String::from_utf8(data).unwrap()).into_bytes()
        } else {
            data
        }
    })
}

/// The sample with one bold empty cell at column 300 (KN) of the Profile sheet, which Excel then counts in
/// the sheet's dimension.
pub fn xlsx_bold_far_cell() -> Vec<u8> {
    sample_with_profile(|xml| {
        let row = xml.find("<row r=\"5\"").unwrap();
        let end = row + xml[row..].find("</row>").unwrap();
        let xml = format!("{}<c r=\"KN5\" s=\"1\"/>{}", &xml[..end], &xml[end..]);
        xml.replacen("<dimension ref=\"A1:G72\"/>", "<dimension ref=\"A1:KN72\"/>", 1)
    })
}

/// The sample whose Profile sheet claims 65 536 rows and 34 columns, as some writers record the formatted area.
pub fn xlsx_tall_dimension() -> Vec<u8> {
    sample_with_profile(|xml| xml.replacen("<dimension ref=\"A1:G72\"/>", "<dimension ref=\"A1:AH65536\"/>", 1))
}

/// The sample saved with macros: a VBA project and an Excel 4 macro sheet (`xl/macrosheets/`).
pub fn xlsm_with_macro_sheet() -> Vec<u8> {
    let macro_sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<xm:macrosheet \
        xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
        xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"><dimension ref=\"A1:A2\"/><sheetData>\
        <row r=\"1\"><c r=\"A1\" t=\"str\"><f>ECHO(FALSE)</f><v>TRUE</v></c></row>\
        <row r=\"2\"><c r=\"A2\" t=\"str\"><f>RETURN()</f><v>TRUE</v></c></row></sheetData></xm:macrosheet>";
    let with_sheet = add_xlsx_sheet(
        &sample_xlsx(),
        "Macro1",
        "xl/macrosheets/sheet1.xml",
        macro_sheet,
        "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
        "application/vnd.ms-excel.macrosheet+xml",
    );
    let mut all = members(&rewrite_zip(&with_sheet, |name, data| {
        if name == "[Content_Types].xml" {
            replace(
                data,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        } else {
            data
        }
    }));
    // A VBA project is a compound file Excel writes; its content does not matter to a reader of answers.
    all.push(("xl/vbaProject.bin".to_owned(), random_bytes()));
    zip_of(&all)
}

/// The declared size of a member as its central directory records it.
pub fn declared_size(bytes: &[u8], name: &str) -> u64 {
    ZipArchive::new(Cursor::new(bytes)).unwrap().by_name(name).unwrap().size()
}

/// The sample whose Profile sheet's header says it is 3 bytes shorter than it is.
pub fn xlsx_member_longer_than_declared() -> Vec<u8> {
    let bytes = sample_xlsx();
    let size = declared_size(&bytes, "xl/worksheets/sheet2.xml");
    lie_about_size(bytes, "xl/worksheets/sheet2.xml", size as u32 - 3)
}

/// `bytes` (an xlsx) whose shared strings hold `extra` more entries than they do, and whose header claims
/// `claim` distinct strings.
pub fn xlsx_with_strings(bytes: &[u8], extra: usize, claim: u64) -> Vec<u8> {
    rewrite_zip(bytes, |name, data| {
        if name != "xl/sharedStrings.xml" {
            return data;
        }
        let mut text = String::from_utf8(data).unwrap();
        let start = text.find("uniqueCount=\"").unwrap() + 13;
        let end = start + text[start..].find('"').unwrap();
        text.replace_range(start..end, &claim.to_string());
        let strings: String = (0..extra).map(|i| format!("<si><t>extra {i}</t></si>")).collect();
        text.replacen("</sst>", &format!("{strings}</sst>"), 1).into_bytes()
    })
}

/// The sample with a dynamic-array formula that cannot spill on its Instructions sheet (`#SPILL!`).
pub fn xlsx_spill_on_instructions() -> Vec<u8> {
    rewrite_zip(&sample_xlsx(), |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            replace(
                data,
                "</sheetData>",
                "<row r=\"40\"><c r=\"B40\" t=\"e\"><f>SEQUENCE(3)</f><v>#SPILL!</v></c>\
                 <c r=\"C40\" t=\"e\"><f>LAMBDA(x,x)</f><v>#CALC!</v></c></row></sheetData>",
            )
        } else {
            data
        }
    })
}

/// The sample whose answer in `cell` of the Profile sheet is a formula that gives the error `literal`.
pub fn xlsx_error_in_answer(cell: &str, literal: &str) -> Vec<u8> {
    sample_with_profile(|xml| {
        let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
        let end = start + xml[start..].find("</c>").unwrap() + 4;
        format!(
            "{}<c r=\"{cell}\" t=\"e\"><f>FILTER(A1:A2,A1:A2=0)</f><v>{literal}</v></c>{}",
            &xml[..start],
            &xml[end..]
        )
    })
}

/// An encrypted xlsx as Excel writes it (and as LibreOffice cannot): a compound file holding only the
/// `EncryptionInfo` and `EncryptedPackage` streams, here of noise, 4 KiB each so that they need no mini stream.
pub fn encrypted_ooxml() -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    let mut file = vec![0u8; 512];
    file[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut file, 24, 0x003E);
    put16(&mut file, 26, 3);
    put16(&mut file, 28, 0xFFFE);
    put16(&mut file, 30, 9);
    put16(&mut file, 32, 6);
    put32(&mut file, 44, 1); // FAT sectors
    put32(&mut file, 48, 1); // first directory sector
    put32(&mut file, 56, 4096); // mini stream cutoff
    put32(&mut file, 60, END); // no mini FAT
    put32(&mut file, 68, END); // no DIFAT sectors
    for i in 0..109 {
        put32(&mut file, 76 + i * 4, if i == 0 { 0 } else { FREE });
    }
    // Sector 0: the FAT. Sector 1: the directory. Sectors 2–9 and 10–17: the two streams.
    let mut fat = vec![FREE; 128];
    fat[0] = FAT_SECTOR;
    fat[1] = END;
    for (s, next) in fat.iter_mut().enumerate().take(18).skip(2) {
        *next = if s == 9 || s == 17 { END } else { s as u32 + 1 };
    }
    file.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    let mut dir = vec![0u8; 512];
    let entry = |dir: &mut [u8], i: usize, name: &str, kind: u8, right: u32, child: u32, start: u32, size: u32| {
        let e = &mut dir[i * 128..(i + 1) * 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (k, u) in units.iter().enumerate() {
            e[k * 2..k * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
    };
    entry(&mut dir, 0, "Root Entry", 5, FREE, 1, END, 0);
    entry(&mut dir, 1, "EncryptionInfo", 2, 2, FREE, 2, 4096);
    entry(&mut dir, 2, "EncryptedPackage", 2, FREE, FREE, 10, 4096);
    file.extend(dir);
    let noise = random_bytes();
    for k in 0..8192 {
        file.push(noise[k % noise.len()]);
    }
    file
}

/// One xlsb record (MS-XLSB 2.1.4): its type and length as 7-bit groups, then its body.
fn xlsb_record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut out = if typ < 0x80 { vec![typ as u8] } else { vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8] };
    let mut len = body.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(body);
    out
}

/// An xlsb wide string: its length in UTF-16 units, then the units.
fn xlsb_string(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// The cells of one sheet built by [`xlsb`]: (row, column, value), in row order.
pub type XlsbCells = Vec<(u32, u32, XlsbValue)>;

/// A cell of an xlsb sheet built by [`xlsb`].
#[derive(Clone, Debug)]
pub enum XlsbValue {
    Text(String),
    Number(f64),
    Bool(bool),
    /// An error code (`0x2A` is `#N/A`, `0x2C` what Excel writes for `#SPILL!`).
    Error(u8),
}

/// An xlsb workbook built record by record, since no program here writes xlsb: `sheets` of (row, column,
/// value) cells in row order, and `extra` members as they are (a VBA project, ...). `rels_name` is the
/// name of the workbook's relationships part, which Excel writes as `xl/_rels/workbook.bin.rels`.
pub fn xlsb(sheets: &[(&str, XlsbCells)], extra: &[(&str, Vec<u8>)], rels_name: &str) -> Vec<u8> {
    let mut workbook = xlsb_record(0x0083, &[]); // BrtBeginBook
    workbook.extend(xlsb_record(0x008F, &[])); // BrtBeginBundleShs
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/>\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    );
    let mut sheet_parts: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, cells)) in sheets.iter().enumerate() {
        let id = format!("rId{}", i + 1);
        let mut body = 0u32.to_le_bytes().to_vec(); // visible
        body.extend((i as u32 + 1).to_le_bytes());
        body.extend(xlsb_string(&id));
        body.extend(xlsb_string(name));
        workbook.extend(xlsb_record(0x009C, &body)); // BrtBundleSh
        rels.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{WORKSHEET_REL}\" Target=\"worksheets/sheet{}.bin\"/>",
            i + 1
        ));
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{}.bin\" \
             ContentType=\"application/vnd.ms-excel.worksheet\"/>",
            i + 1
        ));
        let last = cells.iter().fold((0, 0), |(r, c), &(row, col, _)| (r.max(row), c.max(col)));
        let mut sheet = xlsb_record(0x0081, &[]); // BrtBeginSheet
        let dim: Vec<u8> = [0, last.0, 0, last.1].iter().flat_map(|v: &u32| v.to_le_bytes()).collect();
        sheet.extend(xlsb_record(0x0094, &dim)); // BrtWsDim
        sheet.extend(xlsb_record(0x0091, &[])); // BrtBeginSheetData
        let mut row = None;
        for (r, c, value) in cells {
            if row != Some(*r) {
                let mut header = r.to_le_bytes().to_vec();
                header.extend([0u8; 13]);
                sheet.extend(xlsb_record(0x0000, &header)); // BrtRowHdr
                row = Some(*r);
            }
            let mut body = c.to_le_bytes().to_vec();
            body.extend(0u32.to_le_bytes()); // style
            let typ = match value {
                XlsbValue::Text(text) => {
                    body.extend(xlsb_string(text));
                    0x0006 // BrtCellSt
                }
                XlsbValue::Number(n) => {
                    body.extend(n.to_le_bytes());
                    0x0005 // BrtCellReal
                }
                XlsbValue::Bool(b) => {
                    body.push(*b as u8);
                    0x0004 // BrtCellBool
                }
                XlsbValue::Error(code) => {
                    body.push(*code);
                    0x0003 // BrtCellError
                }
            };
            sheet.extend(xlsb_record(typ, &body));
        }
        sheet.extend(xlsb_record(0x0092, &[])); // BrtEndSheetData
        sheet.extend(xlsb_record(0x0082, &[])); // BrtEndSheet
        sheet_parts.push((format!("xl/worksheets/sheet{}.bin", i + 1), sheet));
    }
    workbook.extend(xlsb_record(0x0090, &[])); // BrtEndBundleShs
    workbook.extend(xlsb_record(0x0084, &[])); // BrtEndBook
    for (name, _) in extra {
        if name.ends_with("vbaProject.bin") {
            rels.push_str(
                "<Relationship Id=\"rIdVba\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" \
                 Target=\"vbaProject.bin\"/>",
            );
        }
    }
    rels.push_str("</Relationships>");
    types.push_str("</Types>");
    let package = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
        xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" \
        Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
        Target=\"xl/workbook.bin\"/></Relationships>";
    let mut all: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), types.into_bytes()),
        ("_rels/.rels".into(), package.as_bytes().to_vec()),
        ("xl/workbook.bin".into(), workbook),
        (rels_name.into(), rels.into_bytes()),
    ];
    all.extend(sheet_parts);
    all.extend(extra.iter().map(|(n, d)| (n.to_string(), d.clone())));
    zip_of(&all)
}

/// The cells of every sheet of an xlsx, read with calamine, as xlsb cells (dates as their serial numbers).
pub fn xlsb_cells_of(xlsx: &[u8]) -> Vec<(String, XlsbCells)> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).unwrap();
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let cells = range
                .used_cells()
                .filter_map(|(r, c, v)| {
                    let value = match v {
                        Data::String(s) => XlsbValue::Text(s.clone()),
                        Data::Float(f) => XlsbValue::Number(*f),
                        Data::Int(i) => XlsbValue::Number(*i as f64),
                        Data::Bool(b) => XlsbValue::Bool(*b),
                        Data::DateTime(d) => XlsbValue::Number(d.as_f64()),
                        Data::Error(_) => XlsbValue::Error(0x2A),
                        _ => return None,
                    };
                    Some((r0 + r as u32, c0 + c as u32, value))
                })
                .collect();
            (name, cells)
        })
        .collect()
}

/// The Fabrikam sample as an xlsb built by [`xlsb`], with `extra` members.
pub fn sample_xlsb(extra: &[(&str, Vec<u8>)], rels_name: &str) -> Vec<u8> {
    let sheets = xlsb_cells_of(&sample_xlsx());
    let refs: Vec<(&str, XlsbCells)> = sheets.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
    xlsb(&refs, extra, rels_name)
}

/// The sample as xlsb, saved with a VBA project that is not a valid one (its bytes are noise).
pub fn xlsb_with_garbage_vba() -> Vec<u8> {
    sample_xlsb(&[("xl/vbaProject.bin", random_bytes())], "xl/_rels/workbook.bin.rels")
}

/// The sample as xlsb whose workbook relationships part is named with a capital W: zip part names are
/// case-insensitive in Office files, and Excel opens it, but calamine 0.38 looks the part up by its exact
/// name, finds no relationships and panics (`no entry found for key`).
pub fn xlsb_calamine_panics() -> Vec<u8> {
    sample_xlsb(&[], "xl/_rels/Workbook.bin.rels")
}

/// A shared-strings table whose header claims 10 strings over `entries` real ones, and whose zip header
/// under-states the part's size too: only counting what is there can stop it.
pub fn xlsx_understated_strings(entries: usize) -> Vec<u8> {
    let mut sst = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         count=\"10\" uniqueCount=\"10\">",
    );
    for i in 0..entries {
        // Short and alike, as a generated table often is: it compresses well, so only counting stops it.
        sst.push_str(if i % 2 == 0 { "<si><t>a</t></si>" } else { "<si><t>b</t></si>" });
    }
    sst.push_str("</sst>");
    let bytes =
        rewrite_zip(
            &sample_xlsx(),
            |name, data| if name == "xl/sharedStrings.xml" { sst.clone().into_bytes() } else { data },
        );
    lie_about_size(bytes, "xl/sharedStrings.xml", 1000)
}

/// `bytes` (a zip) with the compressed data of member `name` damaged in its middle: it no longer inflates
/// to what its checksum says.
pub fn damage_member(bytes: &[u8], name: &str) -> Vec<u8> {
    let (start, len) = {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let member = zip.by_name(name).unwrap();
        (member.data_start().unwrap() as usize, member.compressed_size() as usize)
    };
    let mut out = bytes.to_vec();
    for b in &mut out[start + len / 2..start + len / 2 + 8.min(len / 2)] {
        *b ^= 0x5A;
    }
    out
}

/// The largest sheet the default limits accept: cell-values.xlsx whose Profile sheet holds 9 999 rows of 49
/// numbers (489 951 cells, under the 500 000 limit), for measuring time and memory.
pub fn xlsx_largest_accepted() -> Vec<u8> {
    let sheet = cost_model_xml(49, 9_999);
    rewrite_zip(&fixture("cell-values.xlsx"), |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            sheet.clone().into_bytes()
        } else {
            data
        }
    })
}
