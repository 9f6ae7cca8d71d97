//! The finished document's bytes: the layout lopdf's `save_with_options` gives with object
//! streams of up to [`OBJECTS_PER_STREAM`] objects, fast compression and a cross-reference
//! stream — written in one pass.
//!
//! lopdf serialises each object three times when it packs object streams (twice to measure
//! offsets, once to write) and clones every object first; at 100× the roadmap that was most
//! of the writer's time and a second copy of the structure tree in memory. The bytes are the
//! ones lopdf 0.44 wrote, so every file stays as it was.

use std::collections::BTreeMap;
use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

/// Objects per object stream: large streams compress better and cost less to set up.
pub const OBJECTS_PER_STREAM: usize = 1000;

/// Objects already in PDF syntax, by object number: the structure tree's thousands of
/// elements, each written as soon as it is made rather than held as a lopdf dictionary
/// (at 100× the roadmap those dictionaries were a third of the build's memory). They are
/// packed into object streams with the document's other objects, in number order.
#[derive(Debug, Default)]
pub struct Written(BTreeMap<u32, Vec<u8>>);

impl Written {
    /// Writes `object` (not a stream) as object `id`.
    pub fn insert(&mut self, id: ObjectId, object: &Object) {
        let mut bytes = Vec::new();
        object_bytes(&mut bytes, object);
        self.0.insert(id.0, bytes);
    }
}

/// One object to pack: a lopdf object, or one written already.
#[derive(Clone, Copy)]
enum Packed<'a> {
    Object(&'a Object),
    Written(&'a [u8]),
}

/// Serialises `lo` and `written` (PDF 1.5 or later): the streams as objects of their own,
/// every other object packed into object streams, then the cross-reference stream.
pub fn save(lo: &lopdf::Document, written: &Written) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets: Vec<(u32, Entry)> = Vec::with_capacity(lo.objects.len() + 2);
    // Writing into a Vec cannot fail.
    let _ = writeln!(out, "%PDF-{}", lo.version);
    out.push(b'%');
    out.extend_from_slice(&lo.binary_mark);
    out.push(b'\n');
    // Streams (and any object of a later generation) stand alone; the rest are packed.
    let (direct, objects): (Vec<_>, Vec<_>) =
        lo.objects.iter().partition(|((_, generation), object)| {
            *generation != 0 || matches!(object, Object::Stream(_))
        });
    for (&(id, generation), object) in direct {
        offsets.push((id, Entry::At(out.len() as u32, generation)));
        indirect(&mut out, (id, generation), object);
    }
    let mut packed: Vec<(u32, Packed)> = objects
        .into_iter()
        .map(|(&(id, _), object)| (id, Packed::Object(object)))
        .chain(
            written
                .0
                .iter()
                .map(|(&id, bytes)| (id, Packed::Written(bytes))),
        )
        .collect();
    packed.sort_by_key(|&(id, _)| id);
    let mut next_id = lo.max_id + 1;
    let mut deflater = Deflater::default();
    for chunk in packed.chunks(OBJECTS_PER_STREAM) {
        let container = next_id;
        next_id += 1;
        for (index, &(id, _)) in chunk.iter().enumerate() {
            offsets.push((id, Entry::In(container, index as u16)));
        }
        let stream = object_stream(chunk, &mut deflater);
        offsets.push((container, Entry::At(out.len() as u32, 0)));
        indirect(&mut out, (container, 0), &Object::Stream(stream));
    }
    let xref_id = next_id;
    let xref_start = out.len() as u32;
    offsets.push((xref_id, Entry::At(xref_start, 0)));
    let stream = xref_stream(&lo.trailer, offsets, xref_id);
    indirect(&mut out, (xref_id, 0), &Object::Stream(stream));
    let _ = write!(out, "\nstartxref\n{xref_start}\n%%EOF");
    out
}

/// Where an object is: at a byte offset (with its generation), or at an index inside an
/// object stream.
#[derive(Clone, Copy)]
enum Entry {
    At(u32, u16),
    In(u32, u16),
}

/// `id generation obj … endobj`, spaced as lopdf spaces it.
fn indirect(out: &mut Vec<u8>, (id, generation): lopdf::ObjectId, object: &Object) {
    let _ = writeln!(out, "{id} {generation} obj");
    if needs_separator(object) {
        out.push(b' ');
    }
    object_bytes(out, object);
    let end = needs_separator(object) || matches!(object, Object::Name(_) | Object::Stream(_));
    out.extend_from_slice(if end { b" \nendobj\n" } else { b"\nendobj\n" });
}

/// An object stream holding `objects` (in number order): the offset table, then each
/// object followed by a space; compressed at the fast level.
fn object_stream(objects: &[(u32, Packed)], deflater: &mut Deflater) -> Stream {
    let mut table = Vec::new();
    let mut body = Vec::new();
    let mut count = 0;
    for &(id, object) in objects {
        if count > 0 {
            table.push(b' ');
        }
        let _ = write!(table, "{id} {}", body.len());
        match object {
            Packed::Object(object) => object_bytes(&mut body, object),
            Packed::Written(bytes) => body.extend_from_slice(bytes),
        }
        body.push(b' ');
        count += 1;
    }
    table.push(b' ');
    let first = table.len();
    table.extend_from_slice(&body);
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::from("ObjStm")),
        ("N", Object::Integer(count)),
        ("First", Object::Integer(first as i64)),
    ]);
    let mut stream = Stream::new(dict, table);
    if let Some(compressed) = deflater.compress(&stream.content) {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
    stream
}

/// The cross-reference stream: the trailer's entries, then `/Type /XRef`, `/Size`, `/W`
/// (1, 4 and 2 bytes per field), `/Index` (one range per run of consecutive ids) and
/// `/Length`; uncompressed.
fn xref_stream(trailer: &Dictionary, mut entries: Vec<(u32, Entry)>, xref_id: u32) -> Stream {
    entries.sort_by_key(|&(id, _)| id);
    let mut index = Vec::new();
    let mut content = Vec::with_capacity(entries.len() * 7);
    for (n, &(id, entry)) in entries.iter().enumerate() {
        if n == 0 || entries[n - 1].0 + 1 != id {
            index.push(Object::Integer(i64::from(id)));
            index.push(Object::Integer(0));
        }
        if let Some(Object::Integer(count)) = index.last_mut() {
            *count += 1;
        }
        let (kind, field, second) = match entry {
            Entry::At(offset, generation) => (1u8, offset, generation),
            Entry::In(container, at) => (2, container, at),
        };
        content.push(kind);
        content.extend_from_slice(&field.to_be_bytes());
        content.extend_from_slice(&second.to_be_bytes());
    }
    let mut dict = trailer.clone();
    dict.set("Type", Object::from("XRef"));
    dict.set("Size", i64::from(xref_id + 1));
    dict.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    dict.set("Index", Object::Array(index));
    dict.remove(b"Filter");
    dict.set("Length", content.len() as i64);
    Stream {
        dict,
        content,
        allows_compression: true,
        start_position: None,
    }
}

/// Numbers, references, null and booleans need a space before them in an array or after a
/// dictionary key.
fn needs_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// One object in PDF syntax, as lopdf writes it.
pub fn object_bytes(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => real(out, *r),
        Object::Name(name) => name_bytes(out, name),
        Object::String(text, StringFormat::Literal) => literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in text {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 && needs_separator(item) {
                    out.push(b' ');
                }
                object_bytes(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// A number as lopdf writes an `f32`: Rust's shortest form that reads back as the same
/// number, never with an exponent. Layout rounds positions to hundredths of a point, and such
/// a number's shortest form is its hundredths without trailing zeros: written directly it
/// costs a quarter of the general algorithm (which was half of writing the pages).
pub fn real(out: &mut Vec<u8>, r: f32) {
    match hundredths(r) {
        Some(h) => {
            if h < 0 {
                out.push(b'-');
            }
            let h = h.unsigned_abs();
            digits(out, h / 100);
            let part = h % 100;
            if part != 0 {
                out.push(b'.');
                out.push(b'0' + (part / 10) as u8);
                if part % 10 != 0 {
                    out.push(b'0' + (part % 10) as u8);
                }
            }
        }
        None => {
            let _ = write!(out, "{r}");
        }
    }
}

/// `r` in hundredths, if the decimal number of hundredths nearest to it reads back as `r`
/// (it lies strictly between the midpoints to `r`'s neighbouring `f32`s; the nearest `f64`
/// to it lies there only if it does). Below 10,000 an `f32`'s neighbours are less than a
/// thousandth away, so no shorter decimal reads back as `r` too. Zero is left to the
/// general form (it may be `-0`).
fn hundredths(r: f32) -> Option<i64> {
    // (A NaN is not below 10,000 either.)
    if r == 0.0 || r.abs().partial_cmp(&10_000.0) != Some(std::cmp::Ordering::Less) {
        return None;
    }
    let h = (f64::from(r) * 100.0).round();
    let decimal = h / 100.0;
    let below = f64::from(f32::from_bits(r.to_bits() - 1));
    let above = f64::from(f32::from_bits(r.to_bits() + 1));
    let here = f64::from(r);
    let (low, high) = if here > 0.0 {
        ((below + here) / 2.0, (here + above) / 2.0)
    } else {
        ((above + here) / 2.0, (here + below) / 2.0)
    };
    (decimal > low && decimal < high).then_some(h as i64)
}

/// A non-negative integer in decimal.
fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        name_bytes(out, key);
        if needs_separator(value) {
            out.push(b' ');
        }
        object_bytes(out, value);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, white-space, delimiters and bytes outside `!`..`~` written as `#XX`.
fn name_bytes(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

/// `(text)`: backslashes, carriage returns and unbalanced parentheses escaped.
fn literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escaped = Vec::new();
    let mut open = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' if open.pop().is_none() => escaped.push(i),
            b'\\' | b'\r' => escaped.push(i),
            _ => {}
        }
    }
    escaped.extend(open);
    escaped.sort_unstable();
    out.push(b'(');
    for (i, &b) in text.iter().enumerate() {
        if escaped.binary_search(&i).is_ok() {
            out.push(b'\\');
            out.push(if b == b'\r' { b'r' } else { b });
        } else {
            out.push(b);
        }
    }
    out.push(b')');
}

/// Deflates streams at the fast level (lopdf's own `compress` uses the best level, which
/// cost a third of a build's time for a file about 5% smaller). One deflater serves many
/// streams: setting up a compressor allocates its window and tables afresh, which cost more
/// than compressing a page. The writer deflates page contents and font programs as it makes
/// them (in parallel, and without holding every page uncompressed at once), and the object
/// streams here; the XMP packet alone stays uncompressed.
pub struct Deflater(flate2::write::ZlibEncoder<Vec<u8>>);

impl Default for Deflater {
    fn default() -> Self {
        Deflater(flate2::write::ZlibEncoder::new(
            Vec::new(),
            flate2::Compression::fast(),
        ))
    }
}

impl Deflater {
    /// Compresses `stream` unless it has a filter already or would not get smaller.
    pub fn deflate(&mut self, stream: &mut lopdf::Stream) {
        if stream.dict.get(b"Filter").is_ok() {
            return;
        }
        if let Some(compressed) = self.compress(&stream.content) {
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }

    /// `bytes` compressed (zlib format), or `None` if the compressor failed (it writes
    /// into memory, so it does not; the next call starts afresh).
    pub fn compress(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        use std::io::Write;
        // `reset` finishes the stream written so far and hands back its bytes, leaving the
        // compressor as a new one.
        let compressed = self
            .0
            .write_all(bytes)
            .and_then(|()| self.0.reset(Vec::new()));
        if compressed.is_err() {
            *self = Deflater::default();
        }
        compressed.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with every kind of object, escapes that matter and more objects than one
    /// object stream holds.
    fn sample() -> lopdf::Document {
        let mut lo = lopdf::Document::with_version("1.7");
        let pages = lo.new_object_id();
        let content = Stream::new(Dictionary::new(), b"BT /F1 9 Tf ET".to_vec());
        let content = lo.add_object(content);
        lo.set_object(
            pages,
            Dictionary::from_iter(vec![
                ("Type", Object::from("Pages")),
                ("Kids", Object::Array(vec![Object::Reference(content)])),
                ("Count", Object::Integer(1)),
            ]),
        );
        for n in 0..(OBJECTS_PER_STREAM as i64 + 5) {
            lo.add_object(Object::Array(vec![
                Object::Integer(n),
                Object::Real(n as f32 / 3.0),
                Object::Null,
                Object::Boolean(n % 2 == 0),
                Object::Name(b"A name#with (delims)/\x80".to_vec()),
                Object::String(b"(un)balanced) (\\ \r".to_vec(), StringFormat::Literal),
                Object::String(vec![0xfe, 0xff, 0, 0x41], StringFormat::Hexadecimal),
                Object::Reference((3, 0)),
            ]));
        }
        lo.add_object(Object::Name(b"Alone".to_vec()));
        let catalog = lo.add_object(Dictionary::from_iter(vec![
            ("Type", Object::from("Catalog")),
            ("Pages", Object::Reference(pages)),
        ]));
        lo.trailer.set("Root", Object::Reference(catalog));
        lo.trailer.set(
            "ID",
            Object::Array(vec![Object::String(vec![1, 2], StringFormat::Hexadecimal)]),
        );
        lo
    }

    #[test]
    fn same_bytes_as_lopdf_with_object_streams() {
        let lo = sample();
        let mut expected = Vec::new();
        let options = lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .compression_level(1)
            .max_objects_per_stream(OBJECTS_PER_STREAM)
            .build();
        lo.clone()
            .save_with_options(&mut expected, options)
            .expect("lopdf saves");
        let ours = save(&lo, &Written::default());
        assert!(ours == expected, "file::save differs from lopdf's save");
        // And it reads back: every packed object is found through the xref stream.
        let back = lopdf::Document::load_mem(&ours).expect("reads back");
        for id in lo.objects.keys() {
            assert!(back.objects.contains_key(id), "{id:?} lost");
        }
    }

    #[test]
    fn objects_written_ahead_land_where_lopdf_would_put_them() {
        let mut lo = sample();
        let expected = save(&lo, &Written::default());
        // Every third plain object written ahead, as the structure tree's elements are.
        let mut written = Written::default();
        let ids: Vec<ObjectId> = lo
            .objects
            .iter()
            .filter(|(id, o)| id.0 % 3 == 0 && !matches!(o, Object::Stream(_)))
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            if let Some(object) = lo.objects.remove(&id) {
                written.insert(id, &object);
            }
        }
        assert!(save(&lo, &written) == expected);
    }

    #[test]
    fn numbers_are_written_as_rusts_shortest_form() {
        let mut samples: Vec<f32> = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.3,
            12.34,
            -12.34,
            841.89,
            595.28,
            9999.99,
            10_000.0,
            123_456.79,
            1e-7,
            3.0e9,
            0.005,
            2.675,
            1.0 / 3.0,
            0.552_284_8,
        ];
        // Every hundredth up to 1,000, and some thirds of them.
        samples.extend((0..100_000).map(|h| h as f32 / 100.0));
        samples.extend((0..30_000).map(|h| h as f32 / 300.0));
        for r in samples {
            let mut out = Vec::new();
            real(&mut out, r);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{r}"), "{r:?}");
        }
    }

    #[test]
    fn literal_strings_escape_only_what_must_be() {
        let mut out = Vec::new();
        literal(&mut out, b"a(b)c) (d \\ e\r");
        assert_eq!(out, b"(a(b)c\\) \\(d \\\\ e\\r)".to_vec());
    }
}
