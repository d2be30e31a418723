//! The one way commands print: into a buffered standard output whose errors come back as values.
//! A closed pipe (`| head -1`) ends the command quietly with exit 0; any other write error (a full
//! disk, `>/dev/full`) exits 2 with the OS message. Nothing here panics, unlike `println!`.
use std::io::{self, BufWriter, Stdout, Write};

/// Standard output, buffered; flush it (and check the result) before exiting.
pub(crate) type Out = BufWriter<Stdout>;

/// A fresh buffered standard output.
pub(crate) fn stdout() -> Out {
    BufWriter::new(io::stdout())
}

/// Whether `error` is, or was caused by, writing into a closed pipe.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Writes a line to standard error; a closed standard error is ignored (there is nowhere left to
/// report it).
pub(crate) fn note(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "{message}");
}
