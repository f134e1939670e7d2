use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "coda",
    version,
    about = "Coda: a workbench for qualitative coding, inter-coder agreement and merging",
    long_about = "Coda: a workbench for qualitative coding, inter-coder agreement and merging.\n\n\
                  Without a command, Coda opens its window on the most recent project (the bundled \
                  sample project the first time). The other commands work on project files (.ron) \
                  without a window."
)]
struct Args {
    #[command(subcommand)]
    command: Option<TopCommand>,
}

#[derive(Debug, Subcommand)]
enum TopCommand {
    /// Open a project file in the Coda window.
    Open {
        /// The project file (.ron).
        file: PathBuf,
    },
    #[command(flatten)]
    Cli(coda::cli::Command),
}

/// The bundled sample project: next to the binary when installed, else in the source tree.
fn sample_project() -> Option<PathBuf> {
    let name = "central-asia-cve.ron";
    let beside_exe = std::env::current_exe().ok().and_then(|exe| {
        exe.parent()
            .map(|dir| dir.join("sample_projects").join(name))
    });
    let in_tree = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects")
        .join(name);
    beside_exe.into_iter().chain([in_tree]).find(|p| p.exists())
}

/// A command whose output is piped into a reader that stops early (`coda search … | head`) ends
/// quietly, as Unix tools do, instead of panicking on the closed pipe (Rust ignores SIGPIPE).
/// Files are written through the safe writer (a new file renamed into place), so ending there
/// never leaves a half-written project. Not for the window: a closed socket must not end it.
fn end_quietly_when_output_is_closed() {
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Some(TopCommand::Cli(command)) => {
            end_quietly_when_output_is_closed();
            coda::cli::run(command).map_err(|e| e.to_string())
        }
        Some(TopCommand::Open { file }) => {
            if !file.exists() {
                Err(format!("{}: no such file", file.display()))
            } else {
                coda::ui::run(Some(file), sample_project())
            }
        }
        None => coda::ui::run(None, sample_project()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("coda: {error}");
            ExitCode::FAILURE
        }
    }
}
