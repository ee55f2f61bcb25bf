//! Writing a render's tree, apart: every file of a synthetic farm of 1k, 10k and 100k VMs, emitted once
//! beforehand, written by `farmgen::write::write` into a folder that does not exist yet (a first render),
//! on tmpfs (`/dev/shm`) where there is one. `cargo bench -p farmgen`; the figures are in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark")]

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use divan::Bencher;
use farm_model::{Contents, RenderOptions};

/// The allocator of `farmgen render`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// Every file of a farm of `vms` VMs (one node): (path under the node's tree, contents), sorted as a render
/// sorts.
fn files(vms: usize) -> Vec<(String, Contents)> {
    let farm = farm_model::synth(vms, 1).into_farm().unwrap();
    let options = RenderOptions {
        plan_name: "bench".into(),
        today: bind_zone::SerialDate::new(2026, 11, 24).unwrap(),
    };
    let mut files: Vec<(String, Contents)> = farm_model::render(&farm, &options, &|_, _| None)
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn write_tree(bencher: Bencher<'_, '_>, vms: usize) {
    let base = Path::new("/dev/shm");
    let dir = if base.is_dir() {
        tempfile::tempdir_in(base).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let files = files(vms);
    let runs = AtomicUsize::new(0);
    let ids = farmgen::owner::Ids::of_host();
    bencher
        .with_inputs(|| {
            // Each sample writes a new output folder, all removed at the end (removing one between samples
            // leaves the kernel freeing its inodes while the next is timed).
            let run = runs.fetch_add(1, Ordering::Relaxed);
            let out = dir.path().join(format!("out{run}"));
            std::fs::create_dir(&out).unwrap();
            farmgen::write::Dir::open(&out).unwrap()
        })
        .bench_values(|out| {
            let tree = farmgen::write::Tree::first(&out, "host01", &files, &ids);
            farmgen::write::write(std::slice::from_ref(&tree), &|path| ids.folder(path)).unwrap();
            tree.changes.len()
        });
}
