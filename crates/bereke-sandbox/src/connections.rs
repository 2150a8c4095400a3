//! Accepting and serving connections, with the limits a server on a network
//! needs: at most [`ConnectionLimits::max_connections`] at once, a deadline
//! for each request's head, and an idle timeout.
//!
//! Without them (as the red-team review found) 10,000 slow or idle
//! connections held 340 MB, and 1,100 idle ones used up the file
//! descriptors and locked every real request out.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Semaphore};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// Connections over the limit being answered 503 at once; more are closed
/// without an answer.
const MAX_REFUSALS: usize = 64;

/// Limits on the connections the sandbox serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a request's head (request line and headers) may take to
    /// arrive, counted from when the server starts waiting for it: a new
    /// connection that sends nothing and a kept-alive connection between
    /// two requests are closed after this too.
    pub header_read_timeout: Duration,
    /// A connection on which no byte has been read or written for this
    /// long is closed (a body that stops arriving, an answer nobody reads).
    pub idle_timeout: Duration,
    /// Connections served at once; one more is answered
    /// `503 Service Unavailable` and closed at once.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// What a request may ask of the connection it came on: injected faults
/// reset it instead of answering.
#[derive(Debug, Clone, Default)]
pub struct ConnectionHandle(Arc<AtomicBool>);

impl ConnectionHandle {
    /// Makes the connection end with a TCP reset instead of writing the
    /// answer (the answer of the current request is never sent).
    pub fn reset(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn reset_requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Serves `router` on `listener` until `shutdown` fires, then closes idle
/// connections and waits for the others to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: oneshot::Receiver<()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let refusals = Arc::new(Semaphore::new(MAX_REFUSALS));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, most often: wait for some to
                    // be released rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            tracing::warn!(
                max = limits.max_connections,
                "connection limit reached; answering 503"
            );
            // Answering takes up to a second; a flood beyond what can be
            // answered is closed at once, so it cannot use up descriptors.
            if let Ok(refusal) = Arc::clone(&refusals).try_acquire_owned() {
                tokio::spawn(async move {
                    refuse(stream).await;
                    drop(refusal);
                });
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let handle = ConnectionHandle::default();
        let io = TokioIo::new(Watched::new(stream, limits.idle_timeout, handle.clone()));
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(handle.clone());
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Answers a connection over the limit and closes it, within a second.
///
/// The answer waits for the request's first bytes (a client may take an
/// answer that comes before its request for a broken connection), and the
/// rest of the request is read after it (closing with unread data would
/// reset the connection before the client reads the answer).
async fn refuse(mut stream: TcpStream) {
    const ANSWER: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
        content-type: text/plain\r\ncontent-length: 20\r\nconnection: close\r\n\r\n\
        too many connections";
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.read(&mut buf).await?;
        stream.write_all(ANSWER).await?;
        stream.shutdown().await?;
        while stream.read(&mut buf).await? > 0 {}
        io::Result::Ok(())
    })
    .await;
}

/// A TCP stream that fails with `TimedOut` when no byte has moved for the
/// idle timeout, and is reset (RST, not FIN) when its [`ConnectionHandle`]
/// asks for it.
struct Watched {
    stream: TcpStream,
    idle: Duration,
    /// When a byte last moved.
    active_at: Instant,
    /// Armed for `idle` after some earlier activity; it may fire early, and
    /// is then moved to `active_at + idle` (see [`Watched::poll_idle`]).
    deadline: Pin<Box<Sleep>>,
    handle: ConnectionHandle,
}

impl Watched {
    fn new(stream: TcpStream, idle: Duration, handle: ConnectionHandle) -> Self {
        Watched {
            stream,
            idle,
            active_at: Instant::now(),
            deadline: Box::pin(tokio::time::sleep(idle)),
            handle,
        }
    }

    /// Records activity. Only the time is noted: moving the timer at every
    /// read and write cost more than anything else the connection did.
    fn touch(&mut self) {
        self.active_at = Instant::now();
    }

    /// Pending until the idle deadline, then the error that closes the connection.
    fn poll_idle<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        while self.deadline.as_mut().poll(cx).is_ready() {
            let due = self.active_at + self.idle;
            if due <= Instant::now() {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "connection idle for too long",
                )));
            }
            // Bytes moved since the timer was armed: wait for the rest.
            self.deadline.as_mut().reset(due);
        }
        Poll::Pending
    }

    /// When a reset was asked for: zero linger (so closing sends RST) and
    /// the error that makes the server drop the connection unanswered.
    fn check_reset(&self) -> io::Result<()> {
        if self.handle.reset_requested() {
            let _ = self.stream.set_zero_linger();
            return Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "connection reset by fault injection",
            ));
        }
        Ok(())
    }

    fn written(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match polled {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.touch();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => self.poll_idle(cx),
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    this.touch();
                }
                Poll::Ready(result)
            }
            Poll::Pending => this.poll_idle(cx),
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check_reset()?;
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.written(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check_reset()?;
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.written(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check_reset()?;
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check_reset()?;
        Pin::new(&mut this.stream).poll_shutdown(cx)
    }
}
