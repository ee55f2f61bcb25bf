//! Reading and checking a plan, TOML and JSON, on any input: it may refuse, it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(farm) = farm_model::load(&text, farm_model::Format::Toml, "fuzz.toml") {
        let _ = farm.unpinned();
    }
    let _ = farm_model::load(&text, farm_model::Format::Json, "fuzz.json");
});
