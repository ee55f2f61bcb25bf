//! `farmgen synth`: a synthetic plan on standard output.

use std::io::Write as _;

use crate::Failure;

/// The formats a synthetic plan is printed in.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

pub fn run(vms: usize, nodes: usize, format: OutputFormat) -> Result<(), Failure> {
    let plan = farm_model::synth(vms, nodes);
    let text = match format {
        OutputFormat::Toml => toml::to_string(&plan).map_err(|e| Failure::Other(e.to_string()))?,
        OutputFormat::Json => {
            serde_json::to_string_pretty(&plan).map_err(|e| Failure::Other(e.to_string()))? + "\n"
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Failure::Other(format!("standard output: {e}")))
}
