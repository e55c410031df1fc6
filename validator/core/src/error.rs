//! Infrastructure errors: a file that cannot be read or parsed, a bad configuration. These
//! are never rule findings; each has its own code (`validator::io`, ...).

use std::path::PathBuf;

use crate::source::Pos;

/// Everything that can stop a run, or make a single input unusable.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("cannot read `{}`: {cause}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// A Rust (or SQL) file does not parse; the other files are still checked.
    #[error("cannot parse `{}`: {cause}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where the parser stopped.
        pos: Pos,
        /// The parser's message.
        cause: String,
    },
    /// `validator.toml` or a command-line rule option is wrong.
    #[error("invalid configuration{}: {cause}", path.as_ref().map(|p| format!(" in `{}`", p.display())).unwrap_or_default())]
    Config {
        /// The config file, or `None` for a command-line option.
        path: Option<PathBuf>,
        /// Where in the file, when known.
        pos: Option<Pos>,
        /// What is wrong.
        cause: String,
    },
    /// Nothing to check: a path does not exist or holds no Rust file.
    #[error("{cause}")]
    Input {
        /// What is missing.
        cause: String,
    },
}

impl Error {
    /// The stable code of the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "validator::io",
            Error::Parse { .. } => "validator::parse",
            Error::Config { .. } => "validator::config",
            Error::Input { .. } => "validator::input",
        }
    }

    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. } | Error::Parse { path, .. } => Some(path),
            Error::Config { path, .. } => path.as_deref(),
            Error::Input { .. } => None,
        }
    }

    /// The position in that file, if any.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Error::Parse { pos, .. } => Some(*pos),
            Error::Config { pos, .. } => *pos,
            _ => None,
        }
    }
}
