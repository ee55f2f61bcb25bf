//! `farmgen synth`: a synthetic plan on standard output.

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
    crate::render::print(&text)
}

/// The most VMs `farm_model::synth` makes (it cuts a larger count; the command line refuses it).
const MAX_VMS: usize = 8_000_000;

/// Parses `--vms`: a count of at most [`MAX_VMS`].
pub fn vms(text: &str) -> Result<usize, String> {
    let vms: usize = text.parse().map_err(|e| format!("{e}"))?;
    if vms > MAX_VMS {
        return Err(format!(
            "at most {MAX_VMS} VMs (the synthetic VM network is at most a /9)"
        ));
    }
    Ok(vms)
}
