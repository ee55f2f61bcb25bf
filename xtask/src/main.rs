//! `cargo xtask`: the farmgen command line. It does the I/O and the flags; farm-model does the rest.
//!
//! Exit status: 0 done; 2 a bad plan or bad usage (nothing written); 1 anything else.

mod check;
mod pin;
mod render;
mod synth;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc (without transparent huge pages, whose zeroing cost more than they saved here): a render
/// allocates and frees millions of small values, and glibc's malloc spent a third of a 100,000-VM render's
/// CPU time on them (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Render every daemon's configuration of a VM farm from one plan.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render every file of every node under OUT/<node>/ (with --node, that node's files under OUT/).
    Render {
        /// The plan (TOML, or JSON if it ends in .json).
        #[arg(long, default_value = "examples/seed-farm.toml")]
        plan: PathBuf,
        /// Where the files go.
        #[arg(long, default_value = "rendered")]
        out: PathBuf,
        /// Only this node's files, written straight under OUT (`--node host01 --out /` writes in place).
        #[arg(long)]
        node: Option<String>,
        /// Replace files that farmgen did not generate.
        #[arg(long)]
        overwrite_foreign: bool,
        /// Allow a render that changes or removes more than a third of the lines generated before.
        #[arg(long)]
        accept_large_change: bool,
        /// Print a unified diff of what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print how long each phase took (and the plan's bare parse, timed apart), on stderr.
        #[arg(long)]
        timings: bool,
    },
    /// Render into a temporary folder and run every installed checker on every file.
    Check {
        /// The plan (TOML, or JSON if it ends in .json).
        #[arg(long, default_value = "examples/seed-farm.toml")]
        plan: PathBuf,
    },
    /// Write the addresses and MACs the allocator chose into the plan, keeping its comments and layout.
    Pin {
        /// The plan (TOML, or JSON if it ends in .json).
        #[arg(long, default_value = "examples/seed-farm.toml")]
        plan: PathBuf,
    },
    /// Print the JSON Schema of a plan, for editors.
    Schema,
    /// Parse the plan with the format's bare parser and print how long it took, in milliseconds: the floor
    /// `render --timings` compares a render with, in a fresh process as a one-off parse would run.
    #[command(hide = true)]
    BareParse {
        /// The plan (TOML, or JSON if it ends in .json).
        #[arg(long)]
        plan: PathBuf,
    },
    /// Print a synthetic plan, for tests and benchmarks.
    Synth {
        /// How many VMs (at most 8,000,000: the synthetic VM network is at most a /9).
        #[arg(long, value_parser = synth::vms)]
        vms: usize,
        /// How many nodes.
        #[arg(long, default_value_t = 1)]
        nodes: usize,
        /// The format to print.
        #[arg(long, value_enum, default_value_t = synth::OutputFormat::Toml)]
        format: synth::OutputFormat,
    },
}

/// How a command failed, and so the exit status.
#[derive(Debug)]
enum Failure {
    /// The plan or the usage is wrong: exit 2, nothing written.
    Plan(String),
    /// Anything else: exit 1.
    Other(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render {
            plan,
            out,
            node,
            overwrite_foreign,
            accept_large_change,
            dry_run,
            timings,
        } => render::run(&render::Request {
            plan: workspace::resolve(plan),
            out: workspace::resolve_out(out),
            node,
            overwrite_foreign,
            accept_large_change,
            dry_run,
            timings,
        }),
        Command::Check { plan } => check::run(&workspace::resolve(plan)),
        Command::Pin { plan } => pin::run(&workspace::resolve(plan)),
        Command::Synth { vms, nodes, format } => synth::run(vms, nodes, format),
        Command::BareParse { plan } => render::print_bare_parse(&plan),
        Command::Schema => serde_json::to_string_pretty(&farm_model::schema())
            .map_err(|e| Failure::Other(e.to_string()))
            .and_then(|text| render::print(&format!("{text}\n"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Plan(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
