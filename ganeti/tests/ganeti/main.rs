//! ganeti's integration tests: the reference farm's commands, the script through a real shell with hostile
//! values, and every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;
mod refusals;
