use clap::Parser;
use coda::cli::{Cli, run};
use std::path::PathBuf;
use std::process::ExitCode;

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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => run(command),
        // Until the window lands, the app shows the sample project's figures.
        None => match sample_project() {
            Some(path) => {
                println!("Sample project: {}\n", path.display());
                run(coda::cli::Command::Stats { file: path })
            }
            None => Err(coda::cli::CliError(
                "the bundled sample project was not found".into(),
            )),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("coda: {error}");
            ExitCode::FAILURE
        }
    }
}
