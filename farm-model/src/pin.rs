//! `pin`: the allocated addresses and MACs written into the plan, keeping its comments and layout.

use crate::{Farm, Format};

/// The text of the plan with every allocated address and MAC of `farm` written in; `text` is the plan the
/// farm was loaded from. TOML keeps its comments and layout (the values are added after each VM's `name`,
/// or after the `address` or `mac` it has); JSON is written again, indented (its keys in alphabetical
/// order, as serde_json writes them). Errors say why the text could not be edited.
pub fn pin(text: &str, format: Format, farm: &Farm) -> Result<String, String> {
    match format {
        Format::Toml => pin_toml(text, farm),
        Format::Json => pin_json(text, farm),
    }
}

fn pin_toml(text: &str, farm: &Farm) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
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
        let not_a_table = || format!("vms[{i}] is not a table the plan can be pinned in");
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

fn pin_json(text: &str, farm: &Farm) -> Result<String, String> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if let Some(vms) = value
        .get_mut("vms")
        .and_then(serde_json::Value::as_array_mut)
    {
        for (vm, placed) in vms.iter_mut().zip(&farm.vms) {
            let Some(object) = vm.as_object_mut() else {
                continue;
            };
            if !placed.address_pinned {
                object.insert("address".into(), placed.address.to_string().into());
            }
            if !placed.mac_pinned {
                object.insert("mac".into(), placed.mac.to_string().into());
            }
        }
    }
    serde_json::to_string_pretty(&value)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}
