//! nginx-site's integration tests: the reference site through `nginx -t`, random and many servers, a site
//! served for real in front of a backend, and every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;
mod refusals;
mod tls;
