//! The farm plan: read, check, allocate, and render every file of every node.
//!
//! This crate is a placeholder in the workspace layout of ARCHITECTURE.md; its types come with a later change.
#![deny(missing_docs)]
