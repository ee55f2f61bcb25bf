//! The command line: its flags ([`Cli`], [`Command`]), and what each command runs ([`run`]).
//!
//! Paths on the command line are relative to the current folder. Without `--plan` the plan is `farm.toml`
//! and without `--out` the output is `rendered/`, both in the current folder; another front end (the
//! repository's `cargo xtask`) runs the same commands with its own [`Defaults`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand};

use crate::Failure;

/// Render every daemon's configuration of a VM farm from one plan.
///
/// One plan (TOML, or JSON) describes the nodes, networks, VMs, forwards and sites; farmgen checks it as a
/// whole and writes BIND zones and named.conf, ISC dhcpd, Shorewall, nginx, ifupdown and /etc/hosts, and
/// the Ganeti commands that create the VMs, for every node. Exit status: 0 done; 2 a bad plan or bad usage
/// (nothing written); 1 anything else (I/O, a refusal to overwrite, a lock, a checker).
#[derive(Debug, Parser)]
#[command(name = "farmgen", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The plan a command reads.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArg {
    /// The plan (TOML, or JSON if its name ends in .json) [default: farm.toml]
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,
}

/// `farmgen render`'s flags.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// The plan.
    #[command(flatten)]
    pub plan: PlanArg,
    /// Where the files go: OUT/<node>/ for every node; with --node, that node's files straight under OUT
    /// (`--node host01 --out /` writes in place) [default: rendered, and rendered/<node> with --node]
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Only this node's files.
    #[arg(long, value_name = "NODE")]
    pub node: Option<String>,
    /// Replace files that farmgen did not generate.
    #[arg(long)]
    pub overwrite_foreign: bool,
    /// Allow a render that changes or removes more than a third of the lines generated before.
    #[arg(long)]
    pub accept_large_change: bool,
    /// Print a unified diff of what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print how long each phase took, on standard error.
    #[arg(long)]
    pub timings: bool,
}

/// `farmgen apply`'s flags.
#[derive(Debug, Clone, clap::Args)]
pub struct ApplyArgs {
    /// The plan.
    #[command(flatten)]
    pub plan: PlanArg,
    /// The node this is.
    #[arg(long, value_name = "NODE")]
    pub node: String,
    /// The node's root: its live files are ROOT/etc/...
    #[arg(long, value_name = "ROOT", default_value = "/")]
    pub root: PathBuf,
    /// Print the diff and the reloads it would do, and do nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before changing the node (needed without a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Replace files that farmgen did not generate.
    #[arg(long)]
    pub overwrite_foreign: bool,
    /// Allow a change of more than a third of the lines generated before.
    #[arg(long)]
    pub accept_large_change: bool,
    /// A TOML file of the commands that check, reload and probe each daemon, replacing systemd's
    /// (`[nginx] reload = "..."`; daemons named, dhcpd, kea, shorewall, shorewall6, radvd, nginx,
    /// network; actions check, reload, reconfig, running).
    #[arg(long, value_name = "FILE")]
    pub services: Option<PathBuf>,
    /// Print how long each phase took, on standard error.
    #[arg(long)]
    pub timings: bool,
}

/// `farmgen synth`'s flags.
#[derive(Debug, Clone, clap::Args)]
pub struct SynthArgs {
    /// How many VMs (at most 8,000,000: the synthetic VM network is at most a /9).
    #[arg(long, value_parser = crate::synth::vms)]
    pub vms: usize,
    /// How many nodes.
    #[arg(long, default_value_t = 1)]
    pub nodes: usize,
    /// The format to print.
    #[arg(long, value_enum, default_value_t = crate::synth::OutputFormat::Toml)]
    pub format: crate::synth::OutputFormat,
}

/// `farmgen import`'s flags.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The folder the node's files lie under as under `/` (`/` on the node itself).
    #[arg(long, value_name = "ROOT")]
    pub root: PathBuf,
    /// The node's name, when its files do not say which A record is its own.
    #[arg(long, value_name = "NODE")]
    pub node: Option<String>,
}

/// The commands.
#[derive(Debug, Clone, Subcommand)]
#[non_exhaustive]
pub enum Command {
    /// Render every file of every node under OUT/<node>/ (with --node, that node's files under OUT/).
    Render(RenderArgs),
    /// Bring this node up to the plan: render, check as installed, swap the changed files in, reload the
    /// daemons whose files changed and probe them; on any refusal, put the old files back.
    Apply(ApplyArgs),
    /// Render into a temporary folder and run every installed daemon's checker on every file.
    Check(PlanArg),
    /// Write the addresses and MACs the allocator chose into the plan, keeping its comments and layout.
    Pin(PlanArg),
    /// Print a synthetic plan, for tests and benchmarks.
    Synth(SynthArgs),
    /// Print a plan of a farm built by hand, from a node's files under ROOT; notes on what it leaves out.
    Import(ImportArgs),
    /// Print the JSON Schema of a plan, for editors.
    Schema,
    /// Print a completion script for a shell (bash, elvish, fish, powershell, zsh).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man -l -` or /usr/local/share/man/man1/farmgen.1.
    Man,
}

/// What a front end fills in where the command line leaves something out.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The plan without `--plan`.
    pub plan: PathBuf,
    /// The output folder without `--out`.
    pub out: PathBuf,
    /// How a person runs `pin`, said in the note about unpinned values.
    pub pin_command: String,
    /// Whether `render --timings` also measures the floors (a bare parse in a fresh process, which needs the
    /// front end's hidden `bare-parse` command, and in the render's own process).
    pub floors: bool,
}

impl Default for Defaults {
    /// `farm.toml` and `rendered/` in the current folder.
    fn default() -> Defaults {
        Defaults {
            plan: PathBuf::from("farm.toml"),
            out: PathBuf::from("rendered"),
            pin_command: "farmgen pin".to_owned(),
            floors: false,
        }
    }
}

/// The `farmgen` binary: parses the command line, runs it, and says how it went.
pub fn main() -> ExitCode {
    run(Cli::parse().command, &Defaults::default())
}

/// Runs `command` and returns its exit status, having printed its messages.
pub fn run(command: Command, defaults: &Defaults) -> ExitCode {
    let plan = |arg: PlanArg| arg.plan.unwrap_or_else(|| defaults.plan.clone());
    let result = match command {
        Command::Render(args) => {
            let out = match (args.out, &args.node) {
                (Some(out), _) => out,
                (None, Some(node)) => defaults.out.join(node),
                (None, None) => defaults.out.clone(),
            };
            crate::render::run(&crate::render::Request {
                plan: plan(args.plan),
                out,
                node: args.node,
                overwrite_foreign: args.overwrite_foreign,
                accept_large_change: args.accept_large_change,
                dry_run: args.dry_run,
                timings: args.timings,
                floors: args.timings && defaults.floors,
                pin_command: defaults.pin_command.clone(),
            })
        }
        Command::Apply(args) => crate::apply::run(&crate::apply::Request {
            plan: plan(args.plan),
            node: args.node,
            root: args.root,
            dry_run: args.dry_run,
            yes: args.yes,
            overwrite_foreign: args.overwrite_foreign,
            accept_large_change: args.accept_large_change,
            services: args.services,
            timings: args.timings,
        }),
        Command::Check(arg) => crate::check::run(&plan(arg)),
        Command::Pin(arg) => crate::pin::run(&plan(arg)),
        Command::Synth(args) => crate::synth::run(args.vms, args.nodes, args.format),
        Command::Import(args) => crate::import::run(&args.root, args.node.as_deref()),
        Command::Schema => serde_json::to_string_pretty(&farm_model::schema())
            .map_err(|e| Failure::Other(e.to_string()))
            .and_then(|text| crate::render::print(&format!("{text}\n"))),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "farmgen", &mut out);
            print_bytes(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure::Other(e.to_string()))
                .and_then(|()| print_bytes(&out))
        }
    };
    exit(result)
}

/// Writes `bytes` to standard output; a closed pipe ends printing quietly.
fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    crate::render::print(&String::from_utf8_lossy(bytes))
}

/// Prints a failure's message and gives its exit status.
pub fn exit(result: Result<(), Failure>) -> ExitCode {
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
