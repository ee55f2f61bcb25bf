//! farmgen, the command line: one typed plan of a small VM farm in, every daemon's configuration out.
//!
//! This crate does the I/O and the flags; `farm-model` reads the plan, checks it and renders the files.
//! [`cli`] is the command line (the `farmgen` binary is [`cli::main`]); [`write`] writes a render's tree
//! atomically, a library so that its benchmark (`cargo bench -p farmgen`) runs the very code a render runs.
//!
//! Exit status: 0 done; 2 a bad plan or bad usage (nothing written); 1 anything else.
#![deny(missing_docs)]
#![allow(clippy::print_stdout, reason = "a command line prints")]

mod check;
pub mod cli;
pub mod import;
mod pin;
mod render;
mod synth;
pub mod write;

pub use render::print_bare_parse;

/// How a command failed, and so the exit status.
#[derive(Debug)]
#[non_exhaustive]
pub enum Failure {
    /// The plan or the usage is wrong: exit 2, nothing written.
    Plan(String),
    /// Anything else: exit 1.
    Other(String),
}
