//! farmgen, the command line: one typed plan of a small VM farm in, every daemon's configuration out.
//!
//! This crate does the I/O and the flags; `farm-model` reads the plan, checks it and renders the files.
//! [`cli`] is the command line (the `farmgen` binary is [`cli::main`]). The rest is what writing in place
//! is made of, public so that its benchmark (`cargo bench -p farmgen`) runs the very code a render runs:
//! folders opened without following links ([`dir`]), the lock of an output tree ([`lock`]), who owns a new
//! file ([`owner`]), reading a plan file bounded ([`plan_file`]), writing a render's trees in place
//! ([`write`]), and printing to a pipe that may close ([`output`]).
//!
//! Exit status: 0 done; 2 a bad plan or bad usage (nothing written); 1 anything else.
#![deny(missing_docs)]
#![allow(clippy::print_stdout, reason = "a command line prints")]

mod apply;
mod check;
pub mod cli;
pub mod dir;
pub mod import;
pub mod lock;
pub mod output;
pub mod owner;
mod pin;
pub mod plan_file;
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
