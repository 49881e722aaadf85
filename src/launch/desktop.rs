//! The start with no arguments — a double-click on `zakrila.exe` in the unpacked release
//! folder: the portal ([`crate::serve`]) for the programme beside the program, with its
//! data in a folder beside the program, on a loopback port, and the browser opened on it.
//!
//! The programme is `programme.toml` in the program's folder; without one, the first
//! sample in `samples/*/programme.toml` (the release ships the Ruse one), whose data is
//! kept apart, so that trying the sample never mixes with the municipality's round:
//!
//! | config | data folder |
//! | --- | --- |
//! | `programme.toml` beside the program | `zakrila-данни` |
//! | `samples/<name>/programme.toml` | `zakrila-данни-пример` |
//!
//! The port is 8080 when it is free (so the address stays the same from one start to the
//! next), otherwise any free one. Without a secretary's password the browser opens the
//! one-time link to choose it.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};

use crate::catalogue::{Lang, Msg, StartMsg, Started};
use crate::commands::{CommandError, EXIT_CANNOT_RUN, EXIT_OK};
use crate::system::{SystemError, Trouble};

/// The data folder for the municipality's own `programme.toml`.
pub const DATA_FOLDER: &str = "zakrila-данни";
/// The data folder for a sample's programme.
pub const SAMPLE_DATA_FOLDER: &str = "zakrila-данни-пример";
/// The port tried first.
const PREFERRED_PORT: u16 = 8080;

/// Starts the portal from the program's folder and runs it until Ctrl+C; the exit status.
pub fn start(lang: Lang) -> u8 {
    match run(lang) {
        Ok(()) => EXIT_OK,
        Err(StartError::Command(err)) => {
            // Said for a start without options: the portal's advice names none.
            let msg = match &err {
                CommandError::Portal(failure) => Msg::PortalFailed {
                    trouble: crate::commands::portal_trouble(failure),
                    started: Started::DoubleClick,
                },
                other => other.msg(),
            };
            eprintln!("{}", msg.render(lang));
            err.status()
        }
        Err(StartError::Said(msg)) => {
            eprintln!("{msg}");
            EXIT_CANNOT_RUN
        }
    }
}

/// Why the portal did not start.
#[derive(Debug, thiserror::Error)]
enum StartError {
    /// Said already in the catalogue's words.
    #[error("{0}")]
    Said(String),
    /// The config or the portal failed as the commands' would.
    #[error(transparent)]
    Command(CommandError),
}

impl From<crate::config::ConfigError> for StartError {
    fn from(err: crate::config::ConfigError) -> StartError {
        StartError::Command(err.into())
    }
}

impl From<crate::serve::ServeError> for StartError {
    fn from(err: crate::serve::ServeError) -> StartError {
        StartError::Command(err.into())
    }
}

fn run(lang: Lang) -> Result<(), StartError> {
    let say = |msg: StartMsg<'_>| eprintln!("{}", msg.render(lang));
    say(StartMsg::Starting {
        version: env!("CARGO_PKG_VERSION"),
    });
    let folder = program_folder()
        .map_err(|trouble| StartError::Said(StartMsg::NoFolder { trouble }.render(lang)))?;
    let Some((config, sample)) = find_config(&folder) else {
        return Err(StartError::Said(
            StartMsg::NoConfig { folder: &folder }.render(lang),
        ));
    };
    say(StartMsg::Config {
        path: &config,
        sample,
    });
    let programme = crate::config::Programme::load(&config)?;
    let data = folder.join(if sample {
        SAMPLE_DATA_FOLDER
    } else {
        DATA_FOLDER
    });
    let mut options = crate::serve::Options {
        data,
        listen: loopback_address(),
        base_url: None,
        max_file_mb: crate::read::DEFAULT_FILE_MB,
        lang,
        limits: crate::serve::listen::ServerLimits::default(),
    };
    let ready = |ready: &crate::serve::Ready| {
        let page = ready.setup_link.as_deref().unwrap_or(&ready.url);
        if ready.setup_link.is_some() {
            say(StartMsg::ChoosePassword);
        }
        if super::console::open_browser(page) {
            say(StartMsg::Opening { url: page });
        } else {
            say(StartMsg::OpenYourself { url: page });
        }
        say(StartMsg::HowToStop);
    };
    match crate::serve::run_with(programme.clone(), &options, ready) {
        // The preferred port was taken between the look and the start: any free one.
        Err(crate::serve::ServeError::Listen { .. }) if options.listen.port() != 0 => {
            options.listen.set_port(0);
            crate::serve::run_with(programme, &options, ready)?;
        }
        result => result?,
    }
    Ok(())
}

/// The folder the program is in (links resolved).
fn program_folder() -> Result<PathBuf, Trouble> {
    let exe = std::env::current_exe().map_err(|err| SystemError::from(&err).trouble)?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let folder = exe.parent().ok_or(Trouble::NotFound)?;
    Ok(simplified(folder))
}

/// A path as people read it: on Windows without the `\\?\` that canonicalising adds.
fn simplified(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    match text.strip_prefix(r"\\?\") {
        Some(rest) if !rest.starts_with("UNC\\") => PathBuf::from(rest),
        _ => path.to_path_buf(),
    }
}

/// The programme to serve from `folder`: its `programme.toml`, else the first sample's
/// (by folder name); and whether it is a sample.
pub fn find_config(folder: &Path) -> Option<(PathBuf, bool)> {
    let own = folder.join("programme.toml");
    if own.is_file() {
        return Some((own, false));
    }
    let mut samples: Vec<PathBuf> = std::fs::read_dir(folder.join("samples"))
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("programme.toml"))
        .filter(|config| config.is_file())
        .collect();
    samples.sort();
    samples.into_iter().next().map(|config| (config, true))
}

/// 127.0.0.1:8080 when it is free, else 127.0.0.1 with a port the system picks.
fn loopback_address() -> SocketAddr {
    let preferred = SocketAddr::from((Ipv4Addr::LOCALHOST, PREFERRED_PORT));
    match TcpListener::bind(preferred) {
        Ok(_) => preferred,
        Err(_) => SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_programme_comes_before_a_sample() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find_config(dir.path()), None);
        for sample in ["ruse-2025", "haskovo-2019"] {
            std::fs::create_dir_all(dir.path().join("samples").join(sample)).unwrap();
            std::fs::write(
                dir.path()
                    .join("samples")
                    .join(sample)
                    .join("programme.toml"),
                "",
            )
            .unwrap();
        }
        assert_eq!(
            find_config(dir.path()),
            Some((dir.path().join("samples/haskovo-2019/programme.toml"), true))
        );
        std::fs::write(dir.path().join("programme.toml"), "").unwrap();
        assert_eq!(
            find_config(dir.path()),
            Some((dir.path().join("programme.toml"), false))
        );
    }

    #[test]
    fn windows_verbatim_prefix_is_dropped() {
        assert_eq!(
            simplified(Path::new(r"\\?\C:\Users\Секретар\zakrila")),
            PathBuf::from(r"C:\Users\Секретар\zakrila")
        );
        assert_eq!(
            simplified(Path::new("/opt/zakrila")),
            PathBuf::from("/opt/zakrila")
        );
    }
}
