//! Every (file, sheet, row) that a [`Source`](crate::model::Source) in a value points into,
//! found by serialising the value into a collector that keeps nothing but the sources. So any
//! part of the model that records where it was written counts, as it would if the model were
//! walked as JSON, without building the JSON (a tree of the whole model, which at 40,000
//! steps took a tenth of a run and hundreds of MiB).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// Rows pointed into, per (file, sheet).
pub type Rows = BTreeMap<(String, String), BTreeSet<u32>>;

/// The rows every `Source` inside `value` points into.
pub fn collect<T: Serialize>(value: &T) -> Rows {
    let mut walk = Walk { rows: Rows::new() };
    // The walk itself never fails; an error could only come from a Serialize impl.
    let _ = value.serialize(&mut walk);
    walk.rows
}

/// The collector's error: never raised by the collector, needed by serde's traits.
#[derive(Debug)]
pub struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not collected")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Never
    }
}

struct Walk {
    rows: Rows,
}

/// A struct being serialised: its `file`, `sheet` and `row`, if it has them as text, text
/// and number (what a `Source` has; any struct that has them counts, as in JSON).
struct SourceFields<'a> {
    walk: &'a mut Walk,
    file: Option<String>,
    sheet: Option<String>,
    row: Option<u64>,
}

/// Serialises nothing; every value a walk does not look into goes here.
macro_rules! ignore {
    ($($method:ident($($t:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $t),*) -> Result<(), Never> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for &'a mut Walk {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = SourceFields<'a>;
    type SerializeStructVariant = Self;

    ignore!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<SourceFields<'a>, Never> {
        Ok(SourceFields {
            walk: self,
            file: None,
            sheet: None,
            row: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        Ok(self)
    }
}

/// The compound kinds that only walk into their elements.
macro_rules! walk_into {
    ($($tr:ident::$method:ident($($key:ident),*)),* $(,)?) => {
        $(impl ser::$tr for &mut Walk {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, $($key: &'static str,)* value: &T)
                -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        })*
    };
}

walk_into!(
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStructVariant::serialize_field(_key),
);

impl ser::SerializeMap for &mut Walk {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeStruct for SourceFields<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        if matches!(key, "file" | "sheet" | "row") {
            match (key, value.serialize(ReadScalar)) {
                ("file", Ok(Scalar::Text(s))) => self.file = Some(s),
                ("sheet", Ok(Scalar::Text(s))) => self.sheet = Some(s),
                ("row", Ok(Scalar::Number(n))) => self.row = Some(n),
                _ => return value.serialize(&mut *self.walk),
            }
            return Ok(());
        }
        value.serialize(&mut *self.walk)
    }
    fn end(self) -> Result<(), Never> {
        if let (Some(file), Some(sheet), Some(row)) = (self.file, self.sheet, self.row) {
            if let Ok(row) = u32::try_from(row) {
                self.walk.rows.entry((file, sheet)).or_default().insert(row);
            }
        }
        Ok(())
    }
}

/// A field of a `Source`: its text or number (anything else is not a source's field).
enum Scalar {
    Text(String),
    Number(u64),
}

/// Reads one [`Scalar`].
struct ReadScalar;

/// Anything but text or an unsigned number is no field of a source.
macro_rules! not_scalar {
    ($ok:ty: $($method:ident($($t:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $t),*) -> Result<$ok, Never> { Err(Never) })*
    };
}

impl ser::Serializer for ReadScalar {
    type Ok = Scalar;
    type Error = Never;
    type SerializeSeq = Impossible<Scalar, Never>;
    type SerializeTuple = Impossible<Scalar, Never>;
    type SerializeTupleStruct = Impossible<Scalar, Never>;
    type SerializeTupleVariant = Impossible<Scalar, Never>;
    type SerializeMap = Impossible<Scalar, Never>;
    type SerializeStruct = Impossible<Scalar, Never>;
    type SerializeStructVariant = Impossible<Scalar, Never>;

    not_scalar!(Scalar:
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );
    not_scalar!(Impossible<Scalar, Never>:
        serialize_seq(Option<usize>), serialize_tuple(usize),
        serialize_tuple_struct(&'static str, usize),
        serialize_tuple_variant(&'static str, u32, &'static str, usize),
        serialize_map(Option<usize>), serialize_struct(&'static str, usize),
        serialize_struct_variant(&'static str, u32, &'static str, usize),
    );

    fn serialize_u8(self, v: u8) -> Result<Scalar, Never> {
        Ok(Scalar::Number(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Scalar, Never> {
        Ok(Scalar::Number(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Scalar, Never> {
        Ok(Scalar::Number(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Scalar, Never> {
        Ok(Scalar::Number(v))
    }
    fn serialize_str(self, v: &str) -> Result<Scalar, Never> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Scalar, Never> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Scalar, Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Scalar, Never> {
        Err(Never)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Nested {
        name: String,
        source: Source,
        inner: Vec<Option<Source>>,
        map: BTreeMap<String, (u32, Source)>,
    }

    #[test]
    fn finds_every_source_however_deep() {
        let nested = Nested {
            name: "x".into(),
            source: Source::new("a.xlsx", "工程表", 3, 1),
            inner: vec![None, Some(Source::new("a.xlsx", "工程表", 7, 0))],
            map: BTreeMap::from([("k".into(), (1, Source::new("b.xlsx", "KPI", 2, 4)))]),
        };
        let rows = collect(&nested);
        let key = |f: &str, s: &str| (f.to_string(), s.to_string());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[&key("a.xlsx", "工程表")], BTreeSet::from([3, 7]));
        assert_eq!(rows[&key("b.xlsx", "KPI")], BTreeSet::from([2]));
    }

    #[test]
    fn a_struct_with_file_sheet_and_row_counts_as_json_would() {
        #[derive(Serialize)]
        struct Other {
            file: String,
            sheet: Option<String>,
            row: u32,
            more: Vec<Source>,
        }
        #[derive(Serialize)]
        struct Partial {
            file: String,
            row: u32,
        }
        let other = Other {
            file: "a".into(),
            sheet: Some("b".into()),
            row: 1,
            more: vec![Source::new("c", "d", 9, 0)],
        };
        let rows = collect(&other);
        assert_eq!(rows.len(), 2);
        assert!(rows[&("a".to_string(), "b".to_string())].contains(&1));
        assert!(collect(&Partial {
            file: "a".into(),
            row: 1
        })
        .is_empty());
    }
}
