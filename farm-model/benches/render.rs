//! Each phase of a render apart, on synthetic plans of 1k, 10k and 100k VMs (`cargo xtask synth`'s):
//! parsing the TOML or JSON document, reading it into a typed plan (parse included), checking and
//! allocating, and emitting every file in memory. `cargo bench -p farm-model`; the figures are in
//! BENCHMARKS.md. Writing the tree is `cargo bench -p farmgen`'s.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark")]

use divan::Bencher;
use farm_model::{Format, RenderOptions};

/// The allocator of `cargo xtask render`, so that each phase costs here what it costs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn toml_plan(vms: usize) -> String {
    toml::to_string(&farm_model::synth(vms, 1)).unwrap()
}

fn json_plan(vms: usize) -> String {
    serde_json::to_string(&farm_model::synth(vms, 1)).unwrap()
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn parse_toml(bencher: Bencher<'_, '_>, vms: usize) {
    let text = toml_plan(vms);
    bencher.bench(|| {
        toml::de::DeTable::parse(divan::black_box(&text))
            .unwrap()
            .into_inner()
            .len()
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn parse_json(bencher: Bencher<'_, '_>, vms: usize) {
    let text = json_plan(vms);
    bencher.bench(|| {
        serde_json::from_str::<serde_json::Value>(divan::black_box(&text))
            .unwrap()
            .is_object()
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn read_toml(bencher: Bencher<'_, '_>, vms: usize) {
    let text = toml_plan(vms);
    bencher.bench(|| {
        farm_model::read(divan::black_box(&text), Format::Toml, "p")
            .unwrap()
            .vms
            .len()
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn read_json(bencher: Bencher<'_, '_>, vms: usize) {
    let text = json_plan(vms);
    bencher.bench(|| {
        farm_model::read(divan::black_box(&text), Format::Json, "p")
            .unwrap()
            .vms
            .len()
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn check(bencher: Bencher<'_, '_>, vms: usize) {
    let plan = farm_model::synth(vms, 1);
    bencher
        .with_inputs(|| plan.clone())
        .bench_values(|plan| plan.into_farm().unwrap().vms.len());
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn emit(bencher: Bencher<'_, '_>, vms: usize) {
    let farm = farm_model::synth(vms, 1).check().unwrap();
    let options = RenderOptions {
        plan_name: "synth.toml".into(),
        today: bind_zone::SerialDate::new(2026, 11, 24).unwrap(),
    };
    bencher.bench(|| {
        farm_model::render(&farm, &options, &|_, _| None)
            .unwrap()
            .len()
    });
}
