//! `pin`: the allocated addresses and MACs written into the plan, keeping its comments and layout.

use crate::{Error, Farm, Format};

/// The text of the plan with every allocated address and MAC of `farm` written in; `text` is the plan the
/// farm was loaded from. The values are added where a person writes them: after each VM's `name`, or after
/// the `address` or `mac` it has. TOML keeps its comments and layout; JSON is written again, indented, with
/// every object's keys in the order of the text. Errors say why the text could not be edited.
pub fn pin(text: &str, format: Format, farm: &Farm) -> Result<String, Error> {
    match format {
        Format::Toml => pin_toml(text, farm),
        Format::Json => pin_json(text, farm),
    }
}

fn pin_toml(text: &str, farm: &Farm) -> Result<String, Error> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::PinParse(e.to_string()))?;
    let Some(vms) = doc.get_mut("vms") else {
        return Ok(text.to_owned());
    };
    for (i, placed) in farm.vms.iter().enumerate() {
        let address = (!placed.address_pinned).then(|| placed.address.to_string());
        let mac = (!placed.mac_pinned).then(|| placed.mac.to_string());
        let added: Vec<&str> = [("address", address.is_some()), ("mac", mac.is_some())]
            .into_iter()
            .filter_map(|(key, added)| added.then_some(key))
            .collect();
        let insert = |table: &mut dyn toml_edit::TableLike| {
            if let Some(address) = &address {
                table.insert("address", toml_edit::value(address.as_str()));
            }
            if let Some(mac) = &mac {
                table.insert("mac", toml_edit::value(mac.as_str()));
            }
            let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
            placed_after_name(&keys, &added)
        };
        let not_a_table = || Error::PinNotATable(i);
        match vms {
            toml_edit::Item::ArrayOfTables(tables) => {
                let table = tables.get_mut(i).ok_or_else(not_a_table)?;
                let rank = insert(table);
                table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
            }
            toml_edit::Item::Value(toml_edit::Value::Array(array)) => match array.get_mut(i) {
                Some(toml_edit::Value::InlineTable(table)) => {
                    let rank = insert(table);
                    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
                }
                _ => return Err(not_a_table()),
            },
            _ => return Err(not_a_table()),
        }
    }
    Ok(doc.to_string())
}

/// The place of each of `keys` once the `added` ones (appended last) are moved where a person writes
/// them: after the entry's `address` or `mac` if it has one, else right after its `name`.
fn placed_after_name(keys: &[String], added: &[&str]) -> impl Fn(&str) -> usize + use<> {
    let mut order: Vec<String> = keys
        .iter()
        .filter(|k| !added.contains(&k.as_str()))
        .cloned()
        .collect();
    let after = ["mac", "address", "name"]
        .iter()
        .find_map(|anchor| order.iter().position(|k| k == anchor))
        .map_or(order.len(), |p| p + 1);
    for (j, key) in added.iter().enumerate() {
        order.insert(after + j, (*key).to_owned());
    }
    move |key: &str| order.iter().position(|k| k == key).unwrap_or(usize::MAX)
}

fn pin_json(text: &str, farm: &Farm) -> Result<String, Error> {
    let mut value: Json = serde_json::from_str(text).map_err(|e| Error::PinParse(e.to_string()))?;
    let vms = match &mut value {
        Json::Object(entries) => entries.iter_mut().find(|(key, _)| key == "vms"),
        _ => None,
    };
    if let Some((_, Json::Array(vms))) = vms {
        for (vm, placed) in vms.iter_mut().zip(&farm.vms) {
            let Json::Object(entries) = vm else {
                continue;
            };
            let mut added = Vec::new();
            if !placed.address_pinned {
                set(entries, "address", placed.address.to_string(), &mut added);
            }
            if !placed.mac_pinned {
                set(entries, "mac", placed.mac.to_string(), &mut added);
            }
            let keys: Vec<String> = entries.iter().map(|(key, _)| key.clone()).collect();
            let rank = placed_after_name(&keys, &added);
            entries.sort_by_key(|(key, _)| rank(key));
        }
    }
    serde_json::to_string_pretty(&value)
        .map(|s| s + "\n")
        .map_err(|e| Error::PinWrite(e.to_string()))
}

/// Gives `key` the string `value` in `entries`: in its place if it is there, else at the end, recorded in
/// `added`.
fn set(
    entries: &mut Vec<(String, Json)>,
    key: &'static str,
    value: String,
    added: &mut Vec<&'static str>,
) {
    let value = Json::Other(value.into());
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some((_, old)) => *old = value,
        None => {
            entries.push((key.to_owned(), value));
            added.push(key);
        }
    }
}

/// A JSON value with its objects' keys in the order of the text (`serde_json::Value` sorts them).
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    /// A string, number, boolean or null.
    Other(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Other(b.into()))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Other(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Other(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::Other(n.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::Other(s.into()))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Other(serde_json::Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Json::Object(entries))
    }
}

impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap as _, SerializeSeq as _};
        match self {
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Other(value) => serde::Serialize::serialize(value, serializer),
        }
    }
}
