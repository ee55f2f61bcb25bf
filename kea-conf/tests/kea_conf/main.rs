//! kea-conf's integration tests: farm-like configurations through `kea-dhcp4 -t` and leased for real,
//! random values and configurations round-tripped, and every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod farm;
mod properties;
mod refusals;
