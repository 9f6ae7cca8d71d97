//! A minimal OpenDocument spreadsheet writer. rust_xlsxwriter writes only xlsx, and a
//! department that works in LibreOffice sends `.ods`; the reader takes both through calamine.
//!
//! The package is the smallest valid one: `mimetype` first and stored (so the file type can
//! be sniffed at a fixed offset), then the manifest, content, styles and meta. Merges are not
//! written: calamine does not report ODS merges, so a merged ODS would read differently.

use crate::dept::{Cell, Sheet, HEADER_ROW};
use std::fmt::Write as _;
use std::io::Write as _;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

const NS: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
    r#"office:version="1.2""#
);

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

fn cell_xml(out: &mut String, cell: &Cell, style: &str) {
    let style = if style.is_empty() {
        String::new()
    } else {
        format!(r#" table:style-name="{style}""#)
    };
    match cell {
        Cell::Empty => {
            let _ = write!(out, "<table:table-cell{style}/>");
        }
        Cell::Text(t) => {
            let _ = write!(
                out,
                r#"<table:table-cell{style} office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                escape(t)
            );
        }
        Cell::Number(n) => {
            let _ = write!(
                out,
                r#"<table:table-cell{style} office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
            );
        }
    }
}

fn content(s: &Sheet) -> String {
    let mut x = String::new();
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles>"#
    );
    for (c, w) in s.widths.iter().enumerate() {
        // Excel widths are in characters; about 0.21 cm each at the default font.
        let _ = write!(
            x,
            r#"<style:style style:name="co{c}" style:family="table-column"><style:table-column-properties style:column-width="{:.2}cm"/></style:style>"#,
            w * 0.21
        );
    }
    x.push_str(concat!(
        r##"<style:style style:name="bold" style:family="table-cell"><style:table-cell-properties fo:background-color="#ddebf7" fo:wrap-option="wrap"/><style:text-properties fo:font-weight="bold"/></style:style>"##,
        r#"<style:style style:name="wrap" style:family="table-cell"><style:table-cell-properties fo:wrap-option="wrap"/></style:style>"#,
        r#"</office:automatic-styles><office:body><office:spreadsheet>"#
    ));
    let _ = write!(x, r#"<table:table table:name="{}">"#, escape(&s.name));
    for c in 0..s.widths.len() {
        let _ = write!(x, r#"<table:table-column table:style-name="co{c}"/>"#);
    }
    let row = |x: &mut String, cells: &[Cell], style: &str| {
        x.push_str("<table:table-row>");
        for c in cells {
            cell_xml(x, c, style);
        }
        x.push_str("</table:table-row>");
    };
    row(&mut x, &[Cell::Text(s.title.clone())], "");
    for _ in 1..HEADER_ROW {
        row(&mut x, &[Cell::Empty], "");
    }
    let header: Vec<Cell> = s.header.iter().map(|h| Cell::Text(h.to_string())).collect();
    row(&mut x, &header, "bold");
    for r in &s.rows {
        // Trailing empty cells are left out, as office suites do.
        let used = r
            .iter()
            .rposition(|c| *c != Cell::Empty)
            .map_or(0, |p| p + 1);
        row(&mut x, &r[..used], "wrap");
    }
    x.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    x
}

fn manifest() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
            r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{}"/>"#,
            r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
            r#"<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>"#,
            r#"<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
            r#"</manifest:manifest>"#
        ),
        MIME
    )
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles/></office:document-styles>"#
    )
}

fn meta(title: &str) -> String {
    // A fixed date: the committed file must not change between runs.
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {}><office:meta>"#,
            r#"<meta:generator>koteihyo make-input</meta:generator><dc:title>{}</dc:title>"#,
            r#"<meta:creation-date>2025-03-31T00:00:00</meta:creation-date>"#,
            r#"</office:meta></office:document-meta>"#
        ),
        NS,
        escape(title)
    )
}

pub fn write(s: &Sheet) -> Result<Vec<u8>, String> {
    let zerr = |e: zip::result::ZipError| format!("ods: {e}");
    let ioerr = |e: std::io::Error| format!("ods: {e}");
    let when = DateTime::from_date_and_time(2025, 3, 31, 0, 0, 0)
        .map_err(|e| format!("ods: date: {e:?}"))?;
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(when);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut z = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("mimetype", stored).map_err(zerr)?;
    z.write_all(MIME.as_bytes()).map_err(ioerr)?;
    for (name, body) in [
        ("META-INF/manifest.xml", manifest()),
        ("content.xml", content(s)),
        ("styles.xml", styles()),
        ("meta.xml", meta(&s.title)),
    ] {
        z.start_file(name, deflated).map_err(zerr)?;
        z.write_all(body.as_bytes()).map_err(ioerr)?;
    }
    Ok(z.finish().map_err(zerr)?.into_inner())
}
