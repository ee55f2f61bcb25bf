//! Times each phase of a render of one plan: `cargo run --release -p farm-model --example phases -- PLAN`.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a measuring example"
)]
use std::time::Instant;

/// The allocator of `cargo xtask render`, so that each phase costs here what it costs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let format = farm_model::Format::of_path(path.as_ref());
    let t = Instant::now();
    match format {
        farm_model::Format::Toml => drop(toml::de::DeTable::parse(&text).unwrap()),
        farm_model::Format::Json => drop(serde_json::from_str::<serde_json::Value>(&text).unwrap()),
    }
    let parse = t.elapsed();
    let t = Instant::now();
    let plan = farm_model::read(&text, format, "p").unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    let farm = plan.check().unwrap();
    let check = t.elapsed();
    let t = Instant::now();
    let options = farm_model::RenderOptions {
        plan_name: "p".into(),
        today: bind_zone::SerialDate::new(2026, 11, 24).unwrap(),
    };
    let files = farm_model::render(&farm, &options, &|_, _| None).unwrap();
    let render = t.elapsed();
    println!(
        "parse {parse:?}  read(parse+convert) {read:?}  check {check:?}  render {render:?}  files {}",
        files.len()
    );
}
