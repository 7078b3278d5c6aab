//! A page's Tera context made field by field.
//!
//! `Context::from_serialize` turns the whole struct into one Tera map (every field name
//! hashed and inserted), then copies that map into the context's own, allocating a `String`
//! for every field name. Every page of a site is rendered through here, so the struct is
//! instead taken apart as serde hands over its fields: each field's value is made as before
//! (`Value::from_serializable`) and stored under its `&'static str` name, nothing copied.
//! A context that is not a plain struct (a map, say) goes the general way.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};
use tera::Context;

/// `ctx` as a Tera context, the same as `Context::from_serialize` makes of it.
pub(super) fn context_of<T: Serialize + ?Sized>(ctx: &T) -> tera::TeraResult<Context> {
    match ctx.serialize(Fields) {
        Ok(context) => Ok(context),
        Err(NotAStruct) => Context::from_serialize(ctx),
    }
}

/// Why a value was not taken apart: it is not a struct (or a field failed to serialise,
/// which the general way then reports).
#[derive(Debug)]
struct NotAStruct;

impl fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAStruct
    }
}

/// The serializer that accepts a struct only.
struct Fields;

/// The context being filled, field by field.
struct Filling(Context);

impl SerializeStruct for Filling {
    type Ok = Context;
    type Error = NotAStruct;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAStruct> {
        let value = tera::Value::try_from_serializable(value).map_err(|_| NotAStruct)?;
        self.0.insert_value(key, value);
        Ok(())
    }

    fn end(self) -> Result<Context, NotAStruct> {
        Ok(self.0)
    }
}

/// Every kind of value but a struct is refused.
macro_rules! refuse {
    ($($method:ident($($ty:ty),*);)*) => {
        $(fn $method(self, $(_: $ty),*) -> Result<Context, NotAStruct> {
            Err(NotAStruct)
        })*
    };
}

impl Serializer for Fields {
    type Ok = Context;
    type Error = NotAStruct;
    type SerializeSeq = Impossible<Context, NotAStruct>;
    type SerializeTuple = Impossible<Context, NotAStruct>;
    type SerializeTupleStruct = Impossible<Context, NotAStruct>;
    type SerializeTupleVariant = Impossible<Context, NotAStruct>;
    type SerializeMap = Impossible<Context, NotAStruct>;
    type SerializeStruct = Filling;
    type SerializeStructVariant = Impossible<Context, NotAStruct>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Filling, NotAStruct> {
        Ok(Filling(Context::new()))
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Context, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Context, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Context, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAStruct> {
        Err(NotAStruct)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(serde::Serialize)]
    struct Page<'a> {
        lang: &'a str,
        count: u32,
        links: Vec<(String, Option<bool>)>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        nested: BTreeMap<&'a str, f64>,
    }

    /// Field by field or the general way, the context is the same.
    #[test]
    fn a_struct_gives_the_context_from_serialize_gives() {
        let page = Page {
            lang: "ja",
            count: 3,
            links: vec![("a".into(), None), ("b".into(), Some(true))],
            skipped: None,
            nested: [("x", 1.5)].into_iter().collect(),
        };
        assert_eq!(
            context_of(&page).unwrap(),
            Context::from_serialize(&page).unwrap()
        );
    }

    #[test]
    fn a_map_goes_the_general_way() {
        let map: BTreeMap<&str, u8> = [("a", 1)].into_iter().collect();
        assert_eq!(
            context_of(&map).unwrap(),
            Context::from_serialize(&map).unwrap()
        );
        assert!(context_of(&3u8).is_err());
    }
}
