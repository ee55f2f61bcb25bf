//! radvd-conf's integration tests: a farm's configuration through `radvd -c` and advertised for real,
//! random values and configurations round-tripped, SLAAC addresses against their inverse, every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod farm;
mod properties;
mod refusals;
