//! `cargo xtask`: the farmgen command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Render every daemon's configuration of a farm from one plan.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render the farm's files under OUT/<node>/.
    Render,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"error: rendering a plan is not implemented yet (issue: farm-model, part 2)\n",
            );
            ExitCode::from(1)
        }
    }
}
