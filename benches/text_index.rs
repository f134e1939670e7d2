//! Char ↔ byte conversion on a 10 MB document: building the index once, then single lookups
//! anywhere in the text (the figure that matters for painting, selecting and exporting).

use coda::model::{CharRange, Text};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// About 10 MB of mixed Latin, Cyrillic and Kazakh text with curly quotes and dashes.
fn ten_megabytes() -> String {
    let paragraph = "Labour migrants in Russia — “often isolated” — are reached online. \
                     Трудовые мигранты в России уязвимы для вербовки. Қазақстан жастары. ";
    let mut text = String::with_capacity(10_500_000);
    while text.len() < 10_000_000 {
        text.push_str(paragraph);
        text.push('\n');
    }
    text
}

fn bench(c: &mut Criterion) {
    let content = ten_megabytes();
    c.bench_function("index build, 10 MB", |b| {
        b.iter(|| {
            let text = Text::new(content.clone());
            black_box(text.char_len())
        })
    });
    let text = Text::new(content.clone());
    let chars = text.char_len();
    // Offsets spread over the whole text, visited in a scattered order.
    let offsets: Vec<usize> = (0..1000u64)
        .map(|i| ((i * 7_919_993) % chars as u64) as usize)
        .collect();
    c.bench_function("char→byte, 1000 lookups, 10 MB", |b| {
        b.iter(|| {
            offsets
                .iter()
                .map(|&o| text.byte_of_char(o).unwrap())
                .sum::<usize>()
        })
    });
    let bytes: Vec<usize> = offsets
        .iter()
        .map(|&o| text.byte_of_char(o).unwrap())
        .collect();
    c.bench_function("byte→char, 1000 lookups, 10 MB", |b| {
        b.iter(|| {
            bytes
                .iter()
                .map(|&o| text.char_of_byte(o).unwrap())
                .sum::<usize>()
        })
    });
    c.bench_function("slice 200 chars, 1000 times, 10 MB", |b| {
        b.iter(|| {
            offsets
                .iter()
                .map(|&o| {
                    text.slice(CharRange::new(o.min(chars - 200), o.min(chars - 200) + 200))
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
