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

/// Rewrite every member of a zip through `edit(name, data)`.
pub fn rewrite_zip(bytes: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut members = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let data = edit(&name, data);
        members.push((name, data));
    }
    let refs: Vec<(&str, Vec<u8>)> = members.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    make_zip(&refs)
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
