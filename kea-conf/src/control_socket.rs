//! The control socket, through which `keactrl` and the Kea API talk to the server.

use crate::{Error, FilePath};

/// The most bytes a Unix socket path holds (`sun_path` is 108 bytes with its NUL).
const MAX_SOCKET_PATH: usize = 107;

/// `control-socket`: a Unix socket at a path of at most 107 bytes.
///
/// Kea 2.6.3 and later refuse a socket outside their socket folder (`/run/kea`, or
/// `KEA_CONTROL_SOCKET_DIR`): `/run/kea/kea4-ctrl-socket` suits every version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ControlSocket {
    path: FilePath,
}

impl ControlSocket {
    /// A Unix socket at `path`; refuses a path too long for a socket address (Kea accepts it in `-t` and
    /// fails when it starts).
    pub fn unix(path: FilePath) -> Result<ControlSocket, Error> {
        if path.as_str().len() > MAX_SOCKET_PATH {
            return Err(Error::SocketPathTooLong {
                path: path.to_string(),
            });
        }
        Ok(ControlSocket { path })
    }

    /// The socket's path.
    pub fn path(&self) -> &FilePath {
        &self.path
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Wire {
    socket_type: String,
    socket_name: FilePath,
}

impl serde::Serialize for ControlSocket {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            socket_type: "unix".to_owned(),
            socket_name: self.path.clone(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for ControlSocket {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ControlSocket, D::Error> {
        let w = Wire::deserialize(d)?;
        if w.socket_type != "unix" {
            return Err(serde::de::Error::custom(Error::Unsupported {
                what: "socket-type",
                value: w.socket_type,
            }));
        }
        ControlSocket::unix(w.socket_name).map_err(serde::de::Error::custom)
    }
}
