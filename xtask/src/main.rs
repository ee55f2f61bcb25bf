//! `cargo xtask`: farmgen's commands on the repository's example farm, and the development tasks that are
//! not part of the product.
//!
//! `cargo xtask render|check|pin|synth|schema` run exactly `farmgen`'s commands, with the defaults of the
//! repository: the plan `examples/seed-farm.toml` and the output `rendered/`, both under the workspace root
//! whatever the current folder (paths given on the command line are relative to the current folder).
//! `render --timings` also measures the floors, with the hidden `bare-parse` command. `cargo xtask package`
//! packages every library crate and builds the packages' tests from the packages alone.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod package;

/// The allocator of `farmgen`, so that timings and benchmarks measure what the product runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// farmgen's commands on the example farm (examples/seed-farm.toml, output rendered/), and development
/// tasks.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    #[command(flatten)]
    Farmgen(farmgen::cli::Command),
    /// Parse the plan with the format's bare parser and print how long it took, in milliseconds: the floor
    /// `render --timings` compares a render with, in a fresh process as a one-off parse would run.
    #[command(hide = true)]
    BareParse {
        /// The plan (TOML, or JSON if it ends in .json).
        #[arg(long)]
        plan: PathBuf,
    },
    /// Package every library crate as crates.io would receive it (`cargo package`), unpack the packages
    /// into a workspace of their own under the target folder, and build their tests there: the packages'
    /// tests must build without the repository.
    Package,
}

/// The workspace root (the folder above xtask's).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Task::Farmgen(command) => {
            let defaults = farmgen::cli::Defaults {
                plan: root().join("examples/seed-farm.toml"),
                out: root().join("rendered"),
                pin_command: "cargo xtask pin".to_owned(),
                floors: true,
            };
            farmgen::cli::run(command, &defaults)
        }
        Task::BareParse { plan } => farmgen::cli::exit(farmgen::print_bare_parse(&plan)),
        Task::Package => match package::check() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("package: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
