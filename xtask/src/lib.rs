//! The part of `cargo xtask` that other targets use: folders opened without following links ([`dir`]),
//! the lock of an output tree ([`lock`]), who owns a new file ([`owner`]), reading a plan file bounded
//! ([`plan_file`]), writing a render's trees in place ([`write`]), and printing to a pipe that may close
//! ([`output`]); a library so that its benchmark (`cargo bench -p xtask`) runs the very code a render runs.
#![deny(missing_docs)]

pub mod dir;
pub mod lock;
pub mod output;
pub mod owner;
pub mod plan_file;
pub mod write;
