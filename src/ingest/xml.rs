//! Small readers shared by the package parsers (`layout`, `look`, `drawing`, `ods_look`):
//! attributes, text events, and the relationships between a package's parts.

use quick_xml::events::{BytesStart, Event};

/// An attribute by its qualified name (`table:style-name`), unescaped.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| unescape(&a.value))
}

/// An attribute by its local name (`r:id` → `id`), unescaped.
pub(super) fn local_attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| unescape(&a.value))
}

/// A count attribute (`table:number-rows-repeated`): 1 when absent or unreadable.
pub(super) fn number(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Attribute values are written escaped: `&amp;` and the like are spelled out.
pub(super) fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

/// An element's name without its prefix.
pub(super) fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The text of a text event, or of an entity reference (`&amp;`).
pub(super) fn event_text(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Text(t) => Some(t.xml10_content().into_owned()),
        Event::CData(t) => Some(t.to_string()),
        Event::GeneralRef(r) => {
            let c = match &**r {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => return r.resolve_char_ref().ok().flatten().map(String::from),
            };
            Some(c.to_string())
        }
        _ => None,
    }
}

/// Resolves a relationship target against the folder of the part that names it
/// (`xl/worksheets`, `../drawings/drawing1.xml` → `xl/drawings/drawing1.xml`).
pub(super) fn resolve_target(folder: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The `.rels` part of a package part (`xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`) and the folder its targets are relative to.
pub(super) fn rels_of(part: &str) -> (String, String) {
    let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
    (format!("{folder}/_rels/{file}.rels"), folder.to_string())
}

/// (id, type, target) of each internal relationship of a `.rels` part.
pub(super) fn relationships(xml: &[u8]) -> Vec<(String, String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                let id = attr(&e, "Id").unwrap_or_default();
                let kind = attr(&e, "Type").unwrap_or_default();
                if let (Some(target), false) = (attr(&e, "Target"), external) {
                    out.push((id, kind, target));
                }
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets() {
        assert_eq!(
            resolve_target("xl/worksheets", "../drawings/drawing1.xml"),
            "xl/drawings/drawing1.xml"
        );
        assert_eq!(resolve_target("xl", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(
            rels_of("xl/worksheets/sheet1.xml"),
            (
                "xl/worksheets/_rels/sheet1.xml.rels".to_string(),
                "xl/worksheets".to_string()
            )
        );
        let rels = r#"<Relationships><Relationship Id="rId1" Type="http://x/drawing" Target="../drawings/drawing1.xml"/><Relationship Id="rId2" Type="http://x/hyperlink" Target="https://example.jp" TargetMode="External"/></Relationships>"#;
        assert_eq!(
            relationships(rels.as_bytes()),
            vec![(
                "rId1".to_string(),
                "http://x/drawing".to_string(),
                "../drawings/drawing1.xml".to_string()
            )]
        );
    }
}
