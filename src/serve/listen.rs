//! Taking connections so that slow or idle clients cannot exhaust the portal: a bound on the
//! connections open at once, a time limit on a request's headers that also closes idle
//! connections, and (in [`super::routes::router`]) time limits on bodies and whole requests.
//!
//! The connections are hyper's own (`http1::Builder` with its timer and
//! `header_read_timeout`), watched by hyper-util's graceful shutdown; the bound is a
//! semaphore permit taken before each `accept` and held by the connection's task, so the
//! portal never holds more sockets than the bound, and clients beyond it wait in the
//! kernel's queue until a connection closes — instead of the process running out of file
//! descriptors, when SQLite could no longer open its files either.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::throttle;

/// The time limits and bounds of a running portal. [`ServerLimits::default`] is what
/// `zakrila serve` uses; tests shorten them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerLimits {
    /// A request's headers must arrive whole within this time from the moment the server
    /// waits for them — on a new connection, and between the requests of a kept-alive one,
    /// so an idle connection is closed after it too.
    pub header_timeout: Duration,
    /// The longest silence while a request's body is read.
    pub body_timeout: Duration,
    /// The longest a whole request may take, body and answer included (a trickling body
    /// that never falls silent for long is stopped here).
    pub request_timeout: Duration,
    /// The most connections open at once (fewer when the process may open few files: see
    /// [`ServerLimits::connection_bound`]).
    pub max_connections: usize,
    /// The spacing of login attempts.
    pub login: throttle::Policy,
}

impl Default for ServerLimits {
    /// Headers within 10 s (and idle connections closed after 10 s), no body silent for
    /// 30 s, no request longer than 10 minutes, at most 512 connections (a browser keeps
    /// up to six to a site: 40 institutions and the secretary at once take some 250).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let limits = zakrila::serve::listen::ServerLimits::default();
    /// assert_eq!(limits.header_timeout, Duration::from_secs(10));
    /// assert_eq!(limits.max_connections, 512);
    /// ```
    fn default() -> ServerLimits {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            // A 20 MB file at 0.5 Mbit/s takes about 5.5 minutes.
            request_timeout: Duration::from_secs(600),
            max_connections: 512,
            login: throttle::Policy::default(),
        }
    }
}

/// File descriptors kept for the database, its journal, the listener and the rest.
const RESERVED_FILES: u64 = 64;

impl ServerLimits {
    /// The connections allowed at once: [`ServerLimits::max_connections`], but on Linux
    /// never more than half of the files the process may open beyond a reserve — so a
    /// flood of sockets never leaves the database without a file descriptor.
    pub fn connection_bound(&self) -> usize {
        let wanted = self.max_connections.max(1);
        match open_files_limit() {
            Some(files) => {
                let room = files.saturating_sub(RESERVED_FILES) / 2;
                wanted.min(usize::try_from(room).unwrap_or(usize::MAX).max(1))
            }
            None => wanted,
        }
    }
}

/// The process's soft limit of open files, where the system has one to ask.
#[cfg(target_os = "linux")]
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the struct it is given, which lives here.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &raw mut limit) };
    (status == 0 && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

#[cfg(not(target_os = "linux"))]
fn open_files_limit() -> Option<u64> {
    None
}

/// How long a stopping portal waits for the requests in flight (an upload being committed)
/// before it exits.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish (up to 30 s).
///
/// # Errors
///
/// Never, today: a failed `accept` (a client gone, no file descriptor left) is waited out
/// and the loop goes on. The result is for the caller's `?`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &ServerLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let bound = limits.connection_bound();
    let connections = Arc::new(Semaphore::new(bound));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut full_said = false;
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, address) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                // A client that left before it was taken, or no file descriptor left: wait
                // a moment (other connections close meanwhile) and take the next.
                if !full_said {
                    eprintln!("accept: {err}");
                    full_said = true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        full_said = false;
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(address));
                request
            });
        let connection = builder.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(service.map_err(|never: Infallible| never)),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's end (a client gone, a timeout) is no error of the portal's.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_leaves_files_for_the_database() {
        let limits = ServerLimits::default();
        let bound = limits.connection_bound();
        assert!((1..=512).contains(&bound));
        if let Some(files) = open_files_limit() {
            assert!(bound as u64 * 2 + RESERVED_FILES <= files.max(RESERVED_FILES + 2));
        }
    }
}
