//! `pin`: the allocated addresses and MACs written into the plan, keeping its comments and layout.

use crate::{Farm, Format};

/// The text of the plan with every allocated address and MAC of `farm` written in; `text` is the plan the
/// farm was loaded from. TOML keeps its comments and layout (the values are added at the end of each VM's
/// table); JSON is written again, indented. Errors say why the text could not be edited.
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
        let table: &mut dyn toml_edit::TableLike = match vms {
            toml_edit::Item::ArrayOfTables(tables) => tables
                .get_mut(i)
                .map(|t| t as &mut dyn toml_edit::TableLike),
            toml_edit::Item::Value(toml_edit::Value::Array(array)) => match array.get_mut(i) {
                Some(toml_edit::Value::InlineTable(t)) => Some(t as &mut dyn toml_edit::TableLike),
                _ => None,
            },
            _ => None,
        }
        .ok_or_else(|| format!("vms[{i}] is not a table the plan can be pinned in"))?;
        if !placed.address_pinned {
            table.insert("address", toml_edit::value(placed.address.to_string()));
        }
        if !placed.mac_pinned {
            table.insert("mac", toml_edit::value(placed.mac.to_string()));
        }
    }
    Ok(doc.to_string())
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
