//! Logging: where the server's messages go, and from which severity.

use crate::{Error, FilePath};

/// Where log messages go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LogOutput {
    /// Standard output (what a service manager collects).
    Stdout,
    /// Standard error.
    Stderr,
    /// syslog.
    Syslog,
    /// A file (Kea rotates it itself; 2.6.3 and later only under `/var/log/kea` or `KEA_LOG_FILE_DIR`).
    File(FilePath),
}

impl LogOutput {
    fn as_str(&self) -> &str {
        match self {
            LogOutput::Stdout => "stdout",
            LogOutput::Stderr => "stderr",
            LogOutput::Syslog => "syslog",
            LogOutput::File(path) => path.as_str(),
        }
    }

    fn parse(text: &str) -> Result<LogOutput, Error> {
        Ok(match text {
            "stdout" => LogOutput::Stdout,
            "stderr" => LogOutput::Stderr,
            "syslog" => LogOutput::Syslog,
            path => LogOutput::File(FilePath::new(path)?),
        })
    }
}

/// The lowest severity logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// `FATAL`.
    Fatal,
    /// `ERROR`.
    Error,
    /// `WARN`.
    Warn,
    /// `INFO`: Kea's default, one line per lease given.
    Info,
    /// `DEBUG` (at debug level 0).
    Debug,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "FATAL",
            Severity::Error => "ERROR",
            Severity::Warn => "WARN",
            Severity::Info => "INFO",
            Severity::Debug => "DEBUG",
        }
    }

    fn parse(text: &str) -> Result<Severity, Error> {
        Ok(match text {
            "FATAL" => Severity::Fatal,
            "ERROR" => Severity::Error,
            "WARN" => Severity::Warn,
            "INFO" => Severity::Info,
            "DEBUG" => Severity::Debug,
            _ => {
                return Err(Error::Unsupported {
                    what: "severity",
                    value: text.to_owned(),
                });
            }
        })
    }
}

/// The `kea-dhcp4` logger (the root of every logger of the server): one output, one severity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Logger {
    output: LogOutput,
    severity: Severity,
}

/// The logger's name: the server's root logger.
const ROOT: &str = "kea-dhcp4";

impl Logger {
    /// Logs from `severity` up to `output`.
    pub fn new(output: LogOutput, severity: Severity) -> Logger {
        Logger { output, severity }
    }

    /// Where.
    pub fn output(&self) -> &LogOutput {
        &self.output
    }

    /// From which severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    name: String,
    // Kea 2.2 reads only this spelling (2.6 also reads `output-options`).
    output_options: Vec<WireOutput>,
    severity: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WireOutput {
    output: String,
}

impl serde::Serialize for Logger {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            name: ROOT.to_owned(),
            output_options: vec![WireOutput {
                output: self.output.as_str().to_owned(),
            }],
            severity: self.severity.as_str().to_owned(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Logger {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Logger, D::Error> {
        use serde::de::Error as _;
        let w = Wire::deserialize(d)?;
        if w.name != ROOT {
            return Err(D::Error::custom(Error::Unsupported {
                what: "logger",
                value: w.name,
            }));
        }
        let [output] = <[WireOutput; 1]>::try_from(w.output_options).map_err(|_| {
            D::Error::custom(Error::Unsupported {
                what: "number of outputs",
                value: "other than 1".to_owned(),
            })
        })?;
        Ok(Logger {
            output: LogOutput::parse(&output.output).map_err(D::Error::custom)?,
            severity: Severity::parse(&w.severity).map_err(D::Error::custom)?,
        })
    }
}
