//! ganeti's tests with the repository (out of the package): the reference farm's commands, and the script
//! through a real shell with hostile values. The refusals are in tests/api/.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;
