//! `zakrila serve`: the contributions round in a browser (spec: portal.md).
//!
//! A thin web layer over the same library the command line uses ([`crate::api`]): an
//! upload is validated by [`crate::api::validate`], the marked-up copy is
//! [`crate::api::annotate`], the merge is [`crate::api::merge`] and
//! [`crate::api::programme_workbook`], so the portal and the commands give the same bytes
//! for the same files. Everything is kept in one SQLite database ([`store`]).
//!
//! - [`institution`]: the pages and uploads behind each institution's personal link;
//! - [`secretary`]: login, the dashboard, review, merge, links and letters;
//! - [`council`]: the council's documents beside the workbooks, and `programme.md` edited
//!   section by section, every version kept;
//! - [`plan`]: the rule of what a merge takes ([`crate::round`]) over the kept versions,
//!   and the pages before the merge and before the reporting round;
//! - [`decide`]: the secretary's decision on a held version, and files received by e-mail;
//! - [`http`]: what every answer shares (errors in both languages as HTML or JSON, the
//!   request log, security headers, downloads with Cyrillic names);
//! - [`pages`]: the templates; [`auth`]: tokens, passwords, sessions;
//! - [`throttle`]: the spacing of login attempts; [`origin`]: requests from other sites;
//!   [`listen`]: connections, their time limits and their bound.

mod audit;
pub mod auth;
mod confirm;
mod council;
mod dashboard;
mod decide;
pub mod error;
mod exports;
mod extract;
pub mod http;
mod institution;
mod links;
pub mod listen;
mod login;
pub mod mail;
mod merge;
pub mod origin;
pub mod pages;
mod plan;
pub mod quota;
mod report_views;
mod reporting;
mod rounds;
mod routes;
pub mod session;
pub mod store;
pub mod throttle;
mod upload;
mod versions;
mod words;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Semaphore;

use crate::catalogue::{Lang, Phrase};
use crate::config::Programme;
use crate::read::Limits;

use store::{Store, StoreError};

/// How the portal is started.
#[derive(Clone, Debug)]
pub struct Options {
    /// The data folder (created on first start).
    pub data: PathBuf,
    /// Where to listen; port 0 picks a free one.
    pub listen: SocketAddr,
    /// What links start with; by default `http://` and the listen address.
    pub base_url: Option<String>,
    /// The file-size limit of uploads, in megabytes (limits.md).
    pub max_file_mb: u32,
    /// The language of what the server prints.
    pub lang: Lang,
    /// Time limits, the connection bound and the login spacing.
    pub limits: listen::ServerLimits,
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The shared state behind [`AppState`].
pub struct Shared {
    programme: Programme,
    store: Mutex<Store>,
    env: minijinja::Environment<'static>,
    /// At most one validation (or merge) per core at once.
    pool: Arc<Semaphore>,
    /// At most this many upload bodies held in memory at once (four per core): a burst of
    /// large files waits at the door instead of filling the memory.
    uploads: Arc<Semaphore>,
    limits: Limits,
    max_file_mb: u32,
    /// How much one personal link may send in a day.
    quota: quota::Quota,
    base_url: String,
    /// Whether cookies carry `Secure` (the base URL is https).
    secure_cookies: bool,
    /// The base URL is this computer's own (loopback): no institution can open the links,
    /// so the dashboard offers no letters or reminders and takes files by hand instead.
    loopback: bool,
    throttle: throttle::Throttle,
    /// The current reporting round's programme, read once.
    round: Mutex<Option<Arc<rounds::RoundData>>>,
    /// The portal's e-mail: none without `[mail]`, or on this computer only.
    mail: Option<mail::Mailer>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl Shared {
    /// The store, for a short query. A poisoned lock (a panic while holding it) still
    /// gives the store: SQLite's transactions keep the data consistent.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The personal link of a token.
    fn link(&self, token: &str) -> String {
        format!("{}/i/{token}", self.base_url)
    }

    /// The largest upload in bytes.
    fn max_upload_bytes(&self) -> u64 {
        u64::from(self.max_file_mb) << 20
    }

    /// The configured institution names, in config order.
    fn institution_names(&self) -> Vec<&str> {
        self.programme
            .institutions
            .iter()
            .map(|institution| institution.name.as_str())
            .collect()
    }
}

/// Why the server could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data folder or database cannot be used.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address cannot be listened on.
    #[error("cannot listen on {address}: {}", .source.kind())]
    Listen {
        /// The address.
        address: SocketAddr,
        /// Why, as the system said.
        #[source]
        source: std::io::Error,
    },
    /// The operating system gave no randomness or the password could not be hashed.
    #[error(transparent)]
    Secret(#[from] auth::SecretError),
    /// `ZAKRILA_ADMIN_PASSWORD` is shorter than [`auth::MIN_PASSWORD_CHARS`].
    #[error(
        "ZAKRILA_ADMIN_PASSWORD has {chars} characters, fewer than {}",
        auth::MIN_PASSWORD_CHARS
    )]
    PasswordTooShort {
        /// The characters it has.
        chars: usize,
    },
    /// The server could not start its runtime or connections, or stopped with an I/O error.
    #[error("{doing}")]
    Io {
        /// What it was doing.
        doing: &'static str,
        /// Why, as the system said.
        #[source]
        source: std::io::Error,
    },
}

impl ServeError {
    fn io(doing: &'static str) -> impl FnOnce(std::io::Error) -> ServeError {
        move |source| ServeError::Io { doing, source }
    }
}

/// Opens the store and makes sure the secretary can get in: from `ZAKRILA_ADMIN_PASSWORD`
/// when no password is set yet (refused when shorter than [`auth::MIN_PASSWORD_CHARS`]),
/// otherwise with a one-time setup link printed on stderr (and returned).
fn prepare_store(options: &Options, base_url: &str) -> Result<(Store, Option<String>), ServeError> {
    let mut store = Store::open(&options.data)?;
    // `zakrila links` without --base-url gives the links this portal hands out.
    store.set_setting(BASE_URL_SETTING, base_url)?;
    let mut setup_link = None;
    if store.setting(session::PASSWORD_SETTING)?.is_some() {
        if std::env::var_os("ZAKRILA_ADMIN_PASSWORD").is_some_and(|value| !value.is_empty()) {
            eprintln!(
                "{}",
                Phrase::AdminPasswordIgnored {
                    data: &options.data
                }
                .render(options.lang)
            );
        }
    } else {
        match std::env::var("ZAKRILA_ADMIN_PASSWORD") {
            Ok(password) if !password.is_empty() => {
                let chars = password.chars().count();
                if chars < auth::MIN_PASSWORD_CHARS {
                    return Err(ServeError::PasswordTooShort { chars });
                }
                let hash = auth::hash_password(&password)?;
                store.set_password(&store::PasswordChange {
                    password_key: session::PASSWORD_SETTING,
                    hash: &hash,
                    setup_key: session::SETUP_SETTING,
                    setup: None,
                    end_sessions: false,
                    session: None,
                    actor: "system",
                    detail: Some("ZAKRILA_ADMIN_PASSWORD"),
                })?;
            }
            _ => {
                let token = auth::new_token().map_err(auth::SecretError::from)?;
                store.set_setting(session::SETUP_SETTING, &auth::sha256_hex(token.as_bytes()))?;
                let link = format!("{base_url}/setup/{token}");
                eprintln!("{}", Phrase::SetupLink { link: &link }.render(options.lang));
                setup_link = Some(link);
            }
        }
    }
    Ok((store, setup_link))
}

/// What a started portal tells whoever started it, once it listens.
#[derive(Clone, Debug)]
pub struct Ready {
    /// Where the portal answers, e.g. `http://127.0.0.1:8080`.
    pub url: String,
    /// The one-time link to choose the secretary's password, when there is none yet.
    pub setup_link: Option<String>,
}

/// Makes the state for a programme and an open store.
pub fn state(
    programme: Programme,
    store: Store,
    max_file_mb: u32,
    base_url: String,
    login: throttle::Policy,
) -> AppState {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let quota = quota::Quota::of(&programme.portal, max_file_mb);
    let loopback = is_loopback_url(&base_url);
    let mail = mail::Mailer::of(&programme, loopback);
    AppState(Arc::new(Shared {
        programme,
        store: Mutex::new(store),
        env: pages::environment(),
        pool: Arc::new(Semaphore::new(cores)),
        uploads: Arc::new(Semaphore::new(cores * 4)),
        limits: Limits::for_file_mb(max_file_mb),
        quota,
        max_file_mb,
        secure_cookies: base_url.to_ascii_lowercase().starts_with("https://"),
        loopback,
        base_url,
        throttle: throttle::Throttle::new(login),
        round: Mutex::new(None),
        mail,
    }))
}

/// Runs the portal until Ctrl+C (or SIGTERM).
///
/// # Errors
///
/// When the data folder, the database or the address cannot be used.
pub fn run(programme: Programme, options: &Options) -> Result<(), ServeError> {
    run_with(programme, options, |_| {})
}

/// [`run`], calling `on_ready` once the portal listens (to open a browser on it).
///
/// # Errors
///
/// When the data folder, the database or the address cannot be used.
pub fn run_with(
    programme: Programme,
    options: &Options,
    on_ready: impl FnOnce(&Ready),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::io("the server's runtime could not start"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| ServeError::Listen {
                address: options.listen,
                source,
            })?;
        let address = listener
            .local_addr()
            .map_err(ServeError::io("the listening address could not be read"))?;
        let base_url = options
            .base_url
            .clone()
            .unwrap_or_else(|| default_base_url(address))
            .trim_end_matches('/')
            .to_string();
        let (store, setup_link) = prepare_store(options, &base_url)?;
        let state = state(
            programme,
            store,
            options.max_file_mb,
            base_url.clone(),
            options.limits.login,
        );
        eprintln!(
            "{}",
            Phrase::Listening {
                url: &base_url,
                data: &options.data
            }
            .render(options.lang)
        );
        mail::start(&state, options.lang);
        on_ready(&Ready {
            url: base_url,
            setup_link,
        });
        let app = routes::router(state, &options.limits);
        listen::serve(listener, app, &options.limits, shutdown_signal())
            .await
            .map_err(ServeError::io("the server stopped"))
    })
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// The setting holding the base URL the portal last served with.
pub const BASE_URL_SETTING: &str = "base_url";

/// What links start with when the portal never ran on a data folder and none is given.
pub const FALLBACK_BASE_URL: &str = "http://127.0.0.1:8080";

/// The base URL of a portal listening on `address` with no `--base-url`: the address
/// itself, except that a portal listening on every interface (`0.0.0.0`, `::`) is reached
/// at this machine's network address, which institutions on the network can open.
fn default_base_url(address: SocketAddr) -> String {
    let shown = if address.ip().is_unspecified() {
        SocketAddr::new(
            network_address(address).unwrap_or_else(|| {
                if address.is_ipv4() {
                    std::net::Ipv4Addr::LOCALHOST.into()
                } else {
                    std::net::Ipv6Addr::LOCALHOST.into()
                }
            }),
            address.port(),
        )
    } else {
        address
    };
    format!("http://{shown}")
}

/// This machine's address on its network: the one its packets to the outside would leave
/// from. Asked of the operating system by aiming a UDP socket at a documentation address
/// (no packet is sent); none when there is no route (no network).
fn network_address(listen: SocketAddr) -> Option<std::net::IpAddr> {
    let (local, probe): (SocketAddr, SocketAddr) = if listen.is_ipv4() {
        (
            (std::net::Ipv4Addr::UNSPECIFIED, 0).into(),
            (std::net::Ipv4Addr::new(192, 0, 2, 1), 9).into(),
        )
    } else {
        (
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into(),
            (std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 9).into(),
        )
    };
    let socket = std::net::UdpSocket::bind(local).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Whether a base URL points at this computer only (`localhost`, `127.x.x.x`, `::1`), so
/// that no institution can open the links that start with it.
///
/// # Examples
///
/// ```
/// use zakrila::serve::is_loopback_url;
/// assert!(is_loopback_url("http://127.0.0.1:8080"));
/// assert!(is_loopback_url("http://localhost:8080/"));
/// assert!(is_loopback_url("http://[::1]:8080"));
/// assert!(!is_loopback_url("http://192.168.1.20:8080"));
/// assert!(!is_loopback_url("https://zakrila.ruse.bg"));
/// ```
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `zakrila links`: every institution's personal link (created when missing), starting
/// with `base_url`, or when none is given with the base URL the portal last served with.
/// Gives the links and the base URL used (and whether it was the portal's own).
///
/// # Errors
///
/// When the store cannot be used or there is no randomness.
pub fn links(
    programme: &Programme,
    data: &Path,
    base_url: Option<&str>,
) -> Result<Links, ServeError> {
    let mut store = Store::open(data)?;
    let (base_url, source) = match base_url {
        Some(given) => (given.to_string(), BaseUrlSource::Given),
        None => match store.setting(BASE_URL_SETTING)? {
            Some(served) => (served, BaseUrlSource::LastServed),
            None => (FALLBACK_BASE_URL.to_string(), BaseUrlSource::NeverServed),
        },
    };
    let base_url = base_url.as_str();
    let names: Vec<&str> = programme
        .institutions
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    let mut failure = None;
    let links = store.links(&names, || {
        auth::new_token().unwrap_or_else(|err| {
            failure = Some(err);
            String::new()
        })
    });
    if let Some(err) = failure {
        return Err(auth::SecretError::from(err).into());
    }
    let base = base_url.trim_end_matches('/');
    Ok(Links {
        links: links?
            .into_iter()
            .map(|(institution, token)| (institution, format!("{base}/i/{token}")))
            .collect(),
        loopback: is_loopback_url(base),
        base_url: base.to_string(),
        source,
    })
}

/// Where the base URL of `zakrila links` came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseUrlSource {
    /// `--base-url`.
    Given,
    /// The base URL the portal last served with.
    LastServed,
    /// The portal never ran on this data folder: [`FALLBACK_BASE_URL`].
    NeverServed,
}

/// What `zakrila links` prints.
#[derive(Clone, Debug)]
pub struct Links {
    /// (institution, personal link), in config order.
    pub links: Vec<(String, String)>,
    /// What the links start with.
    pub base_url: String,
    /// Where that came from.
    pub source: BaseUrlSource,
    /// Whether the links work only on this computer.
    pub loopback: bool,
}

/// `zakrila password`: a new secretary's password for the portal in `data`, while it runs
/// or not; every session ends, and the audit log says so.
///
/// # Errors
///
/// When there is no portal database in `data`, the store cannot be written, or the
/// password cannot be hashed.
pub fn set_password(data: &Path, password: &str) -> Result<(), ServeError> {
    if !data.join(store::DATABASE_FILE).is_file() {
        return Err(ServeError::Store(StoreError::NoDatabase {
            path: data.to_path_buf(),
        }));
    }
    let hash = auth::hash_password(password)?;
    let mut store = Store::open(data)?;
    store.set_password(&store::PasswordChange {
        password_key: session::PASSWORD_SETTING,
        hash: &hash,
        setup_key: session::SETUP_SETTING,
        setup: None,
        end_sessions: true,
        session: None,
        actor: "system",
        detail: Some("zakrila password"),
    })?;
    Ok(())
}

/// `zakrila backup`: a consistent copy of the whole database (records and files) while the
/// server may be running.
///
/// # Errors
///
/// When the store cannot be opened or the copy written.
pub fn backup(data: &Path, target: &Path) -> Result<(), ServeError> {
    if !data.join(store::DATABASE_FILE).is_file() {
        return Err(ServeError::Store(StoreError::NoDatabase {
            path: data.to_path_buf(),
        }));
    }
    let store = Store::open(data)?;
    // Into a new file beside the target, renamed over it when complete: a copy is never
    // half written, and an older copy of that name stays until the new one is whole.
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder_error = |err: std::io::Error| {
        ServeError::Store(StoreError::Folder {
            path: folder.to_path_buf(),
            reason: (&err).into(),
        })
    };
    let temp = tempfile::Builder::new()
        .prefix(".zakrila-backup-")
        .tempfile_in(folder)
        .map_err(folder_error)?;
    store.backup_to(temp.path())?;
    temp.persist(target)
        .map_err(|err| folder_error(err.error))?;
    Ok(())
}
