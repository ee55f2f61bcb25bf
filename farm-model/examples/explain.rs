//! Prints the report of a plan: `cargo run -p farm-model --example explain -- PLAN`.
#![allow(clippy::print_stdout, reason = "an example prints")]
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match farm_model::load(&text, farm_model::Format::of_path(path.as_ref()), &path) {
        Ok(farm) => println!("ok: {} VMs; {}", farm.vms.len(), farm.unpinned().join("; ")),
        Err(report) => println!("{report}"),
    }
}
